/**
 * Prepared statements (storage/prepared.ts): on the embedded database the values are written into
 * `EXECUTE` as quoted literals, so every kind of value must come back exactly as given, on both
 * databases; a statement is prepared once per session, even when its first calls arrive together.
 */
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { runPrepared, type PreparedStatement } from '../storage/prepared';
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
});
