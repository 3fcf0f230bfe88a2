/**
 * The data directory holds the Temporal SQLite file, the outbox (.eml files with applicants' ID
 * numbers), the users' token hashes and the credentials: only the account running dondoc may read
 * it. Processes that write there set a 0o077 umask first, so everything they (and the dev server
 * they spawn) create is 0700 / 0600; files left readable by an older version are tightened at start.
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Files and directories created from now on by this process and its children: owner only. */
export function restrictNewFiles(): void {
  process.umask(0o077);
}

/** Creates the data directory 0700, and makes what is already in it owner-only (directories 0700, files 0600). */
export function secureDataDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  tighten(dir);
}

function tighten(path: string): void {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return;
  if (stat.isDirectory()) {
    if ((stat.mode & 0o077) !== 0) chmodSync(path, 0o700);
    for (const name of readdirSync(path)) tighten(join(path, name));
  } else if ((stat.mode & 0o077) !== 0) {
    chmodSync(path, stat.mode & 0o700);
  }
}
