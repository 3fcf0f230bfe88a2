/**
 * Task templates on the time-skipping server: a running task keeps the template version it started
 * with, an edit changes nothing until the task is moved, and a move reschedules exactly as the
 * preview of the new version says — message for message, key, time, subject and text — without
 * sending again what was sent. Broken templates and ladders are refused in Vietnamese.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ZodError } from 'zod';
import { startTimeSkipping, type Harness } from '../support/time-skipping';
import { taskInput, vietnamTime } from '../support/tasks';
import { recordHistory } from '../support/histories';
import { parseMail } from '../notifications.support';
import { moveTemplateUpdate, stateQuery, type TaskWorkflowInput } from '../../workflows/task-api';
import { taskWorkflow } from '../../workflows/task';
import { readOutboxMessage, listOutbox } from '../../activities/notifications';
import { currentCalendar } from '../../activities/calendar';
import { TemplateStore, type TemplateVersion } from '../../storage/templates';
import { shippedDirectory } from '../../storage/directory';
import { previewTemplate, toTaskPolicy, type TemplateInput } from '../../domain/templates';

const ANCHOR = Date.parse('2036-12-01T00:00:00+07:00');
const admin = { name: 'Quản trị hệ thống', role: 'admin' as const };

let h: Harness;
let store: TemplateStore;
beforeEach(async () => {
  h = await startTimeSkipping();
  await h.env.sleep(ANCHOR - (await h.env.currentTimeMs()));
  store = new TemplateStore(h.db);
});
afterEach(async () => {
  await h?.close();
});

const V1: TemplateInput = {
  name: 'Báo cáo chuyên đề',
  category: 'Báo cáo định kỳ',
  reminders: { workingDaysBefore: [7, 1, 0], hour: '08:00' },
  escalation: [
    { level: 1, afterWorkingDays: 1, to: 'head', repeatEveryWorkingDays: 3 },
    { level: 2, afterWorkingDays: 5, to: 'monitor', repeatEveryWorkingDays: 5 },
  ],
  messages: { reminder: { subject: '[Mẫu v1] Còn {soNgayConLai} ngày: {tenNhiemVu}' } },
};

/** The edit: other reminders at another hour, a slower first level, a faster second one, a chair level, texts for more kinds. */
const V2: TemplateInput = {
  ...V1,
  reminders: { workingDaysBefore: [7, 3, 0], hour: '09:00' },
  escalation: [
    { level: 1, afterWorkingDays: 2, to: 'head', repeatEveryWorkingDays: 2 },
    { level: 2, afterWorkingDays: 4, to: 'monitor', repeatEveryWorkingDays: 4 },
    { level: 3, afterWorkingDays: 10, to: 'chair', repeatEveryWorkingDays: 5 },
  ],
  messages: {
    reminder: { subject: '[Mẫu v2] Còn {soNgayConLai} ngày: {tenNhiemVu}', body: 'Đề nghị {coQuanChuTri} hoàn thành trước {thuHan}.\n\nTrân trọng.' },
    overdue: { subject: '[Mẫu v2] Chậm {soNgayQuaHan} ngày: {tenNhiemVu}', action: 'Giải trình ngay' },
    escalation: { subject: '[Mẫu v2] Cấp {capBaoCao} – {noiNhanCap}: {tenNhiemVu} quá hạn {soNgayQuaHan} ngày' },
  },
};

const due31 = { label: 'hạn 31/12/2036', due: '2036-12-31' };

function inputFor(version: TemplateVersion): TaskWorkflowInput {
  return { ...taskInput({ milestones: [due31] }), policy: toTaskPolicy(version.template), template: { id: version.id, version: version.version } };
}

const sampleOf = (input: TaskWorkflowInput, workflowId: string) => ({
  workflowId,
  planTitle: input.facts.planTitle,
  title: input.facts.title,
  product: input.facts.product,
  lead: input.leads[0]!,
  deadlineText: input.facts.deadlineText,
  explanation: input.facts.explanation,
  jurisdiction: input.facts.jurisdiction,
});

/** Each message the task sent: its key, when (from the timeline), its subject and plain text (from the .eml). */
async function sent(workflowId: string) {
  const view = await h.env.client.workflow.getHandle(workflowId).query(stateQuery);
  const when = new Map(view.timeline.filter((e) => e.key).map((e) => [`${workflowId}:${e.key}`, e.at]));
  const messages = [];
  for (const entry of await listOutbox(h.db, { limit: 1000 })) {
    const mail = parseMail((await readOutboxMessage(h.db, entry.key))!.eml!);
    messages.push({ key: entry.key, at: when.get(entry.key), subject: mail.subject, text: mail.text });
  }
  return messages.sort((a, b) => (a.at! < b.at! ? -1 : a.at! > b.at! ? 1 : a.key < b.key ? -1 : 1));
}

describe('a task started from a template', () => {
  it('keeps its version through an edit, and once moved follows the new version exactly as its preview says', async () => {
    const v1 = await store.create(V1, admin);
    const input = inputFor(v1);
    const workflowId = 'task:mau:bao-cao-chuyen-de';
    await h.withWorker(async () => {
      const handle = await h.env.client.workflow.start(taskWorkflow, { args: [input], taskQueue: h.taskQueue, workflowId });
      // The admin edits the template before the first reminder: the running task does not change.
      const v2 = await store.saveVersion(v1.id, V2, admin);
      expect(v2.version).toBe(2);
      await h.until('2036-12-22 08:30');
      let view = await handle.query(stateQuery);
      expect(view.template).toEqual({ id: v1.id, version: 1 });
      const before = await sent(workflowId);
      expect(before.map((m) => `${m.subject} ${vietnamTime(m.at!)}`)).toEqual([
        '[Mẫu v1] Còn 9 ngày: Xây dựng và ban hành Kế hoạch kiểm tra văn bản QPPL năm 2027 2036-12-22 08:00',
      ]);
      expect((await handle.describe()).memo?.template).toBe(`${v1.id}@1`);

      // Moved at 08:30: v2's 7-day reminder (09:00 today) has the key of the one v1 sent at 08:00.
      const moved = await handle.executeUpdate(moveTemplateUpdate, {
        args: [{ actor: admin, template: { id: v2.id, version: 2, name: v2.template.name }, policy: toTaskPolicy(v2.template) }],
      });
      expect(moved.template).toEqual({ id: v1.id, version: 2 });
      expect(moved.timeline.at(-1)).toMatchObject({ type: 'template_moved', by: admin.name });
      expect(moved.timeline.at(-1)!.text).toContain(
        `Chuyển sang mẫu “Báo cáo chuyên đề” phiên bản 2 (trước: ${v1.id}@1): nhắc trước 7, 3, 0 ngày làm việc lúc 09:00`,
      );
      expect((await handle.describe()).memo?.template).toBe(`${v1.id}@2`);

      await h.until('2037-02-10 12:00');
      const after = (await sent(workflowId)).slice(before.length);
      const preview = previewTemplate(v2.template, sampleOf(input, workflowId), due31.due, '2036-12-01', currentCalendar(), {
        until: '2037-02-10',
        directory: shippedDirectory(),
        ref: { id: v2.id, version: 2 },
      });
      const moveAt = Date.parse('2036-12-22T08:30:00+07:00');
      const expected = preview.filter((e) => e.message && Date.parse(e.at) > moveAt && !before.some((b) => b.key === e.key));
      expect(expected.length).toBeGreaterThan(10);
      // Timeline entries are written just after the send: compared to the minute.
      expect(after.map((m) => ({ key: m.key, at: vietnamTime(m.at!), subject: m.subject, text: m.text }))).toEqual(
        expected.map((e) => ({ key: e.key, at: vietnamTime(e.at), subject: e.message!.subject, text: e.message!.text })),
      );
      // The v1 reminder of the same key was not sent again, and v2's texts are in use.
      expect(after.filter((m) => m.key.endsWith(':reminder:7'))).toEqual([]);
      expect(after[0]).toMatchObject({ subject: '[Mẫu v2] Còn 5 ngày: Xây dựng và ban hành Kế hoạch kiểm tra văn bản QPPL năm 2027' });
      expect(after[0]!.text).toContain('Đề nghị Sở Tư pháp hoàn thành trước Thứ Tư, 31/12/2036.\n\nTrân trọng.');
      view = await handle.query(stateQuery);
      expect(view.escalationLevel).toBe(3);
      await recordHistory('task-template-move', handle);
    });
  });

  it('a recurring duty moved to a new version starts its later periods on the new rules and texts', async () => {
    const v1 = await store.create(V1, admin);
    const v2 = await store.saveVersion(v1.id, V2, admin);
    const input: TaskWorkflowInput = {
      ...taskInput({ kind: 'recurring', recurrence: [{ every: 'month' }], planYear: 2037 }),
      policy: toTaskPolicy(v1.template),
      template: { id: v1.id, version: 1 },
    };
    await h.withWorker(async () => {
      const handle = await h.env.client.workflow.start(taskWorkflow, { args: [input], taskQueue: h.taskQueue, workflowId: 'task:mau:hang-thang' });
      await h.until('2036-12-15 10:00');
      await handle.executeUpdate(moveTemplateUpdate, {
        args: [{ actor: admin, template: { id: v2.id, version: 2, name: v2.template.name }, policy: toTaskPolicy(v2.template) }],
      });
      await h.until('2037-01-31 12:00');
      const january = (await handle.query(stateQuery)).instances[0]!;
      const instance = await h.env.client.workflow.getHandle(january.workflowId).query(stateQuery);
      expect(instance.template).toEqual({ id: v1.id, version: 2 });
      // v2: reminders 7, 3 and 0 working days before Saturday 31/01/2037, at 09:00.
      expect(instance.timeline.filter((e) => e.type === 'reminder').map((e) => vietnamTime(e.at))).toEqual([
        '2037-01-22 09:00',
        '2037-01-28 09:00',
        '2037-01-31 09:00',
      ]);
      const subjects = (await sent(january.workflowId)).filter((m) => m.key.startsWith(january.workflowId)).map((m) => m.subject);
      expect(subjects[0]).toMatch(/^\[Mẫu v2\] Còn 9 ngày: /);
      await recordHistory('task-template-move-recurring', handle);
    });
  });

  it('refuses a move to the version it follows, to an older one, and a broken ladder, in Vietnamese', async () => {
    const v1 = await store.create(V1, admin);
    const v2 = await store.saveVersion(v1.id, V2, admin);
    await h.withWorker(async () => {
      const handle = await h.env.client.workflow.start(taskWorkflow, { args: [inputFor(v2)], taskQueue: h.taskQueue, workflowId: 'task:mau:tu-choi' });
      const move = (template: { id: string; version: number; name: string }, policy: unknown, actor: { name: string; role: 'admin' | 'agency' } = admin) =>
        handle.executeUpdate(moveTemplateUpdate, { args: [{ actor, template, policy: policy as never }] }).then(
          () => 'accepted',
          (err: unknown) => (err instanceof WorkflowUpdateFailedError ? err.cause?.message : String(err)),
        );
      const name = v1.template.name;
      expect(await move({ id: v1.id, version: 2, name }, toTaskPolicy(v2.template))).toBe('Nhiệm vụ đang theo mẫu “Báo cáo chuyên đề” phiên bản 2.');
      expect(await move({ id: v1.id, version: 1, name }, toTaskPolicy(v1.template))).toBe(
        'Nhiệm vụ đang theo phiên bản 2 của mẫu “Báo cáo chuyên đề”; không chuyển về phiên bản cũ hơn (1).',
      );
      const backwards = {
        ...toTaskPolicy(v2.template),
        escalation: [
          { level: 1, afterWorkingDays: 5, to: 'head' },
          { level: 2, afterWorkingDays: 3, to: 'monitor' },
        ],
      };
      expect(await move({ id: v1.id, version: 3, name }, backwards)).toBe('policy: mỗi cấp báo cáo phải muộn hơn cấp trước');
      expect(await move({ id: v1.id, version: 3, name }, toTaskPolicy(v1.template), { name: 'Cán bộ', role: 'agency' })).toBe(
        'Vai trò agency không được chuyển nhiệm vụ sang phiên bản mẫu khác.',
      );
      expect((await handle.query(stateQuery)).timeline.map((e) => e.type)).toEqual(['created']);
    });
    // The template itself cannot be saved with an impossible ladder or a broken placeholder.
    const broken = {
      ...V2,
      escalation: [
        { level: 1, afterWorkingDays: 3, to: 'head', repeatEveryWorkingDays: 0 },
        { level: 2, afterWorkingDays: 2, repeatEveryWorkingDays: 2 },
      ],
    };
    const refused = await store.saveVersion(v1.id, broken, admin).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ZodError);
    expect((refused as ZodError).issues.map((i) => i.message)).toEqual([
      'Cấp 1: chu kỳ nhắc lại phải từ 1 ngày làm việc trở lên (đang là 0).',
      'Cấp 2 (sau 2 ngày làm việc quá hạn) phải muộn hơn cấp 1 mà nó theo sau (sau 3 ngày làm việc).',
      'Cấp 2: chưa chọn nơi nhận (Thủ trưởng cơ quan chủ trì, Văn phòng UBND, Chủ tịch UBND hoặc một tài khoản).',
    ]);
    const placeholder = await store
      .saveVersion(v1.id, { ...V2, messages: { due_today: { subject: 'Hôm nay ({ngayGui}) hết hạn, còn {soNgayConLai} ngày' } } }, admin)
      .catch((e: unknown) => e);
    expect((placeholder as ZodError).issues[0]!.message).toMatch(/^Thư “Đến hạn hôm nay”, tiêu đề: trường thay thế \{soNgayConLai\} không dùng được/);
    expect((await store.versions(v1.id)).map((v) => v.version)).toEqual([2, 1]);
  });
});
