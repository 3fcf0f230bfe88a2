/** The procedure of each one-stop file, read from its record (what the dashboard groups files by). */
import { sql } from 'kysely';
import type { Database } from './database';

export type ProcedureRef = { code: string; name: string };

/** Codes looked up per statement: a file list reads at most a few thousand. */
const CHUNK = 1000;

/** The procedure of each file among `codes` that has a record; files without one are absent. */
export async function proceduresOf(db: Database, codes: string[]): Promise<Map<string, ProcedureRef>> {
  const found = new Map<string, ProcedureRef>();
  for (let i = 0; i < codes.length; i += CHUNK) {
    const chunk = codes.slice(i, i + CHUNK);
    const rows = await db
      .selectFrom('onestop_files')
      .select(['code', sql<string>`record->>'procedureCode'`.as('procedureCode'), sql<string>`record->>'procedureName'`.as('procedureName')])
      .where('code', 'in', chunk)
      .execute();
    for (const r of rows) if (r.procedureCode) found.set(r.code, { code: r.procedureCode, name: r.procedureName ?? r.procedureCode });
  }
  return found;
}
