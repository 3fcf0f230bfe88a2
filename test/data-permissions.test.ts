/**
 * What dondoc writes under DATA_DIR holds personal data (an `.eml` names the applicant and may carry
 * an ID number; records and the ledger name people): every file it creates is 0600 and every
 * directory 0700, whatever the process umask lets through.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pino } from 'pino';
import { createNotificationActivities } from '../activities/notifications';
import { FileRecordStore, PublicationStore } from '../activities/onestop';
import { writeFileAtomic } from '../activities/mail/atomic-file';
import { withFileLock } from '../activities/mail/file-lock';
import { REMINDER_DAY_MORNING, reminder, tempDataDir, testDirectory } from './notifications.support';

let dataDir: string;
let umask: number;

beforeEach(async () => {
  dataDir = await tempDataDir();
  // The usual umask lets group and others read: the modes must not depend on it.
  umask = process.umask(0o022);
});
afterEach(() => {
  process.umask(umask);
});

/** Every entry under `dir` with its permission bits, relative paths sorted. */
async function modes(dir: string): Promise<{ path: string; dir: boolean; mode: string }[]> {
  const out: { path: string; dir: boolean; mode: string }[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const full = join(entry.parentPath, entry.name);
    const info = await stat(full);
    out.push({ path: full.slice(dir.length + 1), dir: info.isDirectory(), mode: (info.mode & 0o777).toString(8) });
  }
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

function expectPrivate(entries: { path: string; dir: boolean; mode: string }[]): void {
  expect(entries.length).toBeGreaterThan(0);
  for (const e of entries) expect({ path: e.path, mode: e.mode }).toEqual({ path: e.path, mode: e.dir ? '700' : '600' });
}

describe('files under DATA_DIR', () => {
  it('a notify writes its ledger record, its .eml and the digest queue 0600 in 0700 directories', async () => {
    const activities = createNotificationActivities({
      directory: async () => testDirectory(),
      config: { smtpUrl: null, dataDir },
      logger: pino({ level: 'silent' }),
      now: () => REMINDER_DAY_MORNING,
    });
    expect((await activities.notify(reminder())).status).toBe('sent');
    // Sở Nội vụ takes a daily digest: its reminder is queued.
    expect((await activities.notify(reminder({ agency: 'Sở Nội vụ', key: 'digest-me' }))).status).toBe('queued');
    const entries = await modes(dataDir);
    expect(entries.some((e) => e.path.endsWith('.eml'))).toBe(true);
    expect(entries.some((e) => e.path.startsWith(join('outbox', 'records')) && e.path.endsWith('.json'))).toBe(true);
    expect(entries.some((e) => e.path.includes(join('queue', 'so-noi-vu', 'pending')) && e.path.endsWith('.json'))).toBe(true);
    expectPrivate(entries);
  });

  it('one-stop records and publications, atomic writes and locks are private too', async () => {
    await new FileRecordStore(dataDir).put({
      code: 'H57.22-261102-0001',
      jurisdiction: 'tuy-phuoc',
      procedureCode: '1.009994',
      procedureName: 'Cấp giấy phép xây dựng nhà ở riêng lẻ',
      online: false,
      receivingUnit: 'Bộ phận Một cửa huyện',
      firstAgency: 'Phòng Kinh tế và Hạ tầng',
      holder: 'Phòng Kinh tế và Hạ tầng',
      receivedOn: '2026-11-02',
      appointment: '2026-11-20',
      status: 'overdue',
      outcome: null,
      resultOn: null,
      resultAgency: null,
      late: null,
      apology: null,
      lateAgain: null,
      withdrawnOn: null,
      revision: 1,
    });
    await new PublicationStore(dataDir).publish({
      code: 'H57.22-261102-0001',
      jurisdiction: 'tuy-phuoc',
      procedure: 'Cấp giấy phép xây dựng nhà ở riêng lẻ',
      agency: 'Phòng Kinh tế và Hạ tầng',
      number: '12/PXL',
      date: '2026-11-19',
      applicant: 'N. V. An',
      receivedOn: '2026-11-02',
      originalAppointment: '2026-11-20',
      newAppointment: '2026-11-27',
      reason: 'Cần xác minh thực địa.',
      publishedAt: '2026-11-19T03:00:00.000Z',
      until: '2026-12-19T03:00:00.000Z',
    });
    await writeFileAtomic(join(dataDir, 'a', 'b', 'c.txt'), 'x');
    let lockMode = '';
    await withFileLock(join(dataDir, 'locks', 'one.lock'), async () => {
      lockMode = ((await stat(join(dataDir, 'locks', 'one.lock'))).mode & 0o777).toString(8);
    });
    expect(lockMode).toBe('600');
    const entries = await modes(dataDir);
    expect(entries.map((e) => e.path)).toEqual(
      expect.arrayContaining([join('onestop', 'files', 'H57.22-261102-0001.json'), join('onestop', 'published', 'H57.22-261102-0001.json'), join('a', 'b', 'c.txt')]),
    );
    expectPrivate(entries);
  });
});
