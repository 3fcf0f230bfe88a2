/**
 * The data directory holds the Temporal database and the outbox (.eml files with ID numbers): only
 * its owner may read it, also when an older version left it readable by everyone.
 */
import { chmodSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { secureDataDir } from '../../worker/data-dir';

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

describe('secureDataDir', () => {
  it('creates the data directory 0700', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'dondoc-datadir-')), 'data');
    secureDataDir(dir);
    expect(mode(dir)).toBe('700');
  });

  it('makes what an older version left world-readable owner-only: directories 0700, files 0600', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'dondoc-datadir-')), 'data');
    mkdirSync(join(dir, 'outbox', 'messages'), { recursive: true });
    writeFileSync(join(dir, 'temporal.sqlite'), 'db');
    writeFileSync(join(dir, 'outbox', 'messages', 'a.eml'), 'Số định danh: 052090001234');
    for (const p of [dir, join(dir, 'outbox'), join(dir, 'outbox', 'messages')]) chmodSync(p, 0o755);
    for (const p of [join(dir, 'temporal.sqlite'), join(dir, 'outbox', 'messages', 'a.eml')]) chmodSync(p, 0o644);

    secureDataDir(dir);

    expect([dir, join(dir, 'outbox'), join(dir, 'outbox', 'messages')].map(mode)).toEqual(['700', '700', '700']);
    expect([join(dir, 'temporal.sqlite'), join(dir, 'outbox', 'messages', 'a.eml')].map(mode)).toEqual(['600', '600']);
  });
});
