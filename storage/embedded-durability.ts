/**
 * Commits of the embedded database on disk before they return, as on a PostgreSQL server.
 *
 * PGlite starts PostgreSQL with `-F` (fsync off), and Emscripten's file system for Node (NODEFS)
 * has no fsync: its `fd_sync` finds no operation to call, and `fdatasync` does nothing at all.
 * Measured with strace, 100 commits made no fsync call. A killed process lost nothing (its writes
 * were in the kernel), but a power cut could lose the last commits or leave the files
 * inconsistent, while Temporal's SQLite file, beside it, does sync: the ledger could fall behind
 * the workflows (a reminder they count as sent with no record of it).
 *
 * Here fsync is on, the WAL is flushed with fsync() (the call NODEFS can answer), and NODEFS's
 * fsync calls Node's. A failed fsync is reported to PostgreSQL as an I/O error, which it treats
 * as a server would (it stops rather than go on with data it cannot trust).
 */
import { fsyncSync } from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';

/** PGlite's start parameters without `-F`, and the WAL flushed with fsync(). */
export function durableStartParams(defaults: readonly string[]): string[] {
  return [...defaults.filter((p) => p !== '-F'), '-c', 'wal_sync_method=fsync'];
}

/** WASI's EIO, the errno Emscripten's `fd_sync` passes back to PostgreSQL. */
const EIO = 29;

export type NodeFsStreamOps = { fsync?: (stream: { nfd?: number }) => number };

/** The stream operations of the instance's NODEFS, where its fsync lives. */
export function nodeFsStreamOps(pglite: PGlite): NodeFsStreamOps {
  return (pglite.Module.NODEFS as unknown as { stream_ops: NodeFsStreamOps }).stream_ops;
}

/** Gives the instance's NODEFS an fsync that reaches the disk (see above). */
export function syncFilesToDisk(pglite: PGlite): void {
  nodeFsStreamOps(pglite).fsync = (stream) => {
    if (stream.nfd === undefined) return 0;
    try {
      fsyncSync(stream.nfd);
      return 0;
    } catch {
      return EIO;
    }
  };
}
