/**
 * dondoc's own database (storage/), on the embedded PGlite and on a real PostgreSQL server
 * (Debian's, started by test/support/postgres.ts on a private port). For each it prints
 * 1. messages claimed and marked sent per second: `Outbox.claim` then `Outbox.markSent` for
 *    `--sends` fresh keys, one at a time and `--concurrency` at a time (the exactly-once protocol
 *    without the SMTP conversation between the two);
 * 2. outbox listing latency for one agency with `--messages` messages stored (default 100,000;
 *    target p95 ≤ 50 ms): the real `Outbox.list({ agency, limit })` the API calls, first page and a
 *    page deep in the history, with and without a status filter, `--calls` calls each (p50, p95,
 *    p99), and the wall time of 20 parallel first-page calls (the figure issue 11 started from:
 *    8 s on the file ledger at 2,600 messages);
 * 3. `dondoc backup` of those messages and `dondoc restore` into a fresh database: rows per second,
 *    dump size and how much the process grew meanwhile (both stream: it should not grow with the data).
 * The messages are written by multi-row INSERTs in the outbox's own table layout (as a claim
 * writes them), a fifth of them holding a small `.eml`.
 *
 *   npm run bench -- storage
 *   node --import tsx bench/storage.bench.ts [--messages 100000] [--sends 2000] [--concurrency 16] [--calls 200] [--kinds embedded,server]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { nameKey } from '../domain/messages/text';
import { backupDatabase, restoreDatabase } from '../storage/backup';
import { openDatabase, type DatabaseHandle } from '../storage/database';
import { messageIdFor, Outbox, type ClaimInit, type LedgerStatus } from '../storage/outbox';
import type { NewOutboxMessage } from '../storage/tables';
import { startPostgres, type PostgresServer } from '../test/support/postgres';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '100000' },
    sends: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '16' },
    calls: { type: 'string', default: '200' },
    kinds: { type: 'string', default: 'embedded,server' },
  },
});
function whole(name: keyof typeof values): number {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${name} needs a positive whole number, got ${JSON.stringify(values[name])}`);
    process.exit(2);
  }
  return value;
}
const MESSAGES = whole('messages');
const SENDS = whole('sends');
const CONCURRENCY = whole('concurrency');
const CALLS = whole('calls');
const KINDS = String(values.kinds)
  .split(',')
  .map((k) => k.trim())
  .filter((k): k is 'embedded' | 'server' => k === 'embedded' || k === 'server');

/** The agency every stored message concerns (the listing measured), beside one of 20 others. */
const AGENCY = 'Phòng Tư pháp';
const OTHERS = Array.from({ length: 20 }, (_, i) => `Phòng chuyên môn số ${i + 1}`);
const EML = Buffer.from(
  `Message-ID: <x@dondoc>\r\nSubject: =?UTF-8?B?${Buffer.from('Nhắc hạn nhiệm vụ').toString('base64')}?=\r\n\r\n${'Nội dung thư. '.repeat(10)}\r\n`,
);
/** 1 in STATUS_EVERY messages failed, the rest sent: a status filter that must skip many rows. */
const STATUS_EVERY = 100;

const fmt = (n: number, digits = 0) => n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** A fresh migrated database of the kind: PGlite in a temporary DATA_DIR, or a new database on the server. */
async function freshDatabase(kind: 'embedded' | 'server', server: PostgresServer | undefined): Promise<DatabaseHandle & { cleanUp(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dondoc-bench-storage-'));
  const databaseUrl = kind === 'server' ? await server!.createDatabase() : undefined;
  const handle = await openDatabase({ databaseUrl, dataDir, poolSize: CONCURRENCY + 4 });
  return {
    ...handle,
    async cleanUp() {
      await handle.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function claimAndMark(handle: DatabaseHandle, inFlight: number, label: string): Promise<number> {
  const outbox = new Outbox(handle.db);
  const init = (i: number): ClaimInit => ({
    kind: 'reminder',
    subject: `Nhắc hạn nhiệm vụ ${i}`,
    recipients: [`can-bo${i % 50}@example.gov.vn`],
    agencies: [AGENCY, OTHERS[i % OTHERS.length]!],
  });
  let next = 0;
  const began = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      for (let i = next++; i < SENDS; i = next++) {
        const key = `bench:${label}:${i}`;
        const claimed = await outbox.claim(key, init(i));
        if (claimed.outcome !== 'claimed') throw new Error(`${key}: ${claimed.outcome}`);
        await outbox.markSent(key, { channel: 'smtp', accepted: claimed.record.recipients, rejected: [], response: '250 2.0.0 OK' });
      }
    }),
  );
  const seconds = (performance.now() - began) / 1000;
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from outbox_messages where status = 'sent' and key like ${`bench:${label}:%`}`.execute(
    handle.db,
  );
  if (rows[0]!.n !== SENDS) throw new Error(`expected ${SENDS} sent, found ${rows[0]!.n}`);
  return SENDS / seconds;
}

/** The i-th stored message (0 = newest), one second apart. */
const stored = {
  key: (i: number) => `reminder:task-${String(i).padStart(7, '0')}:2026-11-26`,
  at: (i: number) => new Date(Date.parse('2026-11-26T00:00:00Z') - i * 1000),
};

/** MESSAGES messages in the layout a claim writes, in multi-row INSERTs. */
async function fill(handle: DatabaseHandle): Promise<number> {
  const began = performance.now();
  const chunk = 2_000;
  for (let from = 0; from < MESSAGES; from += chunk) {
    const messages: NewOutboxMessage[] = [];
    const agencies: { agency_key: string; created_at: Date; key: string }[] = [];
    for (let i = from; i < Math.min(MESSAGES, from + chunk); i++) {
      const key = stored.key(i);
      const at = stored.at(i);
      const names = [AGENCY, OTHERS[i % OTHERS.length]!];
      const failed = i % STATUS_EVERY === 7;
      messages.push({
        key,
        message_id: messageIdFor(key),
        kind: 'reminder',
        status: failed ? 'failed' : 'sent',
        subject: `Nhắc hạn nhiệm vụ ${i}`,
        recipients: JSON.stringify([`can-bo${i % 50}@example.gov.vn`]),
        agencies: JSON.stringify(names),
        attempts: 1,
        created_at: at,
        updated_at: at,
        sent_at: failed ? null : at,
        channel: failed ? null : 'smtp',
        response: failed ? null : '250 2.0.0 OK',
        rejected: '[]',
        error: failed ? '550 5.1.1 mailbox unavailable' : null,
        queued_for: '[]',
        eml: i % 5 === 0 ? EML : null,
      });
      for (const name of names) agencies.push({ agency_key: nameKey(name), created_at: at, key });
    }
    await handle.db.insertInto('outbox_messages').values(messages).execute();
    await handle.db.insertInto('outbox_agencies').values(agencies).execute();
  }
  // What autovacuum does to an insert-heavy table soon after: statistics and the visibility map.
  await sql`vacuum analyze outbox_messages`.execute(handle.db);
  await sql`vacuum analyze outbox_agencies`.execute(handle.db);
  return (performance.now() - began) / 1000;
}

type ListCase = { label: string; options: { agency: string; limit: number; status?: LedgerStatus; before?: { createdAt: string; key: string } } };

async function timeList(outbox: Outbox, { options }: ListCase): Promise<{ p50: number; p95: number; p99: number; rows: number }> {
  let rows = 0;
  for (let i = 0; i < 10; i++) rows = (await outbox.list(options)).length; // warm-up
  const times: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const began = performance.now();
    await outbox.list(options);
    times.push(performance.now() - began);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), rows };
}

async function benchKind(kind: 'embedded' | 'server', server: PostgresServer | undefined): Promise<void> {
  console.log(`\n-- ${kind === 'embedded' ? 'embedded (PGlite, in this process)' : `server (PostgreSQL on 127.0.0.1:${server!.port})`}`);

  for (const inFlight of [1, CONCURRENCY]) {
    const db = await freshDatabase(kind, server);
    try {
      const rate = await claimAndMark(db, inFlight, `${kind}-${inFlight}`);
      console.log(
        `claim + mark sent     ${fmt(rate).padStart(7)} messages/s   (${fmt(SENDS)} messages, ${inFlight} in flight${inFlight > 1 ? '; those in flight together share statements: group commit' : ''})`,
      );
    } finally {
      await db.cleanUp();
    }
  }

  const db = await freshDatabase(kind, server);
  try {
    const seconds = await fill(db);
    console.log(
      `stored ${fmt(MESSAGES)} messages for "${AGENCY}" (+1 of ${OTHERS.length} other agencies each) in ${fmt(seconds, 1)} s (${fmt(MESSAGES / seconds)} rows/s)`,
    );
    const outbox = new Outbox(db.db);
    const half = Math.floor(MESSAGES / 2);
    const cases: ListCase[] = [
      { label: 'first page (200)', options: { agency: AGENCY, limit: 200 } },
      { label: 'first page (50)', options: { agency: AGENCY, limit: 50 } },
      {
        label: `page halfway back (200)`,
        options: { agency: AGENCY, limit: 200, before: { createdAt: stored.at(half).toISOString(), key: stored.key(half) } },
      },
      { label: `status=failed (200; 1 in ${STATUS_EVERY})`, options: { agency: AGENCY, limit: 200, status: 'failed' } },
      { label: `another agency (200 of ${fmt(MESSAGES / OTHERS.length)})`, options: { agency: OTHERS[3]!, limit: 200 } },
    ];
    console.log(`Outbox.list({ agency, limit }), ${CALLS} calls each, ms (target p95 ≤ 50 ms for the first page):`);
    for (const c of cases) {
      const t = await timeList(outbox, c);
      if (t.rows === 0) throw new Error(`${c.label}: no rows listed`);
      console.log(
        `  ${c.label.padEnd(34)} p50 ${fmt(t.p50, 1).padStart(6)}   p95 ${fmt(t.p95, 1).padStart(6)}   p99 ${fmt(t.p99, 1).padStart(6)}   (${t.rows} rows)`,
      );
    }
    const began = performance.now();
    await Promise.all(Array.from({ length: 20 }, () => outbox.list({ agency: AGENCY, limit: 200 })));
    console.log(`  20 parallel first-page calls: ${fmt(performance.now() - began, 0)} ms wall`);
    await backupAndRestore(db, kind, server);
  } finally {
    await db.cleanUp();
  }
}

/** `dondoc backup` of the filled database and `dondoc restore` into a fresh one of the same kind: time, size, memory. */
async function backupAndRestore(db: DatabaseHandle, kind: 'embedded' | 'server', server: PostgresServer | undefined): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'dondoc-bench-backup-'));
  const file = join(dir, 'dump.ndjson.gz');
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  try {
    let began = performance.now();
    const made = await backupDatabase(db, file);
    const backupS = (performance.now() - began) / 1000;
    const backupPeak = peak;
    const target = await freshDatabase(kind, server);
    try {
      peak = process.memoryUsage().rss;
      const restoreBase = peak;
      began = performance.now();
      await restoreDatabase(target, file);
      const restoreS = (performance.now() - began) / 1000;
      const mb = (bytes: number) => `${fmt(bytes / 1024 / 1024)} MB`;
      console.log(
        `backup  ${fmt(made.rows)} rows in ${fmt(backupS, 1)} s (${fmt(made.rows / backupS)} rows/s), ${mb(statSync(file).size)} gzip'ed; RSS +${mb(backupPeak - rssBefore)} at peak`,
      );
      console.log(
        `restore ${fmt(made.rows)} rows in ${fmt(restoreS, 1)} s (${fmt(made.rows / restoreS)} rows/s), one transaction; RSS +${mb(peak - restoreBase)} at peak`,
      );
    } finally {
      await target.cleanUp();
    }
  } finally {
    clearInterval(sampler);
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`Storage: ${fmt(SENDS)} claims per run, ${fmt(MESSAGES)} stored messages, kinds ${KINDS.join(', ')}`);
const server = KINDS.includes('server') ? await startPostgres({ name: 'bench-storage' }) : undefined;
try {
  for (const kind of KINDS) await benchKind(kind, server);
} finally {
  await server?.stop();
}
