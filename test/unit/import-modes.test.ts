/**
 * A plan already under way: the two ways of starting it (track from today, import as history), as
 * the preview shows them and as the importer starts the workflows; the notices of a lead kept as
 * written go to the monitoring office.
 */
import { describe, expect, it } from 'vitest';
import { lateItems, previewTaskNotices } from '../../domain/catch-up';
import { importPlanText } from '../../domain/import';
import { DEFAULT_POLICY } from '../../domain/policy';
import { workingDaysFrom } from '../../domain/workdays';
import { previewImport, previewLines } from '../../worker/import-preview';
import { fingerprint, workflowStart } from '../../worker/import-runner';
import { importCommand } from '../../cli/import';
import { HA_SON } from '../support/province-directory';
import { readFileSync } from 'node:fs';
import { directoryFromStructure, StructureSchema } from '../../domain/structure';
import { DirectorySchema } from '../../domain/directory';
import { taskInput } from '../../worker/import-runner';

const csv = [
  'STT,Nhiệm vụ,Cơ quan chủ trì,Thời gian hoàn thành',
  '1,Rà soát văn bản quy phạm pháp luật,Sở Tư pháp,Trước ngày 31/3/2026',
  '2,Báo cáo kết quả cải cách hành chính,Sở Nội vụ,Hằng quý',
  '3,Tập huấn kỹ năng số cho cán bộ xã,UBND các xã,Tháng 6/2026',
  '4,Tổng kết kế hoạch,Văn phòng UBND tỉnh,Tháng 12/2027',
].join('\n');
const imported = importPlanText(csv, { directory: HA_SON, jurisdiction: 'ha-son', year: 2026, title: 'Kế hoạch cải cách hành chính năm 2026', file: 'kh.csv' });
const now = new Date('2026-11-26T10:00:00+07:00');

describe('the preview of a plan already under way', () => {
  it('counts what is already late: tasks, and items (checkpoints, periods)', () => {
    const preview = previewImport(imported, HA_SON, { now });
    expect(imported.tasks.map((t) => t.ref)).toEqual(['1.1', '2.1', '3.1', '4.1']);
    // 1 and 3 are late; of the quarterly duty, Q1–Q3 are late (Q4 is due 31/12).
    expect(preview.overdueTasks).toBe(3);
    expect(preview.overdueItems).toBe(5);
  });

  it('says what each choice would send now: tracked from today, one current notice per late item; as history, nothing', () => {
    const preview = previewImport(imported, HA_SON, { now });
    expect(preview.modes.track.messages).toBe(preview.messages);
    expect(preview.messages).toBeGreaterThan(0);
    expect(preview.modes.history).toEqual({ messages: 0, recipients: [] });
    // Each late item reaches each recipient once: the quarterly duty's three late quarters are three notices to its officer.
    const officer = preview.recipients.find((r) => r.name === 'Sở Nội vụ')!;
    expect(officer.messages).toBe(3);
    const lines = previewLines(preview);
    expect(lines[0]).toBe('3 nhiệm vụ đã quá hạn (5 mốc hoặc kỳ đã qua hạn). Chọn một trong hai cách nhập:');
    expect(lines[1]).toMatch(/^- Theo dõi từ hôm nay \(mặc định, --mode track\): gửi ngay \d+ thông báo/);
    expect(lines).toContain('- Nhập làm lịch sử (--mode history): chỉ ghi trạng thái để báo cáo, không gửi thông báo nào, kể cả sau này.');
  });

  it('names the monitoring office, asked to assign, for a lead kept as written', () => {
    const preview = previewImport(imported, HA_SON, { now });
    const names = preview.recipients.map((r) => r.name);
    expect(names).toContain('Văn phòng UBND tỉnh (cơ quan theo dõi: đề nghị phân công cơ quan chủ trì thay cho “UBND các xã”, chưa có trong danh bạ)');
    expect(names).not.toContain('UBND các xã');
    expect(preview.toAssign).toEqual([{ ref: '3.1', lead: ['UBND các xã'], office: 'Văn phòng UBND tỉnh' }]);
    expect(previewLines(preview).at(-1)).toBe(
      '1 nhiệm vụ có cơ quan chủ trì ghi theo văn bản, không có trong danh bạ: thông báo gửi Văn phòng UBND tỉnh để phân công (3.1: UBND các xã).',
    );
  });

  it('a plan not yet late offers no choice', () => {
    const future = importPlanText(csv.split('\n').filter((l, i) => i === 0 || l.startsWith('4,')).join('\n'), {
      directory: HA_SON,
      jurisdiction: 'ha-son',
      year: 2026,
      title: 'Kế hoạch',
      file: 'kh.csv',
    });
    const preview = previewImport(future, HA_SON, { now });
    expect(preview.overdueTasks).toBe(0);
    expect(previewLines(preview)).toEqual(['Chưa có nhiệm vụ nào quá hạn.', '- Theo dõi từ hôm nay (mặc định, --mode track): không có thông báo nào được gửi ngay.']);
  });

  it('a task previewed as history sends nothing, whatever its kind', () => {
    const calendar = workingDaysFrom({ from: '2025-06-01', to: '2027-12-31', holidays: [], makeUp: [] });
    const base = { leads: ['Sở Tư pháp'], policy: DEFAULT_POLICY, jurisdiction: 'ha-son', calendar, now, recurrence: [], planYear: 2026 };
    const once = { ...base, kind: 'once' as const, milestones: [{ label: 'hạn', due: '2026-03-31' }] };
    expect(previewTaskNotices(once).messages).toBeGreaterThan(0);
    expect(previewTaskNotices({ ...once, mode: 'history' }).messages).toBe(0);
    expect(previewTaskNotices({ ...base, kind: 'unspecified', milestones: [], mode: 'history' }).messages).toBe(0);
    expect(lateItems(once)).toBe(1);
    expect(lateItems({ ...base, kind: 'recurring', milestones: [], recurrence: [{ every: 'month' }] })).toBe(10);
  });
});

describe('starting the workflows as chosen', () => {
  const task = imported.tasks[0]!;

  it('as history: the input says so (the workflow then keeps statuses only), the memo too; the fingerprint is the task\'s content alone', () => {
    const history = workflowStart(imported.plan, task, HA_SON, { mode: 'history' });
    const track = workflowStart(imported.plan, task, HA_SON, { mode: 'track' });
    expect(history.input.importedAs).toBe('history');
    expect(history.memo).toMatchObject({ importedAs: 'history' });
    expect('importedAs' in track.input).toBe(false);
    expect('importedAs' in track.memo).toBe(false);
    expect(history.workflowId).toBe(track.workflowId);
    // Re-importing the same file the other way is "unchanged", not a revision.
    expect(history.fingerprint).toBe(track.fingerprint);
    expect(fingerprint(track.input)).toBe(track.fingerprint);
  });

  it('`dondoc import --mode` takes track or history, track by default', async () => {
    const parse = (args: string[]) => {
      let seen: unknown;
      const command = importCommand().exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
      command.action((_file: string, opts: { mode: string }) => {
        seen = opts.mode;
      });
      command.parse(['kh.csv', ...args], { from: 'user' });
      return seen;
    };
    expect(parse([])).toBe('track');
    expect(parse(['--mode', 'history'])).toBe('history');
    expect(() => parse(['--mode', 'lich-su'])).toThrow(/Allowed choices are track, history/);
  });
});

describe('a group lead of a province built from the standard structure', () => {
  it('stands for the members of the plan\'s own province, not of another province\'s group of the same name', () => {
    const structure = StructureSchema.parse(JSON.parse(readFileSync('config/structures/province-2025.json', 'utf8')));
    // Another province already in the directory, whose group of that name has one member.
    const other = DirectorySchema.parse({
      jurisdictions: [{ id: 'lam-giang', name: 'Tỉnh Lam Giang', monitor: 'lg-vp', chair: { name: 'CT', email: 'ct@lg.example' } }],
      agencies: [
        { id: 'lg-vp', name: 'Văn phòng UBND tỉnh', jurisdiction: 'lam-giang' },
        { id: 'lg-tp', name: 'Sở Tư pháp', jurisdiction: 'lam-giang' },
      ],
      groups: [{ id: 'lg-so', name: 'Các sở, ban, ngành tỉnh', jurisdiction: 'lam-giang', members: ['lg-tp'] }],
    });
    const directory = directoryFromStructure(structure, 'Ngọc Sơn', other);
    const plan = importPlanText(
      ['STT,Nhiệm vụ,Cơ quan chủ trì,Thời gian hoàn thành', '1,Báo cáo kết quả cải cách hành chính,"Các sở, ban, ngành",Tháng 6/2027'].join('\n'),
      { directory, jurisdiction: 'ngoc-son', year: 2027, title: 'Kế hoạch', file: 'kh.csv' },
    );
    expect(plan.tasks[0]!.lead).toEqual(['Các sở, ban, ngành tỉnh']);
    const leads = taskInput(plan.plan, plan.tasks[0]!, directory).leads;
    const own = directory.groups.find((g) => g.jurisdiction === 'ngoc-son' && g.name === 'Các sở, ban, ngành tỉnh')!;
    expect(leads).toEqual(own.members.map((id) => directory.agencies.find((a) => a.id === id)!.name));
    expect(leads).toHaveLength(15);
  });
});
