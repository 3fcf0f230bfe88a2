/** `dondoc parse-deadline`, run as other tools run it: `node cli/bin.js …` from the repository root. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ScheduleSchema } from '../../domain/schedule';

const root = fileURLToPath(new URL('../..', import.meta.url));

function run(args: string[], input = ''): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['cli/bin.js', 'parse-deadline', ...args], { cwd: root, input, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('dondoc parse-deadline <text>', () => {
  it('prints one JSON object with the schedule', () => {
    const { code, stdout } = run(['--year', '2025', 'Quý II, III']);
    expect(code).toBe(0);
    const lines = jsonLines(stdout);
    expect(lines).toHaveLength(1);
    const schedule = ScheduleSchema.parse(lines[0]);
    expect(schedule).toMatchObject({
      text: 'Quý II, III',
      kind: 'milestones',
      due: '2025-09-30',
      milestones: ['2025-06-30', '2025-09-30'],
      recurrence: null,
      parts: [],
    });
    expect(schedule.explanation).toContain('hạn cuối: 30/09/2025');
  });

  it('uses --issued-on for "kể từ ngày ký" and joins unquoted words', () => {
    const issued = jsonLines(run(['--year', '2025', '--issued-on', '2024-12-25', 'trong vòng 30 ngày kể từ ngày ký']).stdout)[0];
    expect(issued).toMatchObject({ kind: 'once', due: '2025-01-24' });
    const unquoted = jsonLines(run(['--year', '2025', 'Trước', 'ngày', '15/01']).stdout)[0];
    expect(unquoted).toMatchObject({ text: 'Trước ngày 15/01', due: '2025-01-14' });
  });

  it('fails with a Vietnamese message when --year is missing or wrong', () => {
    const missing = run(['Quý II']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('thiếu --year');
    const wrong = run(['--year', '20x5', 'Quý II']);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain('năm phải là một số nguyên từ 1900 đến 2199');
    const badDate = run(['--year', '2025', '--issued-on', '2024-02-30', 'Quý II']);
    expect(badDate.code).not.toBe(0);
    expect(badDate.stderr).toContain('YYYY-MM-DD');
  });
});

describe('dondoc parse-deadline --jsonl', () => {
  it('answers every line in order and reports bad lines by number without stopping', () => {
    const input = [
      JSON.stringify({ text: 'Quý II, III', planYear: 2025 }),
      'not json',
      '',
      JSON.stringify({ text: 42, planYear: 2025 }),
      JSON.stringify({ text: 'trong vòng 30 ngày kể từ ngày ký', planYear: 2025, issuedOn: '2024-12-25' }),
      JSON.stringify({ text: 'Hàng quý', planYear: 1800 }),
      JSON.stringify({ text: 'Hàng quý', planYear: 2025, issuedOn: '2024-02-30' }),
      JSON.stringify(['Quý II']),
      JSON.stringify({ text: '<p>- Thường xuyên</p> <p>- Hàng tháng</p>', planYear: 2024 }),
    ].join('\n');
    const { code, stdout } = run(['--jsonl'], `${input}\n`);
    expect(code).toBe(0);
    const out = jsonLines(stdout);
    expect(out).toHaveLength(8);
    expect(out[0]).toMatchObject({ kind: 'milestones', due: '2025-09-30' });
    expect(out[1]).toMatchObject({ line: 2 });
    expect(out[1]?.error).toMatch(/^Dòng 2: không phải JSON hợp lệ/);
    expect(out[2]).toEqual({ line: 4, error: 'Dòng 4: trường "text" bị thiếu hoặc không phải chuỗi.' });
    expect(out[3]).toMatchObject({ kind: 'once', due: '2025-01-24' });
    expect(out[4]).toEqual({ line: 6, error: 'Dòng 6: trường "planYear" phải là một số nguyên từ 1900 đến 2199.' });
    expect(out[5]).toEqual({ line: 7, error: 'Dòng 7: trường "issuedOn" phải là ngày dạng YYYY-MM-DD có thật.' });
    expect(out[6]?.error).toMatch(/^Dòng 8: cần một đối tượng JSON/);
    const multi = ScheduleSchema.parse(out[7]);
    expect(multi.kind).toBe('recurring');
    expect(multi.parts.map((p) => p.schedule.kind)).toEqual(['ongoing', 'recurring']);
    for (const line of [out[0], out[3], out[7]]) {
      for (const key of ['text', 'kind', 'due', 'milestones', 'recurrence', 'parts', 'explanation']) expect(line).toHaveProperty(key);
    }
  });

  it('takes --year as the plan year of lines that have none', () => {
    const { stdout } = run(['--jsonl', '--year', '2026'], `${JSON.stringify({ text: 'Quý I' })}\n${JSON.stringify({ text: 'Quý I', planYear: 2025 })}\n`);
    expect(jsonLines(stdout).map((o) => o.due)).toEqual(['2026-03-31', '2025-03-31']);
    const missing = run(['--jsonl'], `${JSON.stringify({ text: 'Quý I' })}\n`);
    expect(jsonLines(missing.stdout)).toEqual([{ line: 1, error: 'Dòng 1: thiếu trường "planYear" (và không có --year).' }]);
  });

  it('refuses a phrase on the command line together with --jsonl', () => {
    const { code, stderr } = run(['--jsonl', 'Quý II']);
    expect(code).toBe(1);
    expect(stderr).toContain('không truyền cụm từ trên dòng lệnh khi dùng --jsonl');
  });
});
