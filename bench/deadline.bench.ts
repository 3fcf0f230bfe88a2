/**
 * Deadline parser throughput over the real "Thời gian" cells of seeds 001 and 002, read from the
 * plan files and parsed over and over. Run: node --import tsx bench/deadline.bench.ts
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseDeadline } from '../domain/deadline';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Seed 001 (text export of a table): the time cell is the one just before each budget cell. */
function seed001Cells(): string[] {
  const lines = readFileSync(`${root}plans/3322-QD-UBND-2024-thua-thien-hue.txt`, 'utf8').split('\n');
  const budget = /^(?:Theo dự toán ngân sách hàng năm|[\d.,]+)? ?\|$/;
  const first = lines.findIndex((l) => l.startsWith('8-Kinh phí'));
  const cells: string[] = [];
  for (let k = first + 1; k < lines.length - 1; k++) {
    const line = lines[k] as string;
    if (line.startsWith('Quyết định 3322')) break;
    if (budget.test(lines[k + 1] as string) && !budget.test(line) && !/^\|+$/.test(line)) cells.push(line.replace(/ \|$/, ''));
  }
  return cells;
}

/** Seed 002 (tab-separated): column 5 is "Thời gian thực hiện". */
function seed002Cells(): string[] {
  return readFileSync(`${root}plans/tuy-phuoc-cchc-2024.txt`, 'utf8')
    .split('\n')
    .map((line) => line.split('\t')[4])
    .filter((cell): cell is string => cell !== undefined && cell !== '' && cell !== 'Thời gian thực hiện');
}

function measure(phrases: { text: string; planYear: number }[], rounds: number): number {
  const started = performance.now();
  let sink = 0;
  for (let r = 0; r < rounds; r++) {
    for (const { text, planYear } of phrases) sink += parseDeadline(text, { planYear }).milestones.length;
  }
  const elapsed = performance.now() - started;
  if (sink < 0) console.log(sink);
  return elapsed;
}

const phrases = [
  ...seed001Cells().map((text) => ({ text, planYear: 2025 })),
  ...seed002Cells().map((text) => ({ text, planYear: 2024 })),
];
const rounds = Number(process.env.ROUNDS ?? 2000);
measure(phrases, 200); // warm-up
const elapsed = measure(phrases, rounds);
const total = phrases.length * rounds;
const perSecond = Math.round(total / (elapsed / 1000));
console.log(`seed phrases: ${phrases.length} (seed 001: ${phrases.filter((p) => p.planYear === 2025).length}, seed 002: ${phrases.filter((p) => p.planYear === 2024).length})`);
console.log(`parsed ${total.toLocaleString('en-US')} phrases in ${elapsed.toFixed(0)} ms`);
console.log(`${perSecond.toLocaleString('en-US')} phrases/s (${((elapsed * 1000) / total).toFixed(1)} µs per phrase)`);
