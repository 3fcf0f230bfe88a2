/**
 * vitest's global setup: every temporary directory the suite makes (data directories, embedded
 * databases, Temporal's dev-server files, browser profiles) goes under one directory of this run,
 * removed when the run ends. Test files and the processes they start inherit TMPDIR, so a test that
 * does not clean up after itself no longer leaves its files behind: one run of the suite used to
 * leave about 4 GiB in /tmp.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'dondoc-test-run-'));
  // Enterable, not listable, by other users: the PostgreSQL servers the tests start run as `postgres`
  // and keep their data in directories under it (scripts/postgres-server.ts).
  chmodSync(root, 0o711);
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true, maxRetries: 5 });
}
