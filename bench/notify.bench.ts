/**
 * What one `notify` costs the worker alone (issue 17): the whole activity — parse, recipients,
 * Vietnamese rendering, the RFC 5322 message, the outbox's exactly-once protocol — for `--sends`
 * fresh reminders one after another, on the embedded database and on a PostgreSQL server. Prints
 * CPU and wall time per send, and the database's time per send by statement, timed in the drivers
 * (PGlite's and pg's), which both the query builder and the prepared statements go through: on the
 * embedded database the claim and the "sent" mark by their prepared names, on a server by their
 * first word (the claim is a WITH, the mark an UPDATE). Nothing else runs in the process, so this
 * is the activity's own cost, without the worker's.
 *
 *   npm run bench -- notify
 *   node --import tsx bench/notify.bench.ts [--sends 2000] [--kinds embedded,server]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { createNotificationActivities } from '../activities/notifications';
import { openDatabase } from '../storage/database';
import { REMINDER_DAY_MORNING, reminder, testDirectory } from '../test/notifications.support';
import { startPostgres, type PostgresServer } from '../test/support/postgres';

const { values } = parseArgs({ options: { sends: { type: 'string', default: '2000' }, kinds: { type: 'string', default: 'embedded,server' } } });
const SENDS = Number(values.sends);
if (!Number.isInteger(SENDS) || SENDS < 1) {
  console.error(`--sends needs a positive whole number, got ${JSON.stringify(values.sends)}`);
  process.exit(2);
}
const KINDS = values.kinds.split(',').filter((k): k is 'embedded' | 'server' => k === 'embedded' || k === 'server');
const WARM_UP = 200;

/** Time spent in each statement, from the driver's call to its result, by `statementName`. */
function statementTimer() {
  const spent = new Map<string, number>();
  const restore: (() => void)[] = [];
  function time<T extends object>(proto: T, method: keyof T & string): void {
    const original = proto[method] as unknown as (this: unknown, text: unknown, ...rest: unknown[]) => Promise<unknown>;
    (proto as Record<string, unknown>)[method] = async function (this: unknown, text: unknown, ...rest: unknown[]) {
      const began = performance.now();
      try {
        return await original.call(this, text, ...rest);
      } finally {
        const name = statementName(text);
        spent.set(name, (spent.get(name) ?? 0) + performance.now() - began);
      }
    };
    restore.push(() => ((proto as Record<string, unknown>)[method] = original));
  }
  time(PGlite.prototype, 'exec');
  time(PGlite.prototype, 'query');
  time(pg.Client.prototype, 'query');
  return { spent, stop: () => restore.forEach((undo) => undo()) };
}

/** `EXECUTE outbox_claim(…)` → "outbox_claim"; any other statement → its first word (SELECT, INSERT, …). */
function statementName(text: unknown): string {
  const sqlText = typeof text === 'string' ? text : typeof text === 'object' && text !== null && 'text' in text ? String(text.text) : '';
  const words = sqlText.trim().split(/[\s(]+/, 2);
  return (words[0]?.toUpperCase() === 'EXECUTE' ? words[1] : words[0]?.toUpperCase()) || 'other';
}

async function measure(kind: 'embedded' | 'server', server: PostgresServer | undefined): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dondoc-bench-notify-'));
  const handle = await openDatabase({ dataDir, databaseUrl: kind === 'server' ? await server!.createDatabase() : undefined });
  const timer = statementTimer();
  try {
    const notifications = createNotificationActivities({
      db: handle.db,
      directory: async () => testDirectory(),
      config: { smtpUrl: null },
      logger: pino({ level: 'silent' }),
      now: () => REMINDER_DAY_MORNING,
    });
    for (let i = 0; i < WARM_UP; i++) await notifications.notify(reminder({ key: `warm-up:${i}` }));
    timer.spent.clear();
    const cpu = process.cpuUsage();
    const began = performance.now();
    for (let i = 0; i < SENDS; i++) {
      const result = await notifications.notify(reminder({ key: `bench:${i}` }));
      if (result.status !== 'sent') throw new Error(`bench:${i}: ${result.status}`);
    }
    const wall = performance.now() - began;
    const used = process.cpuUsage(cpu);
    const per = (ms: number) => (ms / SENDS).toFixed(3);
    const statements = [...timer.spent].map(([k, ms]) => `${k} ${per(ms)}`).join(', ');
    console.log(`${kind}: ${SENDS} sends; per send: CPU ${per((used.user + used.system) / 1000)} ms, wall ${per(wall)} ms; in statements (ms): ${statements}`);
  } finally {
    timer.stop();
    await handle.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const server = KINDS.includes('server') ? await startPostgres({ name: 'bench-notify' }) : undefined;
try {
  for (const kind of KINDS) await measure(kind, server);
} finally {
  await server?.stop();
}
