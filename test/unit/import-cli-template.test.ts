/** `dondoc import --template ref=id`: the chosen template wins over the rules; an impossible choice exits 2 naming the task. */
import { describe, expect, it } from 'vitest';
import { importCommand, runImport, type ImportCliOptions } from '../../cli/import';

const PLAN = 'plans/3322-QD-UBND-2024-thua-thien-hue.txt';

async function run(opts: ImportCliOptions) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runImport(
    PLAN,
    { directory: 'config/agencies.json', dryRun: true, json: true, ...opts },
    { out: (l) => out.push(l), err: (l) => err.push(l) },
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

type Assigned = { ref: string; template: { id: string; version: number }; name: string; reason: string };
const templateOf = (out: string, ref: string) => (JSON.parse(out).preview.templates as Assigned[]).find((t) => t.ref === ref);

describe('dondoc import --template', () => {
  it('follows the chosen template for that task only, over its rules', async () => {
    const byRules = await run({});
    expect(templateOf(byRules.out, '1.1.6')).toMatchObject({ name: 'Kế hoạch kiểm tra hằng năm' });
    const chosen = await run({ template: ['1.1.6=nhiem-vu-ke-hoach@1'] });
    expect(chosen.code, chosen.err).toBe(0);
    expect(templateOf(chosen.out, '1.1.6')).toEqual({
      ref: '1.1.6',
      template: { id: 'nhiem-vu-ke-hoach', version: 1 },
      name: 'Nhiệm vụ trong kế hoạch',
      reason: 'Chọn trực tiếp khi nhập kế hoạch',
    });
    const others = (out: string) => (JSON.parse(out).preview.templates as Assigned[]).filter((t) => t.ref !== '1.1.6');
    expect(others(chosen.out)).toEqual(others(byRules.out));
  });

  it('exits 2 naming the task for an unknown task, an unknown or one-stop template, and a malformed choice', async () => {
    const cases: [string, string][] = [
      ['9.9.9=nhiem-vu-ke-hoach', '--template: Nhiệm vụ 9.9.9 không có trong tệp kế hoạch.'],
      ['1.1.6=khong-co-mau', '--template: Không có mẫu “khong-co-mau” để áp dụng cho nhiệm vụ 1.1.6.'],
      ['1.1.6=ho-so-mot-cua-118', 'dành cho hồ sơ thủ tục hành chính, không áp dụng cho nhiệm vụ 1.1.6'],
      ['1.1.6', '--template: “1.1.6” không đúng dạng mã-nhiệm-vụ=mã-mẫu'],
    ];
    for (const [choice, message] of cases) {
      const { code, out, err } = await run({ template: [choice] });
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err).toContain(message);
    }
  });

  it('is an option of the command, repeatable', () => {
    const option = importCommand().options.find((o) => o.long === '--template');
    expect(option?.description).toContain('repeatable');
  });
});
