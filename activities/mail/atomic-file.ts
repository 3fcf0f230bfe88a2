/**
 * Durable small-file writes: write a temporary file beside the target, fsync it, rename it over the
 * target, fsync the directory. A reader sees the old content or the new one, never a torn write,
 * and a write that returned survives a power cut.
 *
 * What dondoc keeps under DATA_DIR holds personal data (applicants' names and ID numbers in `.eml`
 * files, records, the ledger): files are created 0600 and directories 0700, readable by the
 * service account alone.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Mode of every file dondoc writes under DATA_DIR. */
export const PRIVATE_FILE_MODE = 0o600;
/** Mode of every directory dondoc creates under DATA_DIR. */
export const PRIVATE_DIR_MODE = 0o700;

/** Directories this process created or found: not created again at every write (issue 17). */
const KNOWN_DIRS = new Set<string>();

/**
 * `mkdir -p` whose new directories are private (0700); once per directory and process, unless
 * `recheck` (for a caller that cannot tell a removed directory from a file moved away).
 */
export async function mkdirPrivate(dir: string, options: { recheck?: boolean } = {}): Promise<void> {
  if (KNOWN_DIRS.has(dir) && !options.recheck) return;
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  KNOWN_DIRS.add(dir);
}

/**
 * Runs `create` (which creates a file in `dir`) after making sure of `dir`; if the directory was
 * removed since this process created it (ENOENT), creates it again and retries once.
 */
export async function inDirectory<T>(dir: string, create: () => Promise<T>): Promise<T> {
  await mkdirPrivate(dir);
  try {
    return await create();
  } catch (error) {
    if (!isNotFound(error)) throw error;
    KNOWN_DIRS.delete(dir);
    await mkdirPrivate(dir);
    return create();
  }
}

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await inDirectory(dir, () => open(temp, 'wx', PRIVATE_FILE_MODE));
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  await rename(temp, path);
  await syncDirectory(dir);
}

/** Makes a rename or a new file in `dir` durable. */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The parsed JSON content of a file, or null when the file does not exist. */
export async function readJsonFile<T>(path: string): Promise<T | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new Error(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}

export function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}
