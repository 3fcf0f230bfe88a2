/**
 * Issue 10, "backdating erases lateness": a completion or a file event cannot be dated before the
 * task or file began (or before the file's last recorded event), an agency may date back at most
 * 3 days, a monitor further; the timeline says who dated back and by how much.
 */
import { describe, expect, it } from 'vitest';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { harnessPerTest, type Harness } from '../support/time-skipping';
import { taskInput } from '../support/tasks';
import { completeUpdate, stateQuery, type Actor } from '../../workflows/task-api';
import { resultReadyUpdate, transferUpdate } from '../../workflows/onestop-api';
import { taskWorkflow } from '../../workflows/task';
import { oneStopFileWorkflow } from '../../workflows/onestop-file';
import { DEFAULT_FILE_POLICY } from '../../domain/onestop/policy';
import { parseOneStopFile } from '../../domain/onestop/file';

const monitor: Actor = { name: 'Nguyễn Văn Giám Sát', role: 'monitor' };
const agency = (name: string): Actor => ({ name: `Cán bộ ${name}`, role: 'agency', agency: name });
const TNMT = 'Phòng Tài nguyên và Môi trường';
const LAND = 'Chi nhánh Văn phòng Đăng ký đất đai';

let h: Harness;
harnessPerTest((x) => (h = x), Date.parse('2036-12-01T00:00:00+07:00'));

const until = (vietnam: string) => h.until(vietnam);

async function refusal(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  return (err as WorkflowUpdateFailedError).cause?.message ?? '';
}

describe('a completion dated back', () => {
  it('cannot turn an overdue task into one done on time', async () => {
    await h.withWorker(async () => {
      const handle = await h.env.client.workflow.start(taskWorkflow, {
        args: [taskInput({ milestones: [{ label: 'hạn 31/12/2036', due: '2036-12-31' }] })],
        taskQueue: h.taskQueue,
        workflowId: 'task:backdating:1',
      });
      await until('2037-01-12 10:00');
      const lead = agency('Sở Tư pháp');
      expect(await refusal(handle.executeUpdate(completeUpdate, { args: [{ actor: lead, evidence: 'QĐ 1', completedAt: '2036-12-20T10:00:00+07:00' }] }))).toContain(
        'chỉ được ghi lùi tối đa 3 ngày',
      );
      expect(await refusal(handle.executeUpdate(completeUpdate, { args: [{ actor: monitor, agency: 'Sở Tư pháp', evidence: 'QĐ 1', completedAt: '2036-11-20T10:00:00+07:00' }] }))).toContain(
        'trước ngày bắt đầu theo dõi nhiệm vụ',
      );
      expect(await refusal(handle.executeUpdate(completeUpdate, { args: [{ actor: monitor, agency: 'Sở Tư pháp', evidence: 'QĐ 1', completedAt: '1970-01-01T00:00:00Z' }] }))).toMatch(
        /1970|trước ngày bắt đầu/,
      );
      // A monitor may record a completion of ten days ago: still late, and the timeline says so.
      const done = await handle.executeUpdate(completeUpdate, { args: [{ actor: monitor, agency: 'Sở Tư pháp', evidence: 'QĐ 1', completedAt: '2037-01-02T10:00:00+07:00' }] });
      expect(done.status).toBe('done_late');
      expect(done.timeline.at(-1)!.text).toContain('Nguyễn Văn Giám Sát ghi lùi 10 ngày');
      expect((await handle.query(stateQuery)).obligations[0]!.completed!.onTime).toBe(false);
    });
  });
});

describe('a file event dated back', () => {
  it('cannot turn a late file early, nor go before the last recorded event', async () => {
    await h.withWorker(async () => {
      await until('2037-03-02 09:30');
      const file = parseOneStopFile({
        code: 'H57.22-370302-0042',
        procedure: { code: '1.001009', name: 'Cấp giấy phép xây dựng nhà ở riêng lẻ', workingDays: 5 },
        applicant: { name: 'Nguyễn Văn An', email: 'an.nguyen@example.vn', phone: '0905123456', idNumber: '052090001234' },
        receivingUnit: 'Bộ phận Một cửa huyện',
        agencies: [TNMT, LAND],
        receivedAt: '2037-03-02T09:30:00+07:00',
        online: false,
        jurisdiction: 'tuy-phuoc',
      });
      const handle = await h.env.client.workflow.start(oneStopFileWorkflow, { args: [{ file, policy: DEFAULT_FILE_POLICY }], taskQueue: h.taskQueue, workflowId: 'file:backdating:1' });
      await until('2037-03-04 10:00');
      await handle.executeUpdate(transferUpdate, { args: [{ actor: agency(TNMT), at: '2037-03-04T09:00:00+07:00' }] });
      await until('2037-03-20 10:00');
      // The appointment (09/03) passed; an agency dating its result to 06/03 is refused.
      expect(await refusal(handle.executeUpdate(resultReadyUpdate, { args: [{ actor: agency(LAND), at: '2037-03-06T10:00:00+07:00' }] }))).toContain('chỉ được ghi lùi tối đa 3 ngày');
      // Nobody may date it before the transfer to the agency that holds it.
      expect(await refusal(handle.executeUpdate(resultReadyUpdate, { args: [{ actor: monitor, at: '2037-03-03T10:00:00+07:00' }] }))).toContain('sự kiện đã ghi nhận gần nhất');
      const ready = await handle.executeUpdate(resultReadyUpdate, { args: [{ actor: monitor, at: '2037-03-10T10:00:00+07:00' }] });
      expect(ready.outcome).toBe('late_without_apology');
      expect(ready.timeline.at(-1)!.text).toContain('Nguyễn Văn Giám Sát ghi lùi 10 ngày');
    });
  });
});
