/**
 * A worker killed in the middle of sending, for real: the send runs in a child process that the
 * test SIGKILLs at a chosen point, then the activity is retried here as Temporal would retry it.
 * The ledger is in a real PostgreSQL server that both processes share (DATABASE_URL).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { createNotificationActivities, listOutbox } from '../activities/notifications';
import { openDatabase, type DatabaseHandle } from '../storage/database';
import { ADDR, REMINDER_DAY_MORNING, TITLE, reminder, startSmtpServer, tempDataDir, testDirectory, waitFor, type TestSmtp } from './notifications.support';
import { testDatabaseUrl } from './support/databases';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The worker: one notify() of the standard reminder, in its own process. */
const CHILD = `
const { createNotificationActivities } = await import(${JSON.stringify(`${ROOT}activities/notifications.ts`)});
const { openStorage } = await import(${JSON.stringify(`${ROOT}storage/index.ts`)});
const { reminder, testDirectory } = await import(${JSON.stringify(`${ROOT}test/notifications.support.ts`)});
const { pino } = await import('pino');
const storage = await openStorage({ DATABASE_URL: process.env.DATABASE_URL, DATA_DIR: process.env.TEST_DATA_DIR });
const activities = createNotificationActivities({
  db: storage.db,
  directory: async () => testDirectory(),
  config: { smtpUrl: process.env.TEST_SMTP_URL },
  logger: pino({ level: 'silent' }),
  now: () => new Date('2025-12-23T02:00:00Z'),
});
const result = await activities.notify(reminder());
console.log(JSON.stringify(result));
await storage.close();
`;

let smtp: TestSmtp;
let dataDir: string;
let databaseUrl: string;
let storage: DatabaseHandle | undefined;
let child: ChildProcess | undefined;

function startWorker(): { process: ChildProcess; exited: Promise<number | null>; output: () => string } {
  let output = '';
  const proc = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD], {
    cwd: ROOT,
    env: { ...process.env, TEST_SMTP_URL: smtp.url, TEST_DATA_DIR: dataDir, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (d) => (output += d));
  proc.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  child = proc;
  return { process: proc, exited, output: () => output };
}

async function ledgerStatus(): Promise<string | undefined> {
  const [entry] = await listOutbox(storage!.db);
  return entry?.status;
}

/** Linux: the process state letter in /proc/<pid>/stat ('T' = stopped). */
function isStopped(pid: number): boolean {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return true;
  return / T /.test(readFileSync(stat, 'utf8').replace(/^.*\)/, ''));
}

beforeEach(async () => {
  smtp = await startSmtpServer();
  dataDir = await tempDataDir();
  databaseUrl = await testDatabaseUrl();
  storage = await openDatabase({ databaseUrl, dataDir });
});
afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
  await smtp.close();
  await storage?.close();
  storage = undefined;
});


function retryHere() {
  return createNotificationActivities({
    db: storage!.db,
    directory: async () => testDirectory(),
    config: { smtpUrl: smtp.url },
    logger: pino({ level: 'silent' }),
    now: () => REMINDER_DAY_MORNING,
  }).notify(reminder());
}

describe('a worker killed while sending', () => {
  it('a worker that completes is not repeated (control case, through the same child process)', async () => {
    const worker = startWorker();
    expect(await worker.exited).toBe(0);
    expect(JSON.parse(worker.output().trim().split('\n').pop()!)).toMatchObject({ status: 'sent' });
    expect((await retryHere()).status).toBe('duplicate');
    expect(smtp.received).toHaveLength(1);
  });

  it('killed after the ledger says "sending" and before the message left: the retry delivers exactly one copy', async () => {
    let connected = false;
    let releaseGreeting!: () => void;
    smtp.onConnect = () => {
      connected = true;
      return new Promise<void>((resolve) => (releaseGreeting = resolve));
    };
    const worker = startWorker();
    await waitFor(async () => connected && (await ledgerStatus()) === 'sending', 'the worker to claim the message and connect');
    worker.process.kill('SIGKILL');
    await worker.exited;
    smtp.onConnect = undefined;
    releaseGreeting();
    expect(smtp.dataCount).toBe(0);

    const result = await retryHere();
    expect(result).toMatchObject({ status: 'sent', recipients: [ADDR.justiceOfficer] });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.mail.subject).toBe(`[Nhắc việc] Còn 7 ngày: ${TITLE}`);
    const [entry] = await listOutbox(storage!.db);
    expect(entry).toMatchObject({ status: 'sent', attempts: 2 });
    expect((await retryHere()).status).toBe('duplicate');
    expect(smtp.received).toHaveLength(1);
  });

  it('killed after the server replied 250 and before "sent" was recorded: the retry sends a second copy with the same Message-ID', async () => {
    let workerPid = 0;
    smtp.beforeAccept = async () => {
      // Freeze the worker so that it cannot read the 250 reply, then let the server send it.
      process.kill(workerPid, 'SIGSTOP');
      await waitFor(() => isStopped(workerPid), 'the worker to stop');
    };
    const worker = startWorker();
    workerPid = worker.process.pid!;
    await waitFor(() => smtp.received.length === 1, 'the server to accept the message');
    await new Promise((r) => setTimeout(r, 50)); // the 250 reply is now in the frozen worker's socket
    worker.process.kill('SIGKILL');
    await worker.exited;
    smtp.beforeAccept = undefined;
    expect(await ledgerStatus()).toBe('sending');

    const result = await retryHere();
    expect(result.status).toBe('sent');
    // The documented window: the ledger could not know the first copy was accepted.
    expect(smtp.received).toHaveLength(2);
    expect(smtp.received[1]!.mail.messageId).toBe(smtp.received[0]!.mail.messageId);
    const [entry] = await listOutbox(storage!.db);
    expect(entry).toMatchObject({ status: 'sent', attempts: 2 });
    expect((await retryHere()).status).toBe('duplicate');
    expect(smtp.received).toHaveLength(2);
  });
});
