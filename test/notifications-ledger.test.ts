/** The outbox ledger's building blocks: durable writes, the lock between processes, the claim lease. */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { readJsonFile, writeFileAtomic } from '../activities/mail/atomic-file';
import { LockTimeoutError, withFileLock } from '../activities/mail/file-lock';
import { Outbox, hashKey, messageIdFor, type LedgerRecord } from '../activities/mail/outbox';
import { tempDataDir } from './notifications.support';

/** The pid of a process that has exited. */
function deadPid(): number {
  const run = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  return Number(run.stdout.trim());
}

const init = { kind: 'reminder' as const, subject: 's', recipients: ['a@b.vn'], agencies: ['Sở Tư pháp'] };

describe('durable files', () => {
  it('replaces a file whole and leaves no temporary file behind', async () => {
    const dir = await tempDataDir();
    const path = join(dir, 'deep', 'record.json');
    await writeFileAtomic(path, JSON.stringify({ n: 1 }));
    await writeFileAtomic(path, JSON.stringify({ n: 2 }));
    expect(await readJsonFile(path)).toEqual({ n: 2 });
    expect(await readdir(join(dir, 'deep'))).toEqual(['record.json']);
    expect(await readJsonFile(join(dir, 'missing.json'))).toBeNull();
  });

  it('names a corrupt file', async () => {
    const dir = await tempDataDir();
    await writeFile(join(dir, 'bad.json'), '{ not json');
    await expect(readJsonFile(join(dir, 'bad.json'))).rejects.toThrow(/bad\.json is not valid JSON/);
  });
});

describe('withFileLock', () => {
  it('serialises read-modify-write sections', async () => {
    const dir = await tempDataDir();
    const counter = join(dir, 'counter.json');
    await writeFileAtomic(counter, '0');
    await Promise.all(
      Array.from({ length: 20 }, () =>
        withFileLock(join(dir, 'counter.lock'), async () => {
          const n = Number(await readFile(counter, 'utf8'));
          await new Promise((r) => setTimeout(r, 1));
          await writeFileAtomic(counter, String(n + 1));
        }),
      ),
    );
    expect(await readFile(counter, 'utf8')).toBe('20');
    expect(await readdir(dir)).toEqual(['counter.json']);
  });

  it('breaks a lock left by a process that died', async () => {
    const dir = await tempDataDir();
    const lock = join(dir, 'x.lock');
    await writeFile(lock, JSON.stringify({ pid: deadPid(), host: hostname(), at: Date.now() }));
    const started = Date.now();
    expect(await withFileLock(lock, async () => 'got it', { waitMs: 2_000 })).toBe('got it');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('waits for a live owner and gives up with a clear error', async () => {
    const dir = await tempDataDir();
    const lock = join(dir, 'x.lock');
    await writeFile(lock, JSON.stringify({ pid: process.ppid, host: hostname(), at: Date.now() }));
    await expect(withFileLock(lock, async () => 'never', { waitMs: 150 })).rejects.toThrow(LockTimeoutError);
    await expect(withFileLock(lock, async () => 'never', { waitMs: 150 })).rejects.toThrow(/could not lock .*x\.lock within 150 ms/);
  });
});

describe('Outbox.claim', () => {
  async function withRecord(lease: LedgerRecord['lease']): Promise<Outbox> {
    const dir = await tempDataDir();
    const outbox = new Outbox(dir);
    const record: LedgerRecord = {
      key: 'k',
      messageId: messageIdFor('k'),
      kind: 'reminder',
      status: 'sending',
      subject: 's',
      recipients: [],
      agencies: [],
      attempts: 1,
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
      sentAt: null,
      channel: null,
      response: null,
      rejected: [],
      error: null,
      lease,
      queuedFor: [],
      digestKey: null,
    };
    await mkdir(join(dir, 'records'), { recursive: true });
    await writeFile(join(dir, 'records', `${hashKey('k')}.json`), JSON.stringify(record));
    return outbox;
  }
  const future = () => new Date(Date.now() + 60_000).toISOString();

  it('leaves a message to a live sender in another process', async () => {
    const outbox = await withRecord({ pid: process.ppid, host: hostname(), owner: 'other', until: future() });
    expect((await outbox.claim('k', init)).outcome).toBe('busy');
  });

  it('takes over from a sender that died, or whose lease ran out', async () => {
    const dead = await withRecord({ pid: deadPid(), host: hostname(), owner: 'other', until: future() });
    const claim = await dead.claim('k', init);
    expect(claim).toMatchObject({ outcome: 'claimed', record: { attempts: 2, status: 'sending' } });
    const expired = await withRecord({ pid: 1, host: 'another-host', owner: 'other', until: new Date(Date.now() - 1).toISOString() });
    expect((await expired.claim('k', init)).outcome).toBe('claimed');
    const remote = await withRecord({ pid: 1, host: 'another-host', owner: 'other', until: future() });
    expect((await remote.claim('k', init)).outcome).toBe('busy');
  });

  it('never claims a message already sent', async () => {
    const outbox = new Outbox(await tempDataDir());
    await outbox.claim('k', init);
    await outbox.markSent('k', { channel: 'outbox', accepted: ['a@b.vn'], rejected: [], response: 'ok' });
    expect((await outbox.claim('k', init)).outcome).toBe('sent');
  });
});
