/**
 * What one `notify` costs the worker alone (issue 17): the whole activity — parse, recipients,
 * Vietnamese rendering, the RFC 5322 message, the outbox's exactly-once protocol — for `--sends`
 * fresh reminders one after another, on the embedded database and on a PostgreSQL server. Prints
 * CPU and wall time per send, and the database's time per send by kind of statement (reads and
 * claims are SELECTs, the claim's INSERT being a WITH clause; the "sent" mark is the UPDATE).
 * Nothing else runs in the process, so this is the activity's own cost, without the worker's.
 *
 *   npm run bench -- notify
 *   node --import tsx bench/notify.bench.ts [--sends 2000] [--kinds embedded,server]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import type { KyselyPlugin } from 'kysely';
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

/** Time spent in each kind of statement, from the query's compilation to its result. */
function statementTimer() {
  const spent = new Map<string, number>();
  let kind = '';
  let began = 0;
  const plugin: KyselyPlugin = {
    transformQuery: ({ node }) => {
      kind = node.kind.replace('QueryNode', '');
      began = performance.now();
      return node;
    },
    transformResult: async ({ result }) => {
      spent.set(kind, (spent.get(kind) ?? 0) + performance.now() - began);
      return result;
    },
  };
  return { plugin, spent };
}

async function measure(kind: 'embedded' | 'server', server: PostgresServer | undefined): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dondoc-bench-notify-'));
  const handle = await openDatabase({ dataDir, databaseUrl: kind === 'server' ? await server!.createDatabase() : undefined });
  try {
    const timer = statementTimer();
    const notifications = createNotificationActivities({
      db: handle.db.withPlugin(timer.plugin),
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
