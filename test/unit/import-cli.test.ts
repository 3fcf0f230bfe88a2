/** `dondoc import`: dry-run output, exit codes, and refusing to start with errors. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { importCommand, runImport, type ImportCliOptions } from '../../cli/import';

async function run(file: string, opts: ImportCliOptions) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runImport(file, { directory: 'config/agencies.json', ...opts }, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('dondoc import', () => {
  it('--dry-run --json prints { plan, tasks, problems, preview } and exits 0 for a file without errors', async () => {
    const { code, out, err } = await run('plans/3322-QD-UBND-2024-thua-thien-hue.txt', { dryRun: true, json: true });
    expect(code).toBe(0);
    expect(err).toBe('');
    const parsed = JSON.parse(out);
    expect(Object.keys(parsed)).toEqual(['plan', 'tasks', 'problems', 'preview']);
    expect(parsed.preview.messages).toBeGreaterThan(0);
    expect(parsed.plan.id).toBe('3322-qd-ubnd-2024');
    expect(parsed.tasks).toHaveLength(38);
    expect(parsed.problems.every((p: { severity: string }) => p.severity === 'warning')).toBe(true);
  });

  it('--dry-run shows the template each task would follow: the specific ones by their rules, the generic one for the rest', async () => {
    const { code, out } = await run('plans/3322-QD-UBND-2024-thua-thien-hue.txt', { dryRun: true, json: true });
    expect(code).toBe(0);
    const { templates, templateProblems } = JSON.parse(out).preview as { templates: { ref: string; name: string; reason: string }[]; templateProblems: unknown[] };
    expect(templateProblems).toEqual([]);
    expect(templates).toHaveLength(38);
    const names = new Set(templates.map((t) => t.name));
    expect(names.has('Nhiệm vụ trong kế hoạch')).toBe(true);
    expect(names.size).toBeGreaterThan(1);
    expect(templates.find((t) => t.ref === '1.1.6')).toMatchObject({ name: 'Kế hoạch kiểm tra hằng năm' });
    const text = (await run('plans/3322-QD-UBND-2024-thua-thien-hue.txt', { dryRun: true })).out;
    expect(text).toContain('Mẫu theo dõi áp dụng cho từng nhiệm vụ:');
    expect(text).toMatch(/Kế hoạch kiểm tra hằng năm: \d+ nhiệm vụ \(1\.1\.6/);
  });

  it('--dry-run prints a Vietnamese summary, and exits 2 when the file has errors', async () => {
    const { code, out, err } = await run('plans/tuy-phuoc-cchc-2024.txt', { dryRun: true });
    expect(code).toBe(2);
    expect(out).toContain('88 nhiệm vụ trong 9 lĩnh vực:');
    expect(out).toContain('  Cải cách thủ tục hành chính: 12');
    expect(out).toMatch(/1\.duy-tri\.7\.1 +\| Xây dựng Kế hoạch và tổ chức đối thoại với tổ c… \| Phòng Kinh tế và Hạ tầng +\| 31\/10\/2024 +\| Hoàn thành trước tháng 11\/2024/);
    expect(out).toContain('[lỗi] tuy-phuoc-cchc-2024.txt, dòng 166, cột "Cơ quan thực hiện": Không nhận ra cơ quan chủ trì: "đơn vị sự ngành thuộc huyện"');
    expect(err).toContain('Tệp có 1 lỗi');
    expect((await run('plans/tuy-phuoc-cchc-2024.txt', { dryRun: true, acceptProblems: true })).code).toBe(0);
  });

  it('starts nothing when the file has errors and --accept-problems is missing', async () => {
    const { code, out, err } = await run('plans/tuy-phuoc-cchc-2024.txt', {});
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('Không khởi chạy gì: tệp có 1 lỗi');
    expect(err).toContain('dòng 166');
  });

  it('exits 2 with the reasons when the file cannot be imported at all', async () => {
    const missing = await run('plans/khong-co.csv', { dryRun: true });
    expect(missing).toMatchObject({ code: 2, err: 'Không tìm thấy tệp "plans/khong-co.csv".' });
    const noFacts = await run('plans/template.csv', { dryRun: true });
    expect(noFacts.code).toBe(2);
    expect(noFacts.err).toContain('template.csv: Không tìm thấy tên kế hoạch trong tệp; hãy cho biết bằng --title.');
    const withFacts = await run('plans/template.csv', { dryRun: true, json: true, title: 'Kế hoạch mẫu', year: 2025, jurisdiction: 'thua-thien-hue' });
    expect(withFacts.code).toBe(0);
    expect(JSON.parse(withFacts.out).plan).toMatchObject({ id: 'kh-mau-thua-thien-hue-2025', title: 'Kế hoạch mẫu', year: 2025 });
  });

  it('is registered in the dondoc program with its options', () => {
    const command = importCommand();
    expect(command.name()).toBe('import');
    expect(command.options.map((o) => o.long)).toEqual([
      '--dry-run',
      '--json',
      '--accept-problems',
      '--number',
      '--year',
      '--issued-on',
      '--jurisdiction',
      '--title',
      '--id',
      '--directory',
      '--mode',
      '--column',
      '--template',
    ]);
    const child = spawnSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'import', 'plans/tuy-phuoc-cchc-2024.txt', '--dry-run', '--json', '--directory', 'config/agencies.json'], {
      encoding: 'utf8',
    });
    expect(child.status).toBe(2);
    expect(JSON.parse(child.stdout).tasks).toHaveLength(88);
  });
});
