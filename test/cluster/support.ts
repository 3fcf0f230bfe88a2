/**
 * The cluster tests' harness: `npm run cluster`'s stack (scripts/cluster-stack.ts) on free ports in a
 * temporary directory, an HTTP client for each API replica, a Temporal client, dondoc's database,
 * and the exactly-once check of what reached the SMTP sink against the outbox ledger.
 */
import { Client, Connection } from '@temporalio/client';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../storage/database';
import { UserStore } from '../../storage/accounts';
import type { NewUser } from '../../storage/accounts';
import { startClusterStack, type ClusterStack, type ClusterStackOptions } from '../../scripts/cluster-stack';
import type { WorkingCalendar } from '../../domain/calendar/calendar';
import { loadCalendar } from '../../domain/calendar/load';
import type { YearOverlay } from '../../domain/calendar/overlay';
import { addDays, vietnamDateOf } from '../../domain/dates';

export type TestCluster = {
  stack: ClusterStack;
  client: Client;
  connection: Connection;
  db: DatabaseHandle;
  /** A token for a new account. */
  account(user: NewUser): Promise<string>;
  /** HTTP to API replica `replica` (0 or 1). */
  call(replica: number, token: string | null, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; json: any; text: string }>;
  close(): Promise<void>;
};

export async function startTestCluster(options: ClusterStackOptions = {}): Promise<TestCluster> {
  const started = Date.now();
  const stack = await startClusterStack({ progress: (line) => console.info(`[cluster +${((Date.now() - started) / 1000).toFixed(1)} s] ${line}`), ...options });
  const connection = await Connection.connect({ address: stack.settings.TEMPORAL_ADDRESS });
  const client = new Client({ connection, namespace: stack.settings.TEMPORAL_NAMESPACE });
  const db = await openDatabase({ databaseUrl: stack.settings.DATABASE_URL, dataDir: stack.dir, poolSize: 4 });
  const users = new UserStore(db.db);
  return {
    stack,
    client,
    connection,
    db,
    account: (user) => users.add(user),
    async call(replica, token, method, path, body, headers = {}) {
      const isBuffer = Buffer.isBuffer(body);
      const res = await fetch(`${stack.apiUrls[replica]}${path}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body === undefined ? {} : { 'content-type': isBuffer ? 'application/octet-stream' : 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : isBuffer ? new Uint8Array(body as Buffer) : JSON.stringify(body),
      });
      const text = await res.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: res.status, json, text };
    },
    async close() {
      await db.close().catch(() => undefined);
      await connection.close().catch(() => undefined);
      await stack.stop();
    },
  };
}

/** Polls fn until ok, at most timeoutMs; returns the last value. */
export async function eventually<T>(fn: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 60_000, everyMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export type OutboxRow = { key: string; message_id: string; kind: string; status: string; attempts: number; channel: string | null; subject: string | null };

export async function outboxRows(db: DatabaseHandle, keyPrefix = ''): Promise<OutboxRow[]> {
  return db.db
    .selectFrom('outbox_messages')
    .select(['key', 'message_id', 'kind', 'status', 'attempts', 'channel', 'subject'])
    .where('key', 'like', `${keyPrefix}%`)
    .execute() as Promise<OutboxRow[]>;
}

export type Delivery = { sent: number; received: number; secondCopies: number; secondCopiesOfReclaimed: number };

/**
 * Every message the ledger says was sent over SMTP reached the sink, and nothing else did; a second
 * copy only of a message whose claim was taken over (attempts > 1: its sender died between the
 * server's 250 and recording "sent", which SMTP cannot tell apart; docs/messages.md), never a third.
 */
export async function expectExactlyOnce(cluster: TestCluster): Promise<Delivery> {
  const rows = await outboxRows(cluster.db);
  const sent = rows.filter((r) => r.status === 'sent' && r.channel === 'smtp');
  const copies = cluster.stack.smtp.copies();
  const reclaimed = new Set(sent.filter((r) => r.attempts > 1).map((r) => r.message_id));
  expect([...copies.keys()].sort()).toEqual(sent.map((r) => r.message_id).sort());
  const twice = [...copies].filter(([, n]) => n > 1);
  expect(twice.filter(([id, n]) => n !== 2 || !reclaimed.has(id))).toEqual([]);
  return { sent: sent.length, received: cluster.stack.smtp.messages.length, secondCopies: twice.length, secondCopiesOfReclaimed: twice.filter(([id]) => reclaimed.has(id)).length };
}

/**
 * The calendar the cluster tests run under, in which today is a working day. Their reminders fire
 * at today's office hour, so on a weekend or holiday today becomes a working day in exchange for a
 * weekday off a few days away (a swap, as a ngày làm bù is decreed), written to a calendar directory
 * of the run: DONDOC_CALENDAR_DIR, set here, is inherited by the stack's worker and API processes.
 * Call it before the stack starts.
 */
export function calendarWorkingToday(): WorkingCalendar {
  const today = vietnamDateOf(Date.now());
  const calendar = loadCalendar();
  if (calendar.isWorkingDay(today)) return calendar;
  const year = Number(today.slice(0, 4));
  const dayOff = [3, 4, 5, 6, 7, 8, 9, -3, -4, -5, -6, -7, -8, -9]
    .map((days) => addDays(today, days))
    .find((day) => Number(day.slice(0, 4)) === year && calendar.isWorkingDay(day));
  if (!dayOff) throw new Error(`no working weekday near ${today} to swap with it`);
  const overlay: YearOverlay = {
    year,
    holidays: [
      {
        occasions: ['other'],
        name: 'Ngày nghỉ hoán đổi của lần chạy kiểm thử',
        from: dayOff,
        to: dayOff,
        source: 'Kiểm thử trên cụm máy chủ: hôm nay là ngày làm việc',
        swaps: [{ dayOff, workingDay: today }],
      },
    ],
  };
  const dir = mkdtempSync(join(tmpdir(), 'dondoc-calendar-'));
  writeFileSync(join(dir, `${year}-test.json`), JSON.stringify(overlay));
  process.env.DONDOC_CALENDAR_DIR = dir;
  const working = loadCalendar(dir);
  if (!working.isWorkingDay(today)) throw new Error(`the swap did not make ${today} a working day`);
  return working;
}
