/**
 * The agency directory in use: the newest version an admin saved, else the shipped
 * config/agencies.json. Every save is a new version, with who saved it. Read at send time, so an
 * edit reaches running workflows at their next message.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DirectorySchema, type Directory } from '../domain/directory';
import { directoryProblems } from '../domain/jurisdictions';
import { AuditLog } from './audit';
import type { Database } from './database';

export const SHIPPED_DIRECTORY = fileURLToPath(new URL('../config/agencies.json', import.meta.url));

/** A directory that parses but does not hold together (duplicate ids, dangling references, cycles). */
export class DirectoryProblemsError extends Error {
  constructor(readonly problems: string[]) {
    super(`Danh bạ không hợp lệ: ${problems.join('; ')}`);
    this.name = 'DirectoryProblemsError';
  }
}

export type DirectoryVersion = { version: number; savedBy: string; savedAt: Date; note: string | null };

let shipped: Directory | undefined;

/** config/agencies.json, parsed once per process. */
export function shippedDirectory(): Directory {
  shipped ??= parseDirectory(JSON.parse(readFileSync(SHIPPED_DIRECTORY, 'utf8')), SHIPPED_DIRECTORY);
  return shipped;
}

function parseDirectory(value: unknown, source: string): Directory {
  const parsed = DirectorySchema.safeParse(value);
  if (!parsed.success) throw new Error(`${source}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** Checks a directory as an admin's save does: the schema, then how its parts hold together. */
export function validDirectory(directory: unknown): Directory {
  const parsed = DirectorySchema.parse(directory);
  // PostgreSQL text (and jsonb) cannot hold U+0000.
  if (JSON.stringify(parsed).includes('\\u0000')) throw new DirectoryProblemsError(['danh bạ không được chứa ký tự NUL (U+0000)']);
  const problems = directoryProblems(parsed);
  if (problems.length > 0) throw new DirectoryProblemsError(problems);
  return parsed;
}

/** How long a process trusts the version it last saw. */
const RECHECK_MS = 1_000;

export class DirectoryStore {
  /** The newest version as last read (0: the shipped directory), parsed. */
  private cached: { version: number; directory: Directory } | undefined;
  /** When the newest version number was last asked for (epoch ms), once the answer is in. */
  private checkedAt = -Infinity;
  /** The check under way, if any. */
  private checking: Promise<Directory> | undefined;
  private readonly audit: AuditLog;

  constructor(private readonly db: Database) {
    this.audit = new AuditLog(db);
  }

  /**
   * The directory in use. Called at every message and request: at most one small indexed query a
   * second (the newest version number), so a save in another process reaches this one within a
   * second, and one in this process at once; the 68 KB directory is read and parsed again only when
   * a newer version was saved.
   */
  async load(): Promise<Directory> {
    if (this.cached && Date.now() - this.checkedAt < RECHECK_MS) return this.cached.directory;
    // Calls while a check is under way wait for it: answering them from the cache would hand out
    // the version the check is about to replace (two reminders at one instant, one of them stale).
    this.checking ??= this.check().finally(() => (this.checking = undefined));
    return this.checking;
  }

  /** Asks for the newest version number, and reads that version when it is not the cached one. */
  private async check(): Promise<Directory> {
    const asked = Date.now();
    const row = await this.db
      .selectFrom('directory_versions')
      .select((eb) => eb.fn.max('version').as('version'))
      .executeTakeFirst();
    const version = row?.version === null || row?.version === undefined ? 0 : Number(row.version);
    // Never back to an older version: a save in this process may have landed while this one was asked.
    if ((this.cached?.version ?? -1) < version) {
      if (version === 0) {
        this.cached = { version, directory: shippedDirectory() };
      } else {
        const saved = await this.db.selectFrom('directory_versions').select('directory').where('version', '=', version).executeTakeFirstOrThrow();
        this.cached = { version, directory: parseDirectory(saved.directory, `directory version ${version}`) };
      }
    }
    this.checkedAt = asked;
    return this.cached!.directory;
  }

  /**
   * The directory as last loaded, without a query: for code that must decide synchronously within a
   * request after `load()` has run for it (the API's authentication hook loads it for every request).
   */
  current(): Directory {
    return this.cached?.directory ?? shippedDirectory();
  }

  /** Validates and saves a new version (audited); DirectoryProblemsError when it does not hold together. */
  async save(directory: unknown, savedBy: string, note?: string, savedByRole?: string): Promise<{ version: number; directory: Directory }> {
    const parsed = validDirectory(directory);
    const version = await this.db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto('directory_versions')
        .values({ directory: JSON.stringify(parsed), saved_by: savedBy, saved_at: new Date(), note: note ?? null })
        .returning('version')
        .executeTakeFirstOrThrow();
      const saved = Number(row.version);
      await this.audit.record(
        {
          actor: savedBy,
          actorRole: savedByRole,
          action: 'directory.saved',
          subject: `directory:${saved}`,
          details: { version: saved, agencies: parsed.agencies.length, jurisdictions: parsed.jurisdictions.length, ...(note ? { note } : {}) },
        },
        tx,
      );
      return saved;
    });
    if ((this.cached?.version ?? -1) < version) this.cached = { version, directory: parsed };
    return { version, directory: parsed };
  }

  /** Every saved version, newest first (the directory itself is not read). */
  async versions(): Promise<DirectoryVersion[]> {
    const rows = await this.db.selectFrom('directory_versions').select(['version', 'saved_by', 'saved_at', 'note']).orderBy('version', 'desc').execute();
    return rows.map((r) => ({ version: Number(r.version), savedBy: r.saved_by, savedAt: r.saved_at, note: r.note }));
  }
}
