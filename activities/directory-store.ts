/**
 * The agency directory in use: the shipped config/agencies.json, or the admin-edited copy in
 * DATA_DIR/agencies.json once an admin has saved one. Read at send time, so edits reach running workflows.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DirectorySchema, type Directory } from '../domain/directory';
import { directoryProblems } from '../domain/jurisdictions';

export const SHIPPED_DIRECTORY = fileURLToPath(new URL('../config/agencies.json', import.meta.url));

export class DirectoryStore {
  /** The directory as last parsed, with the signature of the file it came from. */
  private cached: { signature: string; directory: Directory } | undefined;

  constructor(private readonly dataDir: string) {}

  private get editedFile(): string {
    return join(this.dataDir, 'agencies.json');
  }

  /**
   * The directory, read and parsed again only when its file changed: another file (the admin's copy
   * appeared or went), or the same path with another inode, size or modification time. One `stat`
   * per call instead of reading and comparing 68 KB at every message (issue 17); an admin's save
   * (a rename, so a new inode) takes effect at the next call.
   */
  load(): Directory {
    const edited = statOrNull(this.editedFile);
    const file = edited ? this.editedFile : SHIPPED_DIRECTORY;
    const info = edited ?? statSync(file);
    const signature = `${file}|${info.ino}|${info.size}|${info.mtimeMs}|${info.ctimeMs}`;
    if (this.cached?.signature !== signature) {
      const text = readFileSync(file, 'utf8');
      const parsed = DirectorySchema.safeParse(JSON.parse(text));
      if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      this.cached = { signature, directory: parsed.data };
    }
    return this.cached.directory;
  }

  save(directory: unknown): Directory {
    const parsed = DirectorySchema.parse(directory);
    const problems = directoryProblems(parsed);
    if (problems.length > 0) throw new DirectoryProblemsError(problems);
    mkdirSync(dirname(this.editedFile), { recursive: true, mode: 0o700 });
    const tmp = `${this.editedFile}.tmp`;
    writeFileSync(tmp, JSON.stringify(parsed, null, 2), { mode: 0o600 });
    renameSync(tmp, this.editedFile);
    return parsed;
  }
}

function statOrNull(file: string): Stats | null {
  try {
    return statSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** A directory that parses but does not hold together (duplicate ids, dangling references, cycles). */
export class DirectoryProblemsError extends Error {
  constructor(readonly problems: string[]) {
    super(`Danh bạ không hợp lệ: ${problems.join('; ')}`);
    this.name = 'DirectoryProblemsError';
  }
}
