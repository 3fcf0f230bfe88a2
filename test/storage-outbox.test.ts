/**
 * The outbox ledger and the digest queue in PostgreSQL, on the embedded database and on a real
 * server: the claim/mark protocol, leases, two claimers on one database, listing by agency.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { sql } from 'kysely';
import { Outbox, hashKey, messageIdFor, type ClaimInit } from '../storage/outbox';
import { DigestQueue, type QueuedNotice } from '../storage/digest-queue';
import { DATABASE_KINDS, openTestDatabase, testDatabaseUrl } from './support/databases';
import { openDatabase } from '../storage/database';
import { parseNotifyRequest } from '../domain/messages/render';
import { reminder, tempDataDir } from './notifications.support';

const init: ClaimInit = { kind: 'reminder', subject: 's', recipients: ['a@b.vn'], agencies: ['Sở Tư pháp', 'so-tu-phap'] };
const receipt = { channel: 'smtp', accepted: ['a@b.vn'], rejected: [], response: '250 OK' };

/** The pid of a process that has exited. */
function deadPid(): number {
  const run = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  return Number(run.stdout.trim());
}

describe.each(DATABASE_KINDS)('the outbox ledger (%s)', (kind) => {
  it('claims a key once, stores its message, marks it sent, and answers "sent" afterwards', async () => {
    const { db } = await openTestDatabase(kind);
    const outbox = new Outbox(db);
    const claim = await outbox.claim('k', { ...init, eml: Buffer.from('Subject: x\r\n\r\nthân thư\r\n') });
    expect(claim).toMatchObject({ outcome: 'claimed', record: { key: 'k', status: 'sending', attempts: 1, messageId: messageIdFor('k') } });
    expect(claim.record.lease).toMatchObject({ pid: process.pid, host: hostname() });
    expect(messageIdFor('k')).toBe(`<${hashKey('k')}@dondoc>`);
    const sent = await outbox.markSent('k', receipt);
    expect(sent).toMatchObject({ status: 'sent', channel: 'smtp', response: '250 OK', lease: null, rejected: [] });
    expect((await outbox.readEml('k'))!.toString('utf8')).toBe('Subject: x\r\n\r\nthân thư\r\n');
    expect(await outbox.readEml('nothing')).toBeNull();
    expect(await outbox.claim('k', init)).toMatchObject({ outcome: 'settled', record: { status: 'sent', attempts: 1 } });
    expect(await new Outbox(db).claim('k', init)).toMatchObject({ outcome: 'settled', record: { status: 'sent' } });
    // A "sent" mark for a key the ledger never had says so, alone and among others.
    await expect(outbox.markSent('never-claimed', receipt)).rejects.toThrow('outbox has no record for message key "never-claimed"');
    await outbox.claim('k2', init);
    const together = await Promise.allSettled([outbox.markSent('k2', receipt), outbox.markSent('also-never', receipt)]);
    expect(together.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
  });

  it('claims keys asked together in one statement, each as it would be alone: a key asked twice is claimed once', async () => {
    const { db } = await openTestDatabase(kind);
    const outbox = new Outbox(db);
    await outbox.claim('settled', init);
    await outbox.markSent('settled', receipt);
    const asks: [string, ClaimInit][] = [
      ['b', { ...init, agencies: ['Sở Y tế'], eml: Buffer.from('Subject: b\r\n\r\nb\r\n') }],
      ['a', { ...init, queuedFor: ['so-y-te'] }],
      ['b', init],
      ['settled', init],
      ['c', init],
    ];
    const outcomes = await Promise.all(asks.map(([key, ask]) => outbox.claim(key, ask)));
    expect(outcomes.map((o) => o.outcome)).toEqual(['claimed', 'claimed', 'busy', 'settled', 'claimed']);
    expect(outcomes[1]!.record.queuedFor).toEqual(['so-y-te']);
    expect((await outbox.readEml('b'))!.toString('utf8')).toContain('Subject: b');
    const marked = await Promise.all(['a', 'b', 'c'].map((key) => outbox.markSent(key, { ...receipt, response: `250 ${key}` })));
    expect(marked.map((r) => [r.key, r.status, r.response, r.lease])).toEqual([
      ['a', 'sent', '250 a', null],
      ['b', 'sent', '250 b', null],
      ['c', 'sent', '250 c', null],
    ]);
    expect((await outbox.list({ agency: 'sở y tế' })).map((e) => e.key)).toEqual(['b']);
    expect((await outbox.list({ agency: 'so-tu-phap' })).map((e) => e.key).sort()).toEqual(['a', 'c', 'settled']);
  });

  it('leaves a message to a live lease held elsewhere, and takes over one whose lease ran out', async () => {
    const { db } = await openTestDatabase(kind);
    let clock = Date.parse('2026-01-05T01:00:00Z');
    const other = new Outbox(db, { now: () => new Date(clock), leaseMs: 60_000 });
    expect((await other.claim('k', init)).outcome).toBe('claimed');
    // Another process holds it: rewrite the owner as a remote one (same host rules aside).
    await db.updateTable('outbox_messages').set({ lease_owner: 'elsewhere:1:x', lease_host: 'another-host', lease_pid: 1 }).where('key', '=', 'k').execute();
    expect(await other.claim('k', init)).toMatchObject({ outcome: 'busy', record: { lease: { host: 'another-host' } } });
    clock += 60_000; // the lease ends now
    const taken = await other.claim('k', init);
    expect(taken).toMatchObject({ outcome: 'claimed', record: { attempts: 2, lease: { host: hostname(), pid: process.pid } } });
  });

  it('takes over at once a message whose sender died on this host, and retakes its own claim no longer in flight', async () => {
    const { db } = await openTestDatabase(kind);
    const outbox = new Outbox(db);
    await outbox.claim('k', init);
    expect((await outbox.claim('k', init)).outcome).toBe('busy'); // in flight here
    await db.updateTable('outbox_messages').set({ lease_owner: 'dead', lease_pid: deadPid(), lease_host: hostname() }).where('key', '=', 'k').execute();
    expect(await outbox.claim('k', init)).toMatchObject({ outcome: 'claimed', record: { attempts: 2 } });
    await outbox.markRetrying('k', '451 try later');
    expect(await outbox.get('k')).toMatchObject({ status: 'retrying', error: '451 try later', lease: null });
    expect(await outbox.claim('k', init)).toMatchObject({ outcome: 'claimed', record: { attempts: 3, error: null } });
    // A live process on this host that is not this one keeps its claim.
    await db.updateTable('outbox_messages').set({ lease_owner: 'parent', lease_pid: process.ppid, lease_host: hostname() }).where('key', '=', 'k').execute();
    expect((await outbox.claim('k', init)).outcome).toBe('busy');
  });

  it('does not let a stale attempt clear the lease of the attempt that took over', async () => {
    const { db } = await openTestDatabase(kind);
    const outbox = new Outbox(db);
    await outbox.claim('k', init);
    await db.updateTable('outbox_messages').set({ lease_owner: 'elsewhere', lease_host: 'another-host' }).where('key', '=', 'k').execute();
    expect(await outbox.markRetrying('k', 'timeout')).toMatchObject({ status: 'sending', lease: { owner: 'elsewhere' } });
  });

  it('gives up, records what was not sent, and never unsends', async () => {
    const { db } = await openTestDatabase(kind);
    const outbox = new Outbox(db);
    expect(await outbox.markFailed('f', 'gave up', init)).toMatchObject({ status: 'failed', attempts: 0, error: 'gave up' });
    expect(await outbox.claim('f', init)).toMatchObject({ outcome: 'settled', record: { status: 'failed' } });
    await outbox.claim('s', init);
    await outbox.markSent('s', receipt);
    expect(await outbox.markFailed('s', 'late', init)).toMatchObject({ status: 'sent' });
    expect(await outbox.markRetrying('s', 'late')).toMatchObject({ status: 'sent' });
    expect(await outbox.markNotSent('s', 'undeliverable', init)).toMatchObject({ status: 'sent' });
    await expect(outbox.markFailed('missing', 'x')).rejects.toThrow(/no record for message key "missing"/);

    expect(await outbox.markNotSent('q', 'queued', { ...init, queuedFor: ['so-noi-vu'] })).toMatchObject({ status: 'queued', queuedFor: ['so-noi-vu'] });
    await outbox.markDigested('q', 'digest:so-noi-vu:2026-01-05');
    expect(await outbox.get('q')).toMatchObject({ status: 'digested', digestKey: 'digest:so-noi-vu:2026-01-05' });
    expect(await outbox.markNotSent('q', 'queued', init)).toMatchObject({ status: 'digested' });
    // A message handed to a digest, waiting or listed, is never claimed for sending on its own.
    expect(await outbox.markNotSent('w', 'queued', { ...init, queuedFor: ['so-noi-vu'] })).toMatchObject({ status: 'queued' });
    expect(await outbox.claim('w', init)).toMatchObject({ outcome: 'settled', record: { status: 'queued', attempts: 0 } });
    expect(await outbox.claim('q', init)).toMatchObject({ outcome: 'settled', record: { status: 'digested', attempts: 0 } });
    await outbox.markDigested('s', 'digest:x'); // only a queued message becomes digested
    expect(await outbox.get('s')).toMatchObject({ status: 'sent', digestKey: null });
  });

  it('lists newest first, by agency name or id in any case, by status, with a limit and a cursor', async () => {
    const { db } = await openTestDatabase(kind);
    let clock = Date.parse('2026-01-05T01:00:00Z');
    const outbox = new Outbox(db, { now: () => new Date((clock += 1_000)) });
    const justice = { ...init, agencies: ['Sở Tư pháp', 'so-tu-phap'] };
    const office = { ...init, agencies: ['Văn phòng UBND tỉnh'] };
    for (const [key, what] of [['a', justice], ['b', office], ['c', { ...justice, eml: Buffer.from('x') }], ['d', justice]] as const) await outbox.claim(key, what);
    await outbox.markSent('c', receipt);
    const keys = (entries: { key: string }[]) => entries.map((e) => e.key);
    expect(keys(await outbox.list())).toEqual(['d', 'c', 'b', 'a']);
    expect(keys(await outbox.list({ agency: '  SỞ TƯ PHÁP ' }))).toEqual(['d', 'c', 'a']);
    expect(keys(await outbox.list({ agency: 'so-tu-phap', limit: 2 }))).toEqual(['d', 'c']);
    const [, second] = await outbox.list({ agency: 'Sở Tư pháp', limit: 2 });
    expect(keys(await outbox.list({ agency: 'Sở Tư pháp', before: second! }))).toEqual(['a']);
    const [, , third] = await outbox.list();
    expect(keys(await outbox.list({ before: third! }))).toEqual(['a']);
    expect(keys(await outbox.list({ agency: 'Văn phòng UBND tỉnh' }))).toEqual(['b']);
    expect(keys(await outbox.list({ status: 'sent' }))).toEqual(['c']);
    expect(keys(await outbox.list({ agency: 'so-tu-phap', status: 'sending' }))).toEqual(['d', 'a']);
    expect((await outbox.list()).map((e) => [e.key, e.hasEml])).toEqual([['d', false], ['c', true], ['b', false], ['a', false]]);
    expect(await outbox.list({ agency: 'Sở Xây dựng' })).toEqual([]);

    // A retry that addresses other agencies moves the message in the listing.
    await outbox.markRetrying('a', '421 closing');
    expect(await outbox.claim('a', office)).toMatchObject({ outcome: 'claimed' });
    expect(keys(await outbox.list({ agency: 'so-tu-phap' }))).toEqual(['d', 'c']);
    expect(keys(await outbox.list({ agency: 'Văn phòng UBND tỉnh' }))).toEqual(['b', 'a']);
  });

  it('caps a listing at 1000', async () => {
    const { db } = await openTestDatabase(kind);
    const outbox = new Outbox(db);
    const at = new Date('2026-01-05T01:00:00Z');
    await db
      .insertInto('outbox_messages')
      .values(
        Array.from({ length: 1005 }, (_, i) => ({
          key: `m${i}`,
          message_id: messageIdFor(`m${i}`),
          kind: 'reminder',
          status: 'sent',
          recipients: '[]',
          agencies: '[]',
          rejected: '[]',
          queued_for: '[]',
          attempts: 1,
          created_at: at,
          updated_at: at,
        })),
      )
      .execute();
    expect(await outbox.list({ limit: 5000 })).toHaveLength(1000);
    expect(await outbox.list()).toHaveLength(200);
  });
});

describe.each(DATABASE_KINDS)('the digest queue (%s)', (kind) => {
  function notice(key: string, asOf: string, agencyId = 'so-noi-vu'): QueuedNotice {
    return {
      key,
      agencyId,
      agencyName: 'Sở Nội vụ',
      roles: ['officer'],
      request: parseNotifyRequest(reminder({ key, asOf, agency: 'Sở Nội vụ' })),
      queuedAt: `${asOf}T01:00:00.000Z`,
    };
  }

  it('queues a notice once, gathers the due ones into one batch, and lists the same batch again', async () => {
    const { db } = await openTestDatabase(kind);
    const queue = new DigestQueue(db);
    await queue.add(notice('n1', '2026-01-05'));
    await queue.add(notice('n1', '2026-01-05'));
    await queue.add(notice('n2', '2026-01-06'));
    await queue.add(notice('n3', '2026-01-05', 'so-tu-phap'));
    expect(await queue.agencies()).toEqual(['so-noi-vu', 'so-tu-phap']);
    expect((await queue.pending('so-noi-vu')).map((n) => n.key)).toEqual(['n1', 'n2']);
    const batch = await queue.gather('so-noi-vu', '2026-01-05');
    expect(batch).toEqual([notice('n1', '2026-01-05')]);
    expect(await queue.gather('so-noi-vu', '2026-01-05')).toEqual(batch);
    expect(await queue.batch('so-noi-vu', '2026-01-05')).toEqual(batch);
    expect((await queue.pending('so-noi-vu')).map((n) => n.key)).toEqual(['n2']);
    // Queued again after it was gathered: still one notice, in its batch.
    await queue.add(notice('n1', '2026-01-05'));
    expect((await queue.gather('so-noi-vu', '2026-01-06')).map((n) => n.key)).toEqual(['n2']);
    expect(await queue.batch('so-noi-vu', '2026-01-07')).toEqual([]);
  });
});

describe('two processes claiming the same keys on one PostgreSQL server', () => {
  it('gives each key to exactly one of them', async () => {
    const url = await testDatabaseUrl();
    // Two pools with their own connections, as two worker processes have.
    const [a, b] = await Promise.all([openDatabase({ databaseUrl: url, dataDir: await tempDataDir(), poolSize: 8 }), openDatabase({ databaseUrl: url, dataDir: await tempDataDir(), poolSize: 8 })]);
    try {
      const keys = Array.from({ length: 300 }, (_, i) => `race:${i}`);
      const claimers = [new Outbox(a.db), new Outbox(b.db)];
      const outcomes = await Promise.all(
        claimers.map(async (outbox, n) => {
          const won: string[] = [];
          await Promise.all(
            keys.map(async (key) => {
              const claim = await outbox.claim(key, init);
              if (claim.outcome === 'claimed') {
                won.push(key);
                await outbox.markSent(key, { ...receipt, response: `sent by ${n}` });
              }
            }),
          );
          return won;
        }),
      );
      const [wonA, wonB] = outcomes as [string[], string[]];
      // Each handle is its own claimant (as each worker process is): the loser of a key finds a live lease.
      expect([...wonA, ...wonB].sort()).toEqual([...keys].sort());
      expect(wonA.filter((k) => wonB.includes(k))).toEqual([]);
      const rows = await a.db.selectFrom('outbox_messages').select(['status', 'attempts']).execute();
      expect(rows).toHaveLength(300);
      expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
      // And a sent key answers "sent" to everyone.
      expect(await claimers[1]!.claim('race:0', init)).toMatchObject({ outcome: 'settled', record: { status: 'sent' } });
      const count = await sql<{ n: string }>`select count(*)::text as n from outbox_agencies`.execute(a.db);
      expect(count.rows[0]!.n).toBe('600');
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
