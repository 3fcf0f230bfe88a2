/**
 * The agency directory in use: the shipped config/agencies.json, or the admin-edited copy in
 * DATA_DIR/agencies.json once an admin has saved one. Read at send time, so edits reach running workflows.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DirectorySchema, type Directory } from '../domain/directory';
import { directoryProblems } from '../domain/jurisdictions';

export const SHIPPED_DIRECTORY = fileURLToPath(new URL('../config/agencies.json', import.meta.url));

export class DirectoryStore {
  private cached: { text: string; directory: Directory } | undefined;

  constructor(private readonly dataDir: string) {}

  private get editedFile(): string {
    return join(this.dataDir, 'agencies.json');
  }

  load(): Directory {
    const file = existsSync(this.editedFile) ? this.editedFile : SHIPPED_DIRECTORY;
    const text = readFileSync(file, 'utf8');
    if (this.cached?.text !== text) {
      const parsed = DirectorySchema.safeParse(JSON.parse(text));
      if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      this.cached = { text, directory: parsed.data };
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

/** A directory that parses but does not hold together (duplicate ids, dangling references, cycles). */
export class DirectoryProblemsError extends Error {
  constructor(readonly problems: string[]) {
    super(`Danh bạ không hợp lệ: ${problems.join('; ')}`);
    this.name = 'DirectoryProblemsError';
  }
}
