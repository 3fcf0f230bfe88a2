/**
 * Issue 10 for one-stop files: a file whose appointment passed before its workflow started (a
 * backlog import, a worker that was down) sends one current notice per recipient, not every missed
 * level; acknowledging a level afterwards sends nothing more of that level.
 */
import { describe, expect, it } from 'vitest';
import { harnessPerTest, type Harness } from '../support/time-skipping';
import { listOutbox, type OutboxEntry } from '../../activities/notifications';
import { acknowledgeFileUpdate, fileStateQuery } from '../../workflows/onestop-api';
import { oneStopFileWorkflow } from '../../workflows/onestop-file';
import { DEFAULT_FILE_POLICY } from '../../domain/onestop/policy';
import { parseOneStopFile } from '../../domain/onestop/file';
import type { Actor } from '../../workflows/task-api';
import { recordHistory } from '../support/histories';

const monitor: Actor = { name: 'Trần Thị Văn Phòng', role: 'monitor' };

let h: Harness;
harnessPerTest((x) => (h = x));

const until = (vietnam: string) => h.until(vietnam);

function perAddress(outbox: OutboxEntry[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const m of outbox) for (const r of m.recipients) counts[r] = (counts[r] ?? 0) + 1;
  return counts;
}

describe('a file started after its appointment passed', () => {
  it('tells each recipient once, then acknowledging sends nothing more of that level', async () => {
    await h.withWorker(async () => {
      await until('2037-03-20 10:00');
      const file = parseOneStopFile({
        code: 'H57.22-370302-0055',
        procedure: { code: '1.001009', name: 'Cấp giấy phép xây dựng nhà ở riêng lẻ', workingDays: 5 },
        applicant: { name: 'Nguyễn Văn An', email: 'an.nguyen@example.vn', phone: '0905123456', idNumber: '052090001234' },
        receivingUnit: 'Bộ phận Một cửa huyện',
        agencies: ['Phòng Tài nguyên và Môi trường'],
        receivedAt: '2037-03-02T09:30:00+07:00',
        online: false,
        jurisdiction: 'tuy-phuoc',
      });
      const handle = await h.env.client.workflow.start(oneStopFileWorkflow, { args: [{ file, policy: DEFAULT_FILE_POLICY }], taskQueue: h.taskQueue, workflowId: `file:${file.code}` });
      await until('2037-03-20 10:05');
      const first = await listOutbox(h.db);
      expect(Object.entries(perAddress(first)).filter(([, n]) => n > 1)).toEqual([]);
      expect(first.map((m) => m.kind).sort()).toEqual(['apology_overdue', 'escalation']);
      const view = await handle.query(fileStateQuery);
      expect(view.escalationLevel).toBe(3);
      for (const level of [2, 3]) await handle.executeUpdate(acknowledgeFileUpdate, { args: [{ actor: monitor, level, comment: 'Đã nắm, chỉ đạo xử lý' }] });
      await until('2037-04-30 12:00');
      const later = await listOutbox(h.db);
      expect(later.filter((m) => m.kind === 'escalation').map((m) => m.key)).toEqual(first.filter((m) => m.kind === 'escalation').map((m) => m.key));
      await recordHistory('onestop-late-start', handle);
    });
  });
});
