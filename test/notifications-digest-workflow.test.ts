/**
 * dailyDigestWorkflow on Temporal's time-skipping test server, with the real digest activity and a
 * real SMTP server: the day defaults to the workflow's own Vietnam date, and a second run of the
 * same day sends nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { startPatiently, timeSkippingServerConfig } from '../worker/temporal-binaries';
import { installTemporalLogger } from '../worker/logger';
import { createNotificationActivities } from '../activities/notifications';
import { dailyDigestWorkflow } from '../workflows/digest';
import { ADDR, reminder, startSmtpServer, testDirectory, type TestSmtp } from './notifications.support';
import { useOutboxDatabase } from './notifications.database';

const db = useOutboxDatabase();

/** 08:00 on Monday 1 December 2036, Vietnam time. */
const ANCHOR = Date.parse('2036-12-01T08:00:00+07:00');

let env: TestWorkflowEnvironment;
let smtp: TestSmtp;

beforeAll(async () => {
  installTemporalLogger();
  env = await startPatiently('the time-skipping test server', async () => TestWorkflowEnvironment.createTimeSkipping({ server: await timeSkippingServerConfig() }));
  await env.sleep(ANCHOR - (await env.currentTimeMs()));
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await smtp?.close();
  await env?.teardown();
});

describe('dailyDigestWorkflow', () => {
  it('sends the day digest once, for the Vietnam date of the workflow clock', async () => {
    const activities = createNotificationActivities({
      directory: async () => testDirectory(),
      db: db(), config: { smtpUrl: smtp.url },
      logger: pino({ level: 'silent' }),
    });
    for (const n of [1, 2]) {
      const base = reminder({ agency: 'Sở Nội vụ', asOf: '2036-12-01' });
      await activities.notify({
        ...base,
        key: `task:p:${n}:reminder:2036-12-01`,
        subject: { ...(base.subject as object), workflowId: `task:p:${n}`, title: `Nhiệm vụ số ${n}`, due: '2036-12-08' } as never,
      });
    }
    expect(smtp.dataCount).toBe(0);

    const taskQueue = `digest-${process.pid}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath: fileURLToPath(new URL('../workflows/digest.ts', import.meta.url)),
      activities,
    });
    const [first, second] = await worker.runUntil(async () => {
      // A plain client: the time-skipping client would let the server jump ahead while the
      // activity runs (to its timeouts), and the second run would fall on another day.
      const client = new Client({ connection: env.connection, namespace: env.namespace });
      const run = (id: string) => client.workflow.execute(dailyDigestWorkflow, { taskQueue, workflowId: id, args: [] });
      return [await run('digest-1'), await run('digest-2')];
    });

    expect(first).toEqual([
      { agencyId: 'so-noi-vu', agency: 'Sở Nội vụ', key: 'digest:so-noi-vu:2036-12-01', status: 'sent', items: 2, recipients: [ADDR.homeOfficer] },
    ]);
    expect(second).toMatchObject([{ key: 'digest:so-noi-vu:2036-12-01', status: 'duplicate' }]);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.mail.subject).toBe('[Tổng hợp ngày 01/12/2036] 2 việc cần xử lý – Sở Nội vụ');
    expect(smtp.received[0]!.mail.text).toContain('Hạn hoàn thành: 08/12/2036 – Còn 7 ngày');
  });
});
