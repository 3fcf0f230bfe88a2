/**
 * Issue 10, "one-stop delivery failures are never reported": when a file's message still fails
 * after its retries (two days of an SMTP outage), the file workflow reports it like the task
 * workflow does — the ledger marks it failed (not 'retrying' for ever) and the timeline tells the
 * truth about whether Văn phòng UBND was told.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTimeSkipping, type Harness } from '../support/time-skipping';
import { listOutbox } from '../../activities/notifications';
import { fileStateQuery } from '../../workflows/onestop-api';
import { oneStopFileWorkflow } from '../../workflows/onestop-file';
import { DEFAULT_FILE_POLICY } from '../../domain/onestop/policy';
import { parseOneStopFile } from '../../domain/onestop/file';
import { recordHistory } from '../support/histories';

let h: Harness;
const saved = process.env.SMTP_URL;
beforeEach(async () => {
  // A mail server that refuses every connection.
  process.env.SMTP_URL = 'smtp://127.0.0.1:9';
  h = await startTimeSkipping();
  await h.env.sleep(Date.parse('2037-03-02T09:30:00+07:00') - (await h.env.currentTimeMs()));
});
afterEach(async () => {
  await h?.close();
  if (saved === undefined) delete process.env.SMTP_URL;
  else process.env.SMTP_URL = saved;
});

describe('a file whose message cannot be delivered', () => {
  it('reports the failure after the retries: the ledger says failed, the timeline says so', async () => {
    await h.withWorker(async () => {
      const file = parseOneStopFile({
        code: 'H57.22-370302-0077',
        procedure: { code: '1.001009', name: 'Cấp giấy phép xây dựng nhà ở riêng lẻ', workingDays: 5 },
        applicant: { name: 'Nguyễn Văn An', email: 'an.nguyen@example.vn', phone: '0905123456', idNumber: '052090001234' },
        receivingUnit: 'Bộ phận Một cửa huyện',
        agencies: ['Phòng Tài nguyên và Môi trường'],
        receivedAt: '2037-03-02T09:30:00+07:00',
        online: false,
        jurisdiction: 'tuy-phuoc',
      });
      const handle = await h.env.client.workflow.start(oneStopFileWorkflow, { args: [{ file, policy: DEFAULT_FILE_POLICY }], taskQueue: h.taskQueue, workflowId: `file:${file.code}` });
      // The warning goes out on 05/03 at 08:00; its retries end two days later: the ledger marks it failed
      // and the monitoring office is told (that report is retried in turn).
      const warningKey = `file:${file.code}:file@2037-03-09:reminder:2`;
      await h.env.sleep(Date.parse('2037-03-07T12:00:00+07:00') - (await h.env.currentTimeMs()));
      const outbox = await listOutbox(h.db);
      expect(outbox.find((m) => m.key === warningKey)?.status).toBe('failed');
      expect(outbox.some((m) => m.kind === 'delivery_failed' && m.key.startsWith(warningKey))).toBe(true);
      // With the mail server still down, the report cannot go out either: the timeline does not claim it did.
      await h.env.sleep(Date.parse('2037-03-10T12:00:00+07:00') - (await h.env.currentTimeMs()));
      const failed = (await handle.query(fileStateQuery)).timeline.filter((e) => e.type === 'notification_failed');
      expect(failed[0]).toMatchObject({ key: 'file@2037-03-09:reminder:2' });
      expect(failed[0]!.text).toContain('chưa báo được Văn phòng UBND');
      await recordHistory('onestop-delivery-failure', handle);
    });
  }, 300_000);
});
