/**
 * A new province from nothing to a tracked plan, workflows included: `directory draft --confirm`
 * builds the directory from the 2025 structure and the plan, the admin fills in addresses, the plan
 * is imported (dry run, then for real) and its workflows start on the time-skipping server; the
 * first reminder of each task reaches the address of the agency the directory names — also when the
 * plan wrote the department's former name ("Sở KH&ĐT", now Sở Tài chính), and not to the body of
 * the same name in another province; a lead kept as written ("Các doanh nghiệp viễn thông") is
 * reminded through the monitoring office, asked to assign it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDraft } from '../../cli/directory';
import { runImport } from '../../cli/import';
import { DirectorySchema, type Directory } from '../../domain/directory';
import { importPlanFile } from '../../domain/import';
import { startImport } from '../../worker/import-runner';
import { previewImport } from '../../worker/import-preview';
import { DirectoryStore } from '../../storage/directory';
import { listOutbox, readOutboxMessage } from '../../activities/notifications';
import { parseMail } from '../notifications.support';
import { startTimeSkipping, type Harness } from '../support/time-skipping';

const dir = mkdtempSync(join(tmpdir(), 'dondoc-new-province-'));
const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
};

const plan = [
  ',DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2027,,,',
  ',(Kèm theo Kế hoạch số 12/KH-UBND ngày 04/01/2027 của UBND tỉnh Ngọc Sơn),,,',
  'STT,Nhiệm vụ,Cơ quan chủ trì,Cơ quan phối hợp,Thời gian hoàn thành',
  '1,Rà soát thủ tục hành chính,Văn phòng UBND tỉnh,"Sở Tư pháp, Sở Nội vụ",Tháng 3/2027',
  '2,Chuyển dữ liệu đầu tư công,Sở KH&ĐT,Sở Tư pháp,Tháng 3/2027',
  '3,Vận hành Cổng dịch vụ công,Trung tâm PVHCC tỉnh,Doanh nghiệp viễn thông,Tháng 4/2027',
  '4,Phủ sóng di động vùng lõm,Các doanh nghiệp viễn thông,Sở Khoa học và Công nghệ,Tháng 3/2027',
].join('\n');

/** The addresses the admin fills in after confirming the draft. */
const ADDRESSES: Record<string, string> = {
  'Văn phòng UBND tỉnh': 'vanphong@ngocson.example',
  'Sở Tài chính': 'taichinh@ngocson.example',
  'Sở Tư pháp': 'tuphap@ngocson.example',
  'Sở Nội vụ': 'noivu@ngocson.example',
  'Trung tâm Phục vụ hành chính công tỉnh': 'hcc@ngocson.example',
};

function withAddresses(directory: Directory): Directory {
  return DirectorySchema.parse({
    ...directory,
    agencies: directory.agencies.map((a) =>
      a.jurisdiction === 'ngoc-son' && ADDRESSES[a.name] ? { ...a, contacts: { officer: [{ name: `Văn thư ${a.name}`, email: ADDRESSES[a.name] }], head: [] } } : a,
    ),
  });
}

let h: Harness;
beforeAll(async () => {
  h = await startTimeSkipping();
});
afterAll(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a new province, from nothing to a tracked plan', () => {
  it('drafts and confirms the directory, imports the plan, and the first reminder reaches the agency the directory names', async () => {
    const file = join(dir, 'ke-hoach-cds-2027.csv');
    writeFileSync(file, plan);
    const confirmedFile = join(dir, 'agencies.json');

    // 1. The province is not in the directory: the import says so, naming it.
    const refused = capture();
    expect(await runImport(file, { dryRun: true, jurisdiction: 'Ngọc Sơn', directory: 'config/agencies.json' }, refused.io)).toBe(2);
    expect(refused.err.join('\n')).toContain('Không có đơn vị hành chính "Ngọc Sơn" trong danh bạ cơ quan.');

    // 2. Draft from the plan and confirm: the standard structure plus what the plan names.
    const confirm = capture();
    expect(await runDraft(file, { jurisdiction: 'Ngọc Sơn', confirm: true, out: confirmedFile }, confirm.io)).toBe(0);
    const directory = withAddresses(DirectorySchema.parse(JSON.parse(readFileSync(confirmedFile, 'utf8'))));
    writeFileSync(confirmedFile, JSON.stringify(directory));

    // 3. Dry run against the confirmed directory: every task, every lead resolved, nothing sent yet.
    const dry = capture();
    expect(await runImport(file, { dryRun: true, json: true, directory: confirmedFile }, dry.io)).toBe(0);
    const preview = JSON.parse(dry.out.join('\n')) as { tasks: { task: string; lead: string[] }[]; preview: { messages: number; overdueTasks: number } };
    expect(preview.tasks.map((t) => [t.task, t.lead])).toEqual([
      ['Rà soát thủ tục hành chính', ['Văn phòng UBND tỉnh']],
      ['Chuyển dữ liệu đầu tư công', ['Sở Tài chính']],
      ['Vận hành Cổng dịch vụ công', ['Trung tâm Phục vụ hành chính công tỉnh']],
      ['Phủ sóng di động vùng lõm', ['Các doanh nghiệp viễn thông']],
    ]);
    expect(preview.preview).toMatchObject({ overdueTasks: 0 });

    // 4. The directory in use is the confirmed one; the import starts one workflow per task.
    await new DirectoryStore(h.db).save(directory, 'Quản trị', 'Danh bạ tỉnh Ngọc Sơn từ dự thảo');
    const imported = await importPlanFile(file, { directory });
    expect(previewImport(imported, directory, { now: new Date(await h.env.currentTimeMs()) }).messages).toBe(0);

    await h.withWorker(async () => {
      const report = await startImport(h.env.client, imported, directory, { taskQueue: h.taskQueue });
      expect(report).toMatchObject({ planId: '12-kh-ubnd-2027', started: ['1.1', '2.1', '3.1', '4.1'], failed: [] });

      // Nothing before the first reminder, 7 working days before 31/3/2027.
      await h.until('2027-03-19 09:00');
      expect((await listOutbox(h.db, { limit: 100 })).filter((m) => m.key.startsWith('task:12-kh-ubnd-2027:'))).toEqual([]);
      await h.until('2027-03-22 09:00');
      const sent = (await listOutbox(h.db, { limit: 100 })).filter((m) => m.key.startsWith('task:12-kh-ubnd-2027:'));
      const first = (ref: string) => sent.filter((m) => m.key.startsWith(`task:12-kh-ubnd-2027:${ref}:`));
      expect(first('1.1').map((m) => [m.kind, m.recipients])).toEqual([['reminder', ['vanphong@ngocson.example']]]);
      // Written "Sở KH&ĐT" in the plan: the reminder goes to Sở Tài chính, which took over its duties in 2025.
      expect(first('2.1').map((m) => [m.kind, m.recipients])).toEqual([['reminder', ['taichinh@ngocson.example']]]);
      // Due a month later: not yet.
      expect(first('3.1')).toEqual([]);
      // Kept as written: the monitoring office of Ngọc Sơn is reminded, and asked to assign a lead.
      expect(first('4.1').map((m) => [m.kind, m.recipients])).toEqual([['reminder', ['vanphong@ngocson.example']]]);
      const mail = parseMail((await readOutboxMessage(h.db, first('4.1')[0]!.key))!.eml!);
      expect(mail.text).toContain('đề nghị phân công cơ quan chủ trì thay cho “Các doanh nghiệp viễn thông”');
    });
  });
});
