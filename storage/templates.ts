/**
 * Task templates (domain/templates): every saved change is a new version and every version is
 * kept, with who saved it and when. Templates are cloned, retired and restored (audited). The
 * shipped templates are seeded on first use, once (an id already there is never overwritten).
 */
import { ZodError } from 'zod';
import {
  TemplateSchema,
  accountLevels,
  builtinTemplates,
  templateIdFrom,
  unknownAccountProblems,
  type StoredTemplate,
  type Template,
} from '../domain/templates';
import { UserStore } from './accounts';
import { AuditLog, SYSTEM_ACTOR } from './audit';
import type { Database } from './database';

export type TemplateVersion = {
  id: string;
  version: number;
  template: Template;
  savedBy: string;
  savedAt: Date;
  /** When it was retired (every version of a retired template carries it); null while in use. */
  retiredAt: Date | null;
};

export type VersionSummary = { version: number; name: string; savedBy: string; savedAt: Date };

/** A refusal about templates, in Vietnamese, with the HTTP status the API gives it. */
export class TemplateStoreError extends Error {
  constructor(
    readonly status: 404 | 409,
    message: string,
  ) {
    super(message);
    this.name = 'TemplateStoreError';
  }
}

const notFound = (id: string, version?: number) =>
  new TemplateStoreError(404, version === undefined ? `Không có mẫu “${id}”.` : `Mẫu “${id}” không có phiên bản ${version}.`);

type Who = { name: string; role?: string | undefined };

export class TemplateStore {
  private readonly audit: AuditLog;
  private seeded: Promise<void> | undefined;

  constructor(private readonly db: Database) {
    this.audit = new AuditLog(db);
  }

  /** Seeds the shipped templates once per store (idempotent across processes and restarts). */
  ensureBuiltins(): Promise<void> {
    this.seeded ??= (async () => {
      const savedAt = new Date();
      await this.db
        .insertInto('templates')
        .values(
          builtinTemplates().map(({ id, template }) => ({
            id,
            version: 1,
            name: template.name,
            definition: JSON.stringify(template),
            saved_by: SYSTEM_ACTOR,
            saved_at: savedAt,
          })),
        )
        .onConflict((oc) => oc.columns(['id', 'version']).doNothing())
        .execute();
    })().catch((error: unknown) => {
      this.seeded = undefined;
      throw error;
    });
    return this.seeded;
  }

  /** The newest version of every template, by name; retired ones only when asked. */
  async list(options: { includeRetired?: boolean } = {}): Promise<(TemplateVersion & { versions: number })[]> {
    await this.ensureBuiltins();
    const rows = await this.db.selectFrom('templates').selectAll().orderBy('id').orderBy('version', 'desc').execute();
    const newest = new Map<string, TemplateVersion & { versions: number }>();
    for (const row of rows) {
      const known = newest.get(row.id);
      if (known) known.versions++;
      else newest.set(row.id, { ...toVersion(row), versions: 1 });
    }
    return [...newest.values()]
      .filter((t) => options.includeRetired || t.retiredAt === null)
      .sort((a, b) => a.template.name.localeCompare(b.template.name, 'vi'));
  }

  /** The newest version of each template in use, for matching imported tasks (domain/templates/match.ts). */
  async forMatching(): Promise<StoredTemplate[]> {
    return (await this.list()).map((t) => ({ id: t.id, version: t.version, template: t.template, retired: false }));
  }

  /** One version (the newest when none is given). */
  async get(id: string, version?: number): Promise<TemplateVersion> {
    await this.ensureBuiltins();
    let query = this.db.selectFrom('templates').selectAll().where('id', '=', id);
    query = version === undefined ? query.orderBy('version', 'desc').limit(1) : query.where('version', '=', version);
    const row = await query.executeTakeFirst();
    if (!row) throw notFound(id, version);
    return toVersion(row);
  }

  /** Every version of a template, newest first. */
  async versions(id: string): Promise<VersionSummary[]> {
    await this.ensureBuiltins();
    const rows = await this.db
      .selectFrom('templates')
      .select(['version', 'name', 'saved_by', 'saved_at'])
      .where('id', '=', id)
      .orderBy('version', 'desc')
      .execute();
    if (rows.length === 0) throw notFound(id);
    return rows.map((r) => ({ version: r.version, name: r.name, savedBy: r.saved_by, savedAt: r.saved_at }));
  }

  /** A new template (version 1); its id comes from its name, made unique. ZodError when it is not valid. */
  async create(input: unknown, who: Who, action = 'template.created', details: Record<string, unknown> = {}): Promise<TemplateVersion> {
    const template = TemplateSchema.parse(input);
    await this.assertAccountsExist(template);
    await this.ensureBuiltins();
    const base = templateIdFrom(template.name);
    return this.db.transaction().execute(async (tx) => {
      const taken = new Set((await tx.selectFrom('templates').select('id').where('id', 'like', `${base}%`).execute()).map((r) => r.id));
      let id = base;
      for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
      const row = await tx
        .insertInto('templates')
        .values({ id, version: 1, name: template.name, definition: JSON.stringify(template), saved_by: who.name, saved_at: new Date() })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.audit.record(
        { actor: who.name, actorRole: who.role, action, subject: `template:${id}`, details: { version: 1, name: template.name, ...details } },
        tx,
      );
      return toVersion(row);
    });
  }

  /** Saves an edit as the next version (the earlier ones are kept). A retired template is restored first. */
  async saveVersion(id: string, input: unknown, who: Who): Promise<TemplateVersion> {
    const template = TemplateSchema.parse(input);
    await this.assertAccountsExist(template);
    const current = await this.get(id);
    if (current.retiredAt !== null) throw new TemplateStoreError(409, `Mẫu “${current.template.name}” đã ngừng sử dụng; hãy khôi phục trước khi sửa.`);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.db.transaction().execute(async (tx) => {
          const top = await tx
            .selectFrom('templates')
            .select((eb) => eb.fn.max('version').as('version'))
            .where('id', '=', id)
            .executeTakeFirstOrThrow();
          const version = Number(top.version) + 1;
          const row = await tx
            .insertInto('templates')
            .values({ id, version, name: template.name, definition: JSON.stringify(template), saved_by: who.name, saved_at: new Date() })
            .returningAll()
            .executeTakeFirstOrThrow();
          await this.audit.record(
            { actor: who.name, actorRole: who.role, action: 'template.saved', subject: `template:${id}`, details: { version, name: template.name } },
            tx,
          );
          return toVersion(row);
        });
      } catch (error) {
        // Two saves at once took the same number: the second tries the next one.
        if (attempt < 3 && (error as { code?: string }).code === '23505') continue;
        throw error;
      }
    }
  }

  /** A level naming an account that does not exist is refused like any other problem of the template (ZodError naming the level). */
  private async assertAccountsExist(template: Template): Promise<void> {
    const logins = accountLevels(template).map((a) => a.login);
    if (logins.length === 0) return;
    const problems = unknownAccountProblems(template, await new UserStore(this.db).existingLogins(logins));
    if (problems.length > 0) throw new ZodError(problems.map((p) => ({ code: 'custom' as const, path: p.path, message: p.message, input: template })));
  }

  /** A copy of a version as a new template ("Bản sao của …" unless named). */
  async clone(id: string, who: Who, options: { version?: number; name?: string } = {}): Promise<TemplateVersion> {
    const source = await this.get(id, options.version);
    const template = { ...source.template, name: options.name ?? `Bản sao của ${source.template.name}`, fallback: false };
    return this.create(template, who, 'template.cloned', { from: `${id}@${source.version}` });
  }

  async retire(id: string, who: Who): Promise<TemplateVersion> {
    return this.setRetired(id, who, new Date());
  }

  async restore(id: string, who: Who): Promise<TemplateVersion> {
    return this.setRetired(id, who, null);
  }

  private async setRetired(id: string, who: Who, at: Date | null): Promise<TemplateVersion> {
    const current = await this.get(id);
    if ((current.retiredAt !== null) === (at !== null))
      throw new TemplateStoreError(409, at ? `Mẫu “${current.template.name}” đã ngừng sử dụng.` : `Mẫu “${current.template.name}” đang được sử dụng.`);
    await this.db.transaction().execute(async (tx) => {
      await tx.updateTable('templates').set({ retired_at: at }).where('id', '=', id).execute();
      await this.audit.record(
        {
          actor: who.name,
          actorRole: who.role,
          action: at ? 'template.retired' : 'template.restored',
          subject: `template:${id}`,
          details: { version: current.version },
        },
        tx,
      );
    });
    return { ...current, retiredAt: at };
  }
}

function toVersion(row: { id: string; version: number; definition: unknown; saved_by: string; saved_at: Date; retired_at: Date | null }): TemplateVersion {
  return {
    id: row.id,
    version: row.version,
    // Saved versions were validated; parsing again fills defaults added since.
    template: TemplateSchema.parse(row.definition),
    savedBy: row.saved_by,
    savedAt: row.saved_at,
    retiredAt: row.retired_at,
  };
}
