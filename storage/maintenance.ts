/**
 * Vacuum and planner statistics for the embedded database. A PostgreSQL server runs autovacuum in
 * background processes; PGlite is PostgreSQL in single-user mode, with no such process, so nothing
 * would ever make the space of updated and deleted rows reusable (every message's "sent" mark
 * leaves one: after 10,000 reminders half the ledger's rows were dead) or give the planner its
 * statistics. This pass does what autovacuum would, with its default thresholds, in the process
 * that holds the database. On a server nothing runs here: its own autovacuum does it.
 */
import { sql } from 'kysely';
import type { Database } from './database';

/** A table's activity as `pg_stat_user_tables` counts it. */
export type TableActivity = { schema: string; table: string; live: number; dead: number; modifiedSinceAnalyze: number };

export type MaintenanceStep = { schema: string; table: string; action: 'vacuum' | 'analyze' };

/**
 * What autovacuum would do now, with PostgreSQL's defaults: vacuum (and analyze) a table whose dead
 * rows exceed 50 + 20% of its live ones (autovacuum_vacuum_threshold, _scale_factor), else analyze
 * one changed by more than 50 + 10% of its rows since its last analysis (autovacuum_analyze_*).
 */
export function maintenanceDue(tables: readonly TableActivity[]): MaintenanceStep[] {
  return tables.flatMap(({ schema, table, live, dead, modifiedSinceAnalyze }): MaintenanceStep[] => {
    if (dead > 50 + 0.2 * live) return [{ schema, table, action: 'vacuum' }];
    if (modifiedSinceAnalyze > 50 + 0.1 * live) return [{ schema, table, action: 'analyze' }];
    return [];
  });
}

/** One pass: reads the tables' activity and vacuums or analyzes those that need it. Returns what it did. */
export async function maintainEmbedded(db: Database): Promise<MaintenanceStep[]> {
  // Counts of this session's last statements reach the statistics at once, not up to a second later.
  await sql`select pg_stat_force_next_flush()`.execute(db);
  const { rows } = await sql<TableActivity>`
    select schemaname as schema, relname as "table", n_live_tup::float8 as live, n_dead_tup::float8 as dead,
           n_mod_since_analyze::float8 as "modifiedSinceAnalyze"
    from pg_stat_user_tables`.execute(db);
  const due = maintenanceDue(rows);
  for (const step of due) {
    const command = step.action === 'vacuum' ? sql`vacuum (analyze)` : sql`analyze`;
    await sql`${command} ${sql.id(step.schema, step.table)}`.execute(db);
  }
  return due;
}

/** Ten minutes: a pass that finds nothing to do costs one small query. */
export const MAINTENANCE_EVERY_MS = 10 * 60_000;

/**
 * Runs `maintainEmbedded` every `everyMs` (one pass at a time; a failed pass waits for the next).
 * The timer does not keep the process alive. The returned function stops it and waits for a pass
 * under way, so the database can then be closed.
 */
export function scheduleEmbeddedMaintenance(db: Database, everyMs = MAINTENANCE_EVERY_MS): () => Promise<void> {
  let pass: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    pass = pass.then(() => maintainEmbedded(db)).catch(() => undefined);
  }, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await pass;
  };
}
