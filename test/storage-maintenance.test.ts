/**
 * The embedded database's vacuum and statistics (storage/maintenance.ts): single-user PostgreSQL
 * has no autovacuum, so dondoc's pass must make dead rows' space reusable and analyze changed
 * tables, with autovacuum's default thresholds, and leave quiet tables alone.
 */
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Database } from '../storage/database';
import { maintainEmbedded, maintenanceDue, scheduleEmbeddedMaintenance } from '../storage/maintenance';
import { openTestDatabase } from './support/databases';

type Stats = { dead: number; vacuumed: boolean; analyzed: boolean };

async function stats(db: Database, table: string): Promise<Stats> {
  await sql`select pg_stat_force_next_flush()`.execute(db);
  const { rows } = await sql<Stats>`
    select n_dead_tup::int as dead, last_vacuum is not null as vacuumed, last_analyze is not null as analyzed
    from pg_stat_user_tables where relname = ${table}`.execute(db);
  return rows[0]!;
}

/** `rows` rows in a new table, each then updated once: as many dead rows as live ones. */
async function churned(db: Database, table: string, rows: number): Promise<void> {
  await sql`create table ${sql.table(table)} (id integer primary key, n integer not null)`.execute(db);
  await sql`insert into ${sql.table(table)} select g, 0 from generate_series(1, ${rows}::int) g`.execute(db);
  await sql`update ${sql.table(table)} set n = n + 1`.execute(db);
}

describe('maintenanceDue: autovacuum’s default thresholds', () => {
  const table = (live: number, dead: number, modifiedSinceAnalyze: number) => ({ schema: 'public', table: 't', live, dead, modifiedSinceAnalyze });

  it('vacuums a table whose dead rows exceed 50 + 20% of its live ones, and only then', () => {
    expect(maintenanceDue([table(200, 91, 0)])).toEqual([{ schema: 'public', table: 't', action: 'vacuum' }]);
    expect(maintenanceDue([table(200, 90, 0)])).toEqual([]);
  });

  it('analyzes a table changed by more than 50 + 10% of its rows; a vacuum analyzes as well', () => {
    expect(maintenanceDue([table(200, 0, 71)])).toEqual([{ schema: 'public', table: 't', action: 'analyze' }]);
    expect(maintenanceDue([table(200, 0, 70)])).toEqual([]);
    expect(maintenanceDue([table(200, 500, 500)])).toEqual([{ schema: 'public', table: 't', action: 'vacuum' }]);
  });
});

describe('the embedded database’s maintenance pass', () => {
  it('vacuums and analyzes a table full of dead rows, and then has nothing more to do', async () => {
    const { db } = await openTestDatabase('embedded');
    await churned(db, 'churn', 1_000);
    expect(await stats(db, 'churn')).toEqual({ dead: 1_000, vacuumed: false, analyzed: false });

    expect(await maintainEmbedded(db)).toContainEqual({ schema: 'public', table: 'churn', action: 'vacuum' });
    expect(await stats(db, 'churn')).toEqual({ dead: 0, vacuumed: true, analyzed: true });
    expect((await maintainEmbedded(db)).map((s) => s.table)).not.toContain('churn');
  });

  it('only analyzes a table that grew without dead rows', async () => {
    const { db } = await openTestDatabase('embedded');
    await sql`create table grown (id integer primary key)`.execute(db);
    await sql`insert into grown select generate_series(1, 500)`.execute(db);

    expect(await maintainEmbedded(db)).toContainEqual({ schema: 'public', table: 'grown', action: 'analyze' });
    expect(await stats(db, 'grown')).toEqual({ dead: 0, vacuumed: false, analyzed: true });
  });

  it('runs on its own on a schedule, and stopping it waits for a pass under way', async () => {
    const { db } = await openTestDatabase('embedded');
    await churned(db, 'scheduled', 1_000);
    const stop = scheduleEmbeddedMaintenance(db, 50);
    try {
      await expect.poll(async () => (await stats(db, 'scheduled')).vacuumed, { timeout: 10_000, interval: 100 }).toBe(true);
    } finally {
      await stop();
    }
    expect((await stats(db, 'scheduled')).dead).toBe(0);
  });
});
