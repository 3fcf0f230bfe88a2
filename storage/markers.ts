/** One-time facts of an installation ("the sample plans were loaded"), kept in the database. */
import type { Database } from './database';

export class Markers {
  constructor(private readonly db: Database) {}

  /** When the fact was set, or null if it never was. */
  async at(name: string): Promise<Date | null> {
    const row = await this.db.selectFrom('markers').select('at').where('name', '=', name).executeTakeFirst();
    return row?.at ?? null;
  }

  async has(name: string): Promise<boolean> {
    return (await this.at(name)) !== null;
  }

  /** Sets the fact; true if this call set it, false if it was already set (the first time is kept). */
  async set(name: string): Promise<boolean> {
    const row = await this.db
      .insertInto('markers')
      .values({ name, at: new Date() })
      .onConflict((oc) => oc.column('name').doNothing())
      .returning('name')
      .executeTakeFirst();
    return row !== undefined;
  }
}
