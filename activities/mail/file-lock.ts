/**
 * A lock between processes on one machine (or on a shared disk): a file created with O_EXCL. It
 * guards the short read-modify-write of a ledger record. A lock left by a process that died is
 * broken when its owner is gone (same host) or when it is older than `staleMs`.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { inDirectory, isNotFound, PRIVATE_FILE_MODE } from './atomic-file';

export type LockOptions = { staleMs?: number; waitMs?: number };

type LockOwner = { pid: number; host: string; at: number };

export class LockTimeoutError extends Error {
  override name = 'LockTimeoutError';
}

export async function withFileLock<T>(path: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const staleMs = options.staleMs ?? 30_000;
  const deadline = Date.now() + (options.waitMs ?? 15_000);
  for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
    if (await inDirectory(dirname(path), () => tryAcquire(path))) break;
    if (await isStale(path, staleMs)) {
      // Renaming is atomic: of two processes breaking the same stale lock, one succeeds.
      const aside = `${path}.stale-${randomBytes(4).toString('hex')}`;
      try {
        await rename(path, aside);
        await unlink(aside);
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
      continue;
    }
    if (Date.now() > deadline) throw new LockTimeoutError(`could not lock ${path} within ${options.waitMs ?? 15_000} ms`);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
  try {
    return await fn();
  } finally {
    await unlink(path).catch(() => undefined);
  }
}

async function tryAcquire(path: string): Promise<boolean> {
  try {
    const handle = await open(path, 'wx', PRIVATE_FILE_MODE);
    try {
      const owner: LockOwner = { pid: process.pid, host: hostname(), at: Date.now() };
      await handle.writeFile(JSON.stringify(owner));
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

async function isStale(path: string, staleMs: number): Promise<boolean> {
  try {
    const [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    let owner: LockOwner | null = null;
    try {
      owner = JSON.parse(text) as LockOwner;
    } catch {
      owner = null; // the owner died between creating and writing the file
    }
    if (owner && owner.host === hostname() && !isProcessAlive(owner.pid)) return true;
    return Date.now() - info.mtimeMs > staleMs;
  } catch (error) {
    if (isNotFound(error)) return false; // released meanwhile: try again
    throw error;
  }
}

/** Whether a process with this id exists on this machine. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
