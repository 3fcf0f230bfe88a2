/**
 * An agency asks for a later due date (patch 'extension-request'), on Temporal's time-skipping test
 * server: the monitoring office is told, declines with a reason (the agency is told, the due date
 * stands), the agency asks again and the office approves for that member only: its reminders follow
 * the new date, the other member's part is untouched, and no message goes out twice. The recorded
 * history (test/histories/task-extension-request.json) keeps this path under the replay test.
 */
import { describe, expect, it } from 'vitest';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { harnessPerTest, type Harness } from '../support/time-skipping';
import { events, taskInput } from '../support/tasks';
import {
  completeUpdate,
  declineExtensionUpdate,
  extendDeadlineUpdate,
  requestExtensionUpdate,
  stateQuery,
  type Actor,
  type TaskView,
} from '../../workflows/task-api';
import { taskWorkflow } from '../../workflows/task';
import { listOutbox } from '../../activities/notifications';
import { recordHistory } from '../support/histories';
import { SA } from '../../workflows/search-attributes';
import { PENDING_REQUEST_TOKEN } from '../../domain/part-tokens';

const ANCHOR = Date.parse('2036-12-01T00:00:00+07:00');
const TP = 'Sở Tư pháp';
const NV = 'Sở Nội vụ';
const monitor: Actor = { name: 'Nguyễn Văn Giám Sát', role: 'monitor' };
const officer = (name: string): Actor => ({ name: `Cán bộ ${name}`, role: 'agency', agency: name });

let h: Harness;
harnessPerTest((x) => (h = x), ANCHOR);

/** The Vietnamese reason an Update was refused with, or 'accepted'. */
async function outcome(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return 'accepted';
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) return err.cause?.message ?? err.message;
    throw err;
  }
}

const pendingToken = async (handle: WorkflowHandle) => ((await handle.describe()).typedSearchAttributes.get(SA.parts) ?? []).includes(PENDING_REQUEST_TOKEN);
const part = (view: TaskView, agency: string) => view.obligations.find((o) => o.agency === agency)!;

/** The extension messages of the outbox, sent once each, as `kind → recipients`. */
async function extensionMessages(workflowId: string) {
  const all = await listOutbox(h.db, { limit: 1000 });
  return all
    .filter((m) => m.key.startsWith(`${workflowId}:`) && m.kind.startsWith('extension_'))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .map((m) => ({ kind: m.kind, key: m.key, subject: m.subject, recipients: m.recipients, status: m.status }));
}

describe('an agency asks for an extension; the monitoring office declines, then approves', () => {
  it('request → decline (agency told) → request → approve for that member: new due, reminders rescheduled, nothing sent twice', async () => {
    await h.withWorker(async () => {
      const handle: WorkflowHandle<typeof taskWorkflow> = await h.env.client.workflow.start(taskWorkflow, {
        args: [taskInput({ leads: [TP, NV], milestones: [{ label: 'hạn 31/12/2036', due: '2036-12-31' }] })],
        taskQueue: h.taskQueue,
        workflowId: 'task:test:extension-request',
      });
      await h.until('2036-12-02 09:00');

      // Refused with a reason, nothing recorded.
      expect(await outcome(() => handle.executeUpdate(requestExtensionUpdate, { args: [{ actor: officer(TP), until: '2036-12-20', reason: 'Chờ ý kiến' }] }))).toBe(
        'Hạn đề nghị (20/12/2036) phải sau hạn hiện tại (31/12/2036).',
      );
      expect(await outcome(() => handle.executeUpdate(requestExtensionUpdate, { args: [{ actor: officer('Sở Y tế'), until: '2037-01-15', reason: 'Chờ ý kiến' }] }))).toBe(
        'Cơ quan của bạn không chủ trì nhiệm vụ này.',
      );
      expect(await outcome(() => handle.executeUpdate(requestExtensionUpdate, { args: [{ actor: monitor, until: '2037-01-15', reason: 'Chờ ý kiến' }] }))).toBe(
        'Vai trò monitor không được đề nghị gia hạn.',
      );
      expect(await outcome(() => handle.executeUpdate(requestExtensionUpdate, { args: [{ actor: officer(TP), until: '15/01/2037', reason: '' }] as never }))).toContain(
        'until: ngày phải có dạng YYYY-MM-DD; until: ngày không tồn tại; reason: cần nêu lý do đề nghị gia hạn',
      );
      expect(await outcome(() => handle.executeUpdate(declineExtensionUpdate, { args: [{ actor: monitor, reason: 'Không có đề nghị' }] }))).toBe(
        'Không có đề nghị gia hạn nào đang chờ.',
      );

      // 1. The agency asks: pending on its own part, the monitoring office is told.
      const asked = await handle.executeUpdate(requestExtensionUpdate, {
        args: [{ actor: officer(TP), until: '2037-01-15', reason: 'Chờ Bộ Tư pháp cho ý kiến về dự thảo' }],
      });
      expect(part(asked, TP).extensionRequest).toMatchObject({ until: '2037-01-15', reason: 'Chờ Bộ Tư pháp cho ý kiến về dự thảo', by: 'Cán bộ Sở Tư pháp' });
      expect(part(asked, NV).extensionRequest).toBeUndefined();
      expect(part(asked, TP).due).toBe('2036-12-31');
      expect(asked.timeline.at(-1)).toMatchObject({ type: 'extension_requested', agency: TP });
      // A pending request is a token of DondocParts: the office's queue lists only the tasks that carry it.
      expect(await pendingToken(handle)).toBe(true);
      expect(await outcome(() => handle.executeUpdate(requestExtensionUpdate, { args: [{ actor: officer(TP), until: '2037-01-20', reason: 'Lần nữa' }] }))).toBe(
        'Sở Tư pháp đã có đề nghị gia hạn đến 15/01/2037 đang chờ Văn phòng UBND xem xét.',
      );
      expect(await outcome(() => handle.executeUpdate(declineExtensionUpdate, { args: [{ actor: officer(TP), reason: 'Tự từ chối' }] }))).toBe(
        'Vai trò agency không được không đồng ý gia hạn.',
      );
      await h.until('2036-12-02 10:00');
      let messages = await extensionMessages(handle.workflowId);
      expect(messages.map((m) => [m.kind, m.status])).toEqual([['extension_requested', 'sent']]);
      expect(messages[0]!.recipients.length).toBeGreaterThan(0);
      expect(messages[0]!.subject).toBe('[Đề nghị gia hạn] Xây dựng và ban hành Kế hoạch kiểm tra văn bản QPPL năm 2027 (hạn 31/12/2036)');

      // 2. The office declines with its reason: the agency is told, the due date stands.
      expect(await outcome(() => handle.executeUpdate(declineExtensionUpdate, { args: [{ actor: monitor, agency: TP, reason: '' }] }))).toContain(
        'cần nêu lý do không đồng ý gia hạn',
      );
      const declined = await handle.executeUpdate(declineExtensionUpdate, {
        args: [{ actor: monitor, agency: TP, reason: 'Nhiệm vụ trọng tâm, phải hoàn thành trong năm 2036' }],
      });
      expect(part(declined, TP).extensionRequest).toBeUndefined();
      expect(part(declined, TP).due).toBe('2036-12-31');
      expect(declined.extended).toBe(false);
      expect(await pendingToken(handle)).toBe(false);
      expect(declined.timeline.at(-1)!.text).toBe(
        'Không đồng ý đề nghị gia hạn đến 15/01/2037 của Sở Tư pháp; hạn giữ nguyên 31/12/2036 (lý do: Nhiệm vụ trọng tâm, phải hoàn thành trong năm 2036).',
      );
      await h.until('2036-12-03 09:00');
      messages = await extensionMessages(handle.workflowId);
      expect(messages.map((m) => m.kind)).toEqual(['extension_requested', 'extension_declined']);
      expect(messages[1]!.subject).toContain('[Không đồng ý gia hạn]');

      // 3. Asked again, 4. approved for that member only.
      await handle.executeUpdate(requestExtensionUpdate, { args: [{ actor: officer(TP), until: '2037-01-20', reason: 'Bộ Tư pháp đã có ý kiến; cần thêm thời gian trình ký' }] });
      const approved = await handle.executeUpdate(extendDeadlineUpdate, {
        args: [{ actor: monitor, agency: TP, newDue: '2037-01-20', reason: 'Đồng ý theo đề nghị', approvedBy: 'Phó Chủ tịch UBND tỉnh' }],
      });
      expect(part(approved, TP)).toMatchObject({ due: '2037-01-20', originalDue: '2036-12-31' });
      expect(part(approved, TP).extensionRequest).toBeUndefined();
      expect(part(approved, NV).due).toBe('2036-12-31');
      expect(approved.extended).toBe(true);
      expect(approved.timeline.at(-1)).toMatchObject({ type: 'extended', agency: TP });
      expect(approved.timeline.at(-1)!.text).toContain('theo đề nghị của Sở Tư pháp');

      await h.until('2037-01-21 12:00');
      const view = await handle.query(stateQuery);
      const reminders = events(view, ['reminder', 'overdue', 'escalation']);
      const tp = reminders.filter((e) => e.includes(TP));
      const nv = reminders.filter((e) => e.includes(NV));
      // Sở Tư pháp: reminded toward 20/01/2037, none of the old date's reminders after the extension, overdue from 21/01.
      expect(tp.filter((e) => e.slice(-16) > '2036-12-03')).toEqual([
        'reminder Sở Tư pháp 2037-01-09 08:00',
        'reminder Sở Tư pháp 2037-01-19 08:00',
        'reminder Sở Tư pháp 2037-01-20 08:00',
        'overdue Sở Tư pháp 2037-01-21 08:00',
      ]);
      // Sở Nội vụ keeps its date: reminded, overdue and escalated on the old schedule.
      expect(nv.slice(0, 4)).toEqual([
        'reminder Sở Nội vụ 2036-12-22 08:00',
        'reminder Sở Nội vụ 2036-12-30 08:00',
        'reminder Sở Nội vụ 2036-12-31 08:00',
        'overdue Sở Nội vụ 2037-01-01 08:00',
      ]);
      messages = await extensionMessages(handle.workflowId);
      expect(messages.map((m) => m.kind)).toEqual(['extension_requested', 'extension_declined', 'extension_requested', 'extension_approved']);
      // Nothing went out twice: every key of the run is unique, and every reminder is about its own date.
      const all = (await listOutbox(h.db, { limit: 1000 })).filter((m) => m.key.startsWith(`${handle.workflowId}:`));
      expect(new Set(all.map((m) => m.key)).size).toBe(all.length);
      expect(all.filter((m) => m.key.includes(`0:${TP}@2036-12-31`)).every((m) => m.createdAt < '2036-12-03')).toBe(true);

      await handle.executeUpdate(completeUpdate, { args: [{ actor: officer(NV), evidence: 'Kế hoạch số 3/KH-SNV' }] });
      await handle.executeUpdate(completeUpdate, { args: [{ actor: officer(TP), evidence: 'Quyết định số 9/QĐ-STP' }] });
      expect((await handle.result()).status).toBe('done_late');
      await recordHistory('task-extension-request', handle);
    });
  }, 300_000);
});
