/**
 * Working-day calendar throughput: calls per second of isWorkingDay and addWorkingDays(…, 15),
 * and the cost of building the calendar from config/calendar (lunar dates included).
 * Run: node --import tsx bench/calendar.bench.ts
 */
import { performance } from 'node:perf_hooks';
import { addDays } from '../domain/dates';
import { loadCalendar } from '../domain/calendar/load';

const buildStart = performance.now();
const calendar = loadCalendar('');
const buildMs = performance.now() - buildStart;

const coldStart = performance.now();
calendar.isWorkingDay('2031-06-01'); // a year not filled yet: lunar dates + table
const coldYearMs = performance.now() - coldStart;

// Every day of 2024–2027, so the tables are filled before timing.
const dates = Array.from({ length: 4 * 365 }, (_, i) => addDays('2024-01-01', i));
for (const d of dates) calendar.addWorkingDays(d, 15);

function perSecond(label: string, call: (date: string) => unknown): void {
  let sink = 0;
  let calls = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < 1000) {
    for (const d of dates) {
      if (call(d)) sink++;
    }
    calls += dates.length;
    elapsed = performance.now() - started;
  }
  const rate = Math.round((calls / elapsed) * 1000);
  console.log(`${label.padEnd(34)} ${rate.toLocaleString('en-US').padStart(12)} calls/s  (${(1e6 / rate).toFixed(2)} µs/call, sink ${sink > 0 ? 'ok' : 'empty'})`);
}

console.log(`build from config/calendar          ${buildMs.toFixed(1)} ms`);
console.log(`first use of an unfilled year       ${coldYearMs.toFixed(1)} ms`);
perSecond('isWorkingDay', (d) => calendar.isWorkingDay(d));
perSecond('addWorkingDays(date, 15)', (d) => calendar.addWorkingDays(d, 15));
perSecond('addWorkingDays(date, -15)', (d) => calendar.addWorkingDays(d, -15));
const received = dates.map((d) => new Date(`${d}T09:30:00+07:00`));
let k = 0;
perSecond('processingDeadline(…, 15)', () => calendar.processingDeadline(received[k++ % received.length]!, 15));
