/**
 * How many messages the first `npm start` sends: the sample plans loaded on a fresh data directory
 * against a fresh dev server (as `npm start` does, without the API), until the outbox settles.
 * Prints the total, how many recipients got how many, the most served recipients, and the largest
 * number of messages one recipient got about one task or file.
 *
 *   npx tsx scripts/count-first-start.ts [--json] [--settle-seconds 30] [--max-minutes 20]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from './free-port';
import type { LedgerRecord, Outbox } from '../storage/outbox';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    'settle-seconds': { type: 'string', default: '30' },
    'max-minutes': { type: 'string', default: '20' },
  },
});

/** Every message of the outbox, a page at a time. */
async function records(outbox: Outbox): Promise<LedgerRecord[]> {
  const out: LedgerRecord[] = [];
  for (;;) {
    const last = out.at(-1);
    const page = await outbox.list({ limit: 1000, ...(last ? { before: { createdAt: last.createdAt, key: last.key } } : {}) });
    out.push(...page);
    if (page.length < 1000) return out;
  }
}

/** The task or file a message key is about: "task:<plan>:<ref>[/<period>]" or "file:<code>". */
function subjectOf(key: string): string {
  return /^(task:[^:]+:[^:]+|file:[^:]+)/.exec(key)?.[1] ?? key;
}

type FirstStartCount = {
  messages: number;
  byKind: Record<string, number>;
  /** Records waiting for a daily digest (sent later, at most one digest per agency a day). */
  queuedForDigest: number;
  failedOrUndeliverable: number;
  recipients: number;
  maxPerRecipient: { recipient: string; messages: number } | null;
  topRecipients: { recipient: string; messages: number }[];
  maxPerRecipientPerItem: { recipient: string; item: string; messages: number } | null;
};

function summarise(all: LedgerRecord[]): FirstStartCount {
  const sent = all.filter((r) => r.status === 'sent');
  const byKind: Record<string, number> = {};
  const perRecipient = new Map<string, number>();
  const perRecipientItem = new Map<string, number>();
  for (const r of sent) {
    byKind[r.kind] = (byKind[r.kind] ?? 0) + 1;
    for (const to of r.recipients) {
      perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
      const k = `${to}\u0000${subjectOf(r.key)}`;
      perRecipientItem.set(k, (perRecipientItem.get(k) ?? 0) + 1);
    }
  }
  const ranked = [...perRecipient].sort((a, b) => b[1] - a[1]).map(([recipient, messages]) => ({ recipient, messages }));
  const worstItem = [...perRecipientItem].sort((a, b) => b[1] - a[1])[0];
  return {
    messages: sent.length,
    byKind,
    queuedForDigest: all.filter((r) => r.status === 'queued').length,
    failedOrUndeliverable: all.filter((r) => r.status === 'failed' || r.status === 'undeliverable').length,
    recipients: perRecipient.size,
    maxPerRecipient: ranked[0] ?? null,
    topRecipients: ranked.slice(0, 5),
    maxPerRecipientPerItem: worstItem ? { recipient: worstItem[0].split('\u0000')[0]!, item: worstItem[0].split('\u0000')[1]!, messages: worstItem[1] } : null,
  };
}

async function main(): Promise<void> {
  // One log line per message would drown the count: warnings and errors only, unless asked. The
  // modules read LOG_LEVEL when they load, so they are loaded after it is set.
  process.env.LOG_LEVEL ??= 'warn';
  const { loadConfig } = await import('../worker/config');
  const { openCluster } = await import('../worker/cluster');
  const { createWorker } = await import('../worker/worker');
  const { ensureSchedules } = await import('../worker/schedules');
  const { loadSamplesOnce } = await import('../worker/samples');
  const { openStorage } = await import('../storage');
  const { DirectoryStore } = await import('../storage/directory');
  const { Outbox } = await import('../storage/outbox');
  const { restrictNewFiles } = await import('../worker/data-dir');
  restrictNewFiles();
  delete process.env.SMTP_URL;
  const dataDir = join(mkdtempSync(join(tmpdir(), 'dondoc-first-start-')), 'data');
  process.env.DATA_DIR = dataDir;
  const config = loadConfig({
    DATA_DIR: dataDir,
    TEMPORAL_DEV_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
  });
  const storage = await openStorage(config);
  const outbox = new Outbox(storage.db);
  const cluster = await openCluster(config);
  const worker = await createWorker({ connection: cluster.nativeConnection, namespace: config.TEMPORAL_NAMESPACE, taskQueue: config.TEMPORAL_TASK_QUEUE, config, db: storage.db });
  const workerRun = worker.run();
  try {
    await ensureSchedules(cluster.client, config.TEMPORAL_TASK_QUEUE);
    const started = Date.now();
    const reports = await loadSamplesOnce(cluster.client, storage.db, new DirectoryStore(storage.db), config.TEMPORAL_TASK_QUEUE);
    const workflows = reports.reduce((n, r) => n + r.started.length, 0);
    process.stderr.write(`loaded ${reports.length} sample plans (${workflows} tasks); waiting for the outbox to settle…\n`);

    const settleMs = Number(values['settle-seconds']) * 1_000;
    const deadline = started + Number(values['max-minutes']) * 60_000;
    let last = -1;
    let stableSince = Date.now();
    for (;;) {
      await new Promise((r) => setTimeout(r, 2_000));
      const now = await records(outbox);
      const busy = now.some((r) => r.status === 'sending' || r.status === 'retrying');
      if (now.length !== last || busy) {
        last = now.length;
        stableSince = Date.now();
        process.stderr.write(`  ${now.length} messages after ${Math.round((Date.now() - started) / 1000)} s\n`);
      } else if (Date.now() - stableSince >= settleMs) break;
      if (Date.now() > deadline) {
        process.stderr.write('the outbox did not settle in time: counting what is there\n');
        break;
      }
    }
    const summary = summarise(await records(outbox));
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ dataDir, ...summary }, null, 2)}\n`);
    } else {
      process.stdout.write(
        [
          `First start (data: ${dataDir}):`,
          `  messages sent              ${summary.messages}`,
          `  by kind                    ${Object.entries(summary.byKind).map(([k, n]) => `${k} ${n}`).join(', ')}`,
          `  waiting for a daily digest ${summary.queuedForDigest}`,
          `  failed or undeliverable    ${summary.failedOrUndeliverable}`,
          `  recipients                 ${summary.recipients}`,
          `  most to one recipient      ${summary.maxPerRecipient ? `${summary.maxPerRecipient.messages} (${summary.maxPerRecipient.recipient})` : '—'}`,
          `  most to one recipient about one item  ${summary.maxPerRecipientPerItem ? `${summary.maxPerRecipientPerItem.messages} (${summary.maxPerRecipientPerItem.recipient}, ${summary.maxPerRecipientPerItem.item})` : '—'}`,
          `  top recipients             ${summary.topRecipients.map((r) => `${r.recipient} ${r.messages}`).join('; ')}`,
          '',
        ].join('\n'),
      );
    }
  } finally {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await workerRun.catch(() => undefined);
    await cluster.close();
    await storage.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`count-first-start failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
