/**
 * Prepared statements (storage/prepared.ts): on the embedded database the values are written into
 * `EXECUTE` as quoted literals, so every kind of value must come back exactly as given, on both
 * databases; a statement is prepared once per session, even when its first calls arrive together.
 */
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { runPrepared, type PreparedStatement } from '../storage/prepared';
import { Outbox } from '../storage/outbox';
import { DATABASE_KINDS, openTestDatabase } from './support/databases';

const ECHO: PreparedStatement = {
  name: 'test_echo',
  text: `SELECT $1::text AS text, $2::integer AS number, $3::boolean AS flag, $4::timestamptz AS at, $5::jsonb AS json, $6::text AS missing`,
};

const AWKWARD = [
  "Sở Nội vụ's \\ \"trích dẫn\" ''",
  "E'\\x41' -- ; DROP TABLE outbox_messages; --",
  'Văn phòng UBND tỉnh\r\n\tdòng hai 😀',
  '$1 $$ $tag$ :name ?',
  'C:\\dondoc\\thư mục \\n không có dấu nháy',
];

describe.each(DATABASE_KINDS)('prepared statements (%s)', (kind) => {
  it('returns every kind of value as given, whatever quotes, backslashes or dollar signs a text holds', async () => {
    const { db } = await openTestDatabase(kind);
    for (const text of AWKWARD) {
      const at = new Date('2026-03-31T08:15:30.123Z');
      const json = { text, list: [text, 1, null], nested: { ok: true } };
      const [row] = await runPrepared<Record<string, unknown>>(db, ECHO, [text, -42, false, at, json, null]);
      expect(row).toEqual({ text, number: -42, flag: false, at, json, missing: null });
    }
    // The outbox is untouched by the text that looks like SQL.
    expect((await sql<{ n: number }>`select count(*)::int as n from outbox_messages`.execute(db)).rows[0]!.n).toBe(0);
  });

  it('prepares a statement once, even for first calls that arrive together', async () => {
    const { db } = await openTestDatabase(kind);
    const rows = await Promise.all(Array.from({ length: 20 }, (_, i) => runPrepared<{ number: number }>(db, ECHO, ['x', i, true, new Date(0), [], null])));
    expect(rows.map(([row]) => row!.number)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  // On a server the statements are planned at each call (storage/prepared.ts).
  it.runIf(kind === 'embedded')('plans the outbox\'s claim and "sent" mark once, and the plans find rows by index however large the ledger grows', async () => {
    const { db } = await openTestDatabase(kind);
    const outbox = new Outbox(db);
    // Planned and kept while the ledger is nearly empty (PostgreSQL keeps a generic plan after five runs).
    for (let i = 0; i < 8; i++) {
      await outbox.claim(`plan:${i}`, {
        kind: 'reminder',
        subject: 'Nhắc hạn',
        recipients: ['vanthu@snv.hue.gov.vn'],
        agencies: ['Sở Nội vụ'],
        eml: Buffer.from('Subject: x'),
      });
      await outbox.markSent(`plan:${i}`, { channel: 'outbox', accepted: ['vanthu@snv.hue.gov.vn'], rejected: [], response: 'kept in the outbox' });
    }
    const plan = async (statement: string) =>
      (await sql.raw<Record<string, string>>(`EXPLAIN ${statement}`).execute(db)).rows.map((r) => Object.values(r)[0]).join('\n');
    const markSent = await plan(`EXECUTE outbox_mark_sent('plan:1', now(), 'outbox', 'ok', '[]')`);
    expect(markSent).toMatch(/Index Scan using outbox_messages_pkey/);
    expect(markSent).not.toMatch(/Seq Scan on outbox_messages/);
    const claim = await plan(
      `EXECUTE outbox_claim('[{"key":"plan:1","message_id":"m","kind":"reminder","subject":"s","recipients":[],"agencies":[],"queued_for":[],"eml":null}]', now(), now(), 'o', 'h', 1, false, false, '[]', '[]')`,
    );
    expect(claim).toMatch(/Conflict Arbiter Indexes: outbox_messages_pkey/);
    expect(claim).not.toMatch(/Seq Scan on outbox_messages/);
    expect((await outbox.list()).filter((e) => e.status === 'sent')).toHaveLength(8);
  });
});
