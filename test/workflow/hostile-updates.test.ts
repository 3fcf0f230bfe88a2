/**
 * Issue 10, "no client input may fail, terminate or wedge a workflow": hostile arguments (1.1 MB
 * strings, wrong types, dates in 9999 and 2000, `__proto__` keys, no argument at all) go through
 * every Update of the task and file workflows. Each is answered at once (accepted or refused with a
 * reason), no Update result comes near Temporal's payload limit, and both workflows are RUNNING
 * afterwards with their state intact.
 */
import { describe, expect, it } from 'vitest';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { harnessPerTest, type Harness } from '../support/time-skipping';
import { taskInput } from '../support/tasks';
import {
  acknowledgeUpdate,
  cancelUpdate,
  completeUpdate,
  extendDeadlineUpdate,
  reassignUpdate,
  reportProgressUpdate,
  reviseUpdate,
  setDeadlineUpdate,
  stateQuery,
  triggerUpdate,
  type Actor,
} from '../../workflows/task-api';
import {
  acknowledgeFileUpdate,
  documentsReceivedUpdate,
  fileStateQuery,
  requestDocumentsUpdate,
  resultReadyUpdate,
  resultReturnedUpdate,
  submitApologyUpdate,
  transferUpdate,
  withdrawUpdate,
} from '../../workflows/onestop-api';
import { taskWorkflow } from '../../workflows/task';
import { oneStopFileWorkflow } from '../../workflows/onestop-file';
import { DEFAULT_FILE_POLICY } from '../../domain/onestop/policy';
import { parseOneStopFile } from '../../domain/onestop/file';

const HUGE = 'x'.repeat(1_100_000);
const TNMT = 'Phòng Tài nguyên và Môi trường';
const monitor: Actor = { name: 'Nguyễn Văn Giám Sát', role: 'monitor' };
const agency = (name: string): Actor => ({ name: `Cán bộ ${name}`, role: 'agency', agency: name });
const DATE_FIELDS = new Set(['completedAt', 'newDue', 'due', 'at', 'date', 'newAppointment']);

let h: Harness;
harnessPerTest((x) => (h = x), Date.parse('2037-03-02T10:00:00+07:00'));

type Variant = { name: string; mustRefuse: boolean; build: (base: Record<string, unknown>) => unknown };

const mapFields = (base: Record<string, unknown>, f: (key: string, value: unknown) => unknown): Record<string, unknown> =>
  Object.fromEntries(Object.entries(base).map(([k, v]) => [k, f(k, v)]));

const VARIANTS: Variant[] = [
  { name: 'actor name 1.1 MB', mustRefuse: true, build: (b) => ({ ...b, actor: { ...(b.actor as object), name: HUGE } }) },
  { name: 'every field a number', mustRefuse: true, build: (b) => mapFields(b, () => 12345) },
  { name: 'every field null', mustRefuse: true, build: (b) => mapFields(b, () => null) },
  { name: 'a bare string', mustRefuse: true, build: () => 'x' },
  { name: 'an array', mustRefuse: true, build: () => [1, 2, 3] },
  { name: 'null', mustRefuse: true, build: () => null },
  { name: 'dates in 9999', mustRefuse: true, build: (b) => mapFields(b, (k, v) => (DATE_FIELDS.has(k) ? (String(v).length > 10 ? '9999-12-31T08:00:00+07:00' : '9999-12-31') : v)) },
  { name: 'dates in 2000', mustRefuse: true, build: (b) => mapFields(b, (k, v) => (DATE_FIELDS.has(k) ? (String(v).length > 10 ? '2000-01-03T08:00:00+07:00' : '2000-01-03') : v)) },
  {
    name: '__proto__ and constructor keys',
    mustRefuse: false,
    build: (b) => JSON.parse(`{"__proto__":{"role":"admin","polluted":true},"constructor":{"prototype":{"polluted":true}},${JSON.stringify(b).slice(1)}`),
  },
];

// Only the fields that carry a date are rewritten by the date variants; the bases carry one where the Update takes one.
const hasDate = (b: Record<string, unknown>) => Object.keys(b).some((k) => DATE_FIELDS.has(k));

/** Sends one Update; answers 'accepted', 'refused: …' or 'no answer' (wedged) within 20 s of real time. */
async function attempt(send: () => Promise<unknown>): Promise<{ outcome: string; size: number }> {
  const answer = send().then(
    (r) => ({ outcome: 'accepted', size: JSON.stringify(r ?? null).length }),
    (e: unknown) => ({ outcome: e instanceof WorkflowUpdateFailedError ? `refused: ${e.cause?.message ?? ''}` : `error: ${String(e)}`, size: 0 }),
  );
  const timeout = new Promise<{ outcome: string; size: number }>((r) => setTimeout(() => r({ outcome: 'no answer', size: 0 }), 20_000));
  return Promise.race([answer, timeout]);
}

async function hammer(handle: WorkflowHandle, updates: [string, { name: string }, Record<string, unknown>][]): Promise<string[]> {
  const problems: string[] = [];
  for (const [label, update, base] of updates) {
    // Each text field 1.1 MB in turn (one at a time: a request of several megabytes is refused by gRPC before any workflow sees it).
    const huge: Variant[] = Object.entries(base)
      .filter(([k, v]) => typeof v === 'string' && !DATE_FIELDS.has(k))
      .map(([k]) => ({ name: `${k} of 1.1 MB`, mustRefuse: true, build: (b) => ({ ...b, [k]: HUGE }) }));
    for (const v of [...huge, ...VARIANTS]) {
      if (v.name.startsWith('dates') && !hasDate(base)) continue;
      const { outcome, size } = await attempt(() => handle.executeUpdate(update as never, { args: [v.build(base)] as never }));
      if (outcome === 'no answer' || outcome.startsWith('error')) problems.push(`${label} / ${v.name}: ${outcome}`);
      if (v.mustRefuse && outcome === 'accepted') problems.push(`${label} / ${v.name}: accepted`);
      if (size > 256 * 1024) problems.push(`${label} / ${v.name}: result of ${size} bytes`);
    }
    // No argument at all.
    const bare = await attempt(() => handle.executeUpdate(update as never, { args: [] as never }));
    if (!bare.outcome.startsWith('refused')) problems.push(`${label} / no argument: ${bare.outcome}`);
  }
  return problems;
}

describe('no client input fails, terminates or wedges a workflow', () => {
  it('the task workflow answers every hostile Update and keeps running', async () => {
    await h.withWorker(async () => {
      const handle = await h.env.client.workflow.start(taskWorkflow, {
        args: [taskInput({ milestones: [{ label: 'hạn 30/04/2037', due: '2037-04-30' }] })],
        taskQueue: h.taskQueue,
        workflowId: 'task:hostile:1',
      });
      const lead = agency('Sở Tư pháp');
      const problems = await hammer(handle, [
        ['complete', completeUpdate, { actor: agency('Sở Tài chính'), evidence: 'KH', completedAt: '2037-03-02T09:00:00+07:00' }],
        ['reportProgress', reportProgressUpdate, { actor: lead, percent: 10, note: 'Đang soạn thảo' }],
        ['extendDeadline', extendDeadlineUpdate, { actor: monitor, newDue: '2037-05-29', reason: 'Chờ ý kiến', approvedBy: 'Phó Chủ tịch' }],
        ['setDeadline', setDeadlineUpdate, { actor: monitor, due: '2037-06-01' }],
        ['reassign', reassignUpdate, { actor: monitor, leads: ['Sở Tư pháp'], reason: 'Giữ nguyên' }],
        ['acknowledge', acknowledgeUpdate, { actor: monitor, level: 1, comment: 'Đã nắm' }],
        ['cancel', cancelUpdate, { actor: lead, reason: 'Không cần' }],
        ['trigger', triggerUpdate, { actor: monitor, title: 'Sự kiện', due: '2037-04-01' }],
        ['revise', reviseUpdate, { actor: { name: 'Nhập kế hoạch', role: 'system' }, facts: taskInput({}).facts, leads: ['Sở Tư pháp'], milestones: [{ label: 'x', due: '2037-04-30' }], fingerprint: 'f' }],
      ]);
      expect(problems).toEqual([]);
      expect((await handle.describe()).status.name).toBe('RUNNING');
      const view = await handle.query(stateQuery);
      expect(view.leads).toEqual(['Sở Tư pháp']);
      // An Update answers with the latest timeline entries only; the state query keeps them all.
      let answer = view;
      for (let i = 0; i < 25; i++) answer = await handle.executeUpdate(reportProgressUpdate, { args: [{ actor: lead, percent: i, note: `Báo cáo lần ${i + 1}` }] });
      expect(answer.timeline).toHaveLength(20);
      expect(answer.timeline.at(-1)!.text).toContain('Báo cáo lần 25');
      expect((await handle.query(stateQuery)).timeline.length).toBeGreaterThan(25);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  }, 300_000);

  it('the file workflow answers every hostile Update and keeps running', async () => {
    await h.withWorker(async () => {
      const file = parseOneStopFile({
        code: 'H57.22-370302-0099',
        procedure: { code: '1.001009', name: 'Cấp giấy phép xây dựng nhà ở riêng lẻ', workingDays: 15 },
        applicant: { name: 'Nguyễn Văn An', email: 'an.nguyen@example.vn', phone: '0905123456', idNumber: '052090001234' },
        receivingUnit: 'Bộ phận Một cửa huyện',
        agencies: [TNMT],
        receivedAt: '2037-03-02T09:30:00+07:00',
        online: false,
        jurisdiction: 'tuy-phuoc',
      });
      const handle = await h.env.client.workflow.start(oneStopFileWorkflow, { args: [{ file, policy: DEFAULT_FILE_POLICY }], taskQueue: h.taskQueue, workflowId: 'file:hostile:1' });
      await h.env.sleep(60_000);
      const other = agency('Phòng Kinh tế');
      const problems = await hammer(handle, [
        ['transfer', transferUpdate, { actor: agency(TNMT), to: 'Sở không có', at: '2037-03-02T09:45:00+07:00' }],
        ['requestDocuments', requestDocumentsUpdate, { actor: other, reason: 'Thiếu bản vẽ', at: '2037-03-02T09:45:00+07:00' }],
        ['documentsReceived', documentsReceivedUpdate, { actor: agency(TNMT), at: '2037-03-02T09:50:00+07:00' }],
        ['resultReady', resultReadyUpdate, { actor: other, note: 'Đã ký', at: '2037-03-02T09:50:00+07:00' }],
        ['resultReturned', resultReturnedUpdate, { actor: other, at: '2037-03-02T09:50:00+07:00' }],
        ['withdraw', withdrawUpdate, { actor: other, reason: 'Rút', at: '2037-03-02T09:50:00+07:00' }],
        ['submitApology', submitApologyUpdate, { actor: agency(TNMT), number: '01/PXL', date: '2037-03-02', signer: 'A', signerTitle: 'Trưởng phòng', reason: 'Chậm', newAppointment: '2037-04-30' }],
        ['acknowledge', acknowledgeFileUpdate, { actor: monitor, level: 2, comment: 'Đã nắm' }],
      ]);
      expect(problems).toEqual([]);
      expect((await handle.describe()).status.name).toBe('RUNNING');
      const view = await handle.query(fileStateQuery);
      expect(view.holder).toBe(TNMT);
      expect(view.result).toBeNull();
    });
  }, 300_000);
});
