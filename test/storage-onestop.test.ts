/**
 * The one-stop stores on both databases: file records (newest revision wins, every revision kept,
 * concurrent writers of one file from two processes' pools), the month filter the monthly report
 * reads through, and the publications of the public page.
 */
import { describe, expect, it } from 'vitest';
import { addDays } from '../domain/dates';
import type { PublicApology } from '../domain/onestop/publication';
import { monthlyReport, type FileRecord } from '../domain/onestop/report';
import { readMonthlyReport, readMonthlyReportsByJurisdiction } from '../activities/onestop';
import { openDatabase } from '../storage/database';
import { FileRecordStore, PublicationStore } from '../storage/onestop';
import { DATABASE_KINDS, openTestDatabase, testDatabaseUrl } from './support/databases';
import { fileRecord, TNMT } from './support/file-records';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TAX = 'Chi cục Thuế huyện';

const record = fileRecord;

function publication(overrides: Partial<PublicApology> = {}): PublicApology {
  return {
    code: 'H57.22-370302-0001',
    jurisdiction: 'tuy-phuoc',
    procedure: 'Cấp giấy phép xây dựng nhà ở riêng lẻ',
    agency: TNMT,
    number: '12/PXL',
    date: '2037-03-06',
    applicant: 'N. V. An',
    receivedOn: '2037-03-02',
    originalAppointment: '2037-03-09',
    newAppointment: '2037-03-16',
    reason: 'Cần xác minh thực địa',
    publishedAt: '2037-03-06T03:00:00.000Z',
    until: '2037-04-05T03:00:00.000Z',
    ...overrides,
  };
}

/** Files of every shape the report counts, over several months (and one of another jurisdiction). */
function varietyOfFiles(): FileRecord[] {
  const files: FileRecord[] = [];
  let n = 0;
  const code = () => `H57-V-${String(++n).padStart(3, '0')}`;
  for (const received of ['2037-01-28', '2037-02-10', '2037-02-27', '2037-03-02', '2037-03-30', '2037-04-15']) {
    const appointment = addDays(received, 9);
    // open, not due
    files.push(record({ code: code(), receivedOn: received, appointment }));
    // resolved early / late
    files.push(
      record({ code: code(), receivedOn: received, appointment, status: 'returned', outcome: 'early', resultOn: addDays(received, 3), resultAgency: TNMT }),
    );
    files.push(
      record({
        code: code(),
        receivedOn: received,
        appointment,
        status: 'returned',
        outcome: 'late_without_apology',
        resultOn: addDays(appointment, 20),
        resultAgency: TAX,
        late: { since: addDays(appointment, 1), agency: TNMT },
      }),
    );
    // apologised on time, still open (its late day is derived from the appointment)
    files.push(
      record({
        code: code(),
        receivedOn: received,
        appointment,
        status: 'overdue',
        apology: { number: '1/PXL', agency: TNMT, submittedOn: addDays(appointment, -1), timely: true, newAppointment: addDays(appointment, 5) },
      }),
    );
    // apologised on time, resolved after the first appointment, late again before that
    files.push(
      record({
        code: code(),
        receivedOn: received,
        appointment,
        status: 'returned',
        outcome: 'late_with_apology',
        resultOn: addDays(appointment, 12),
        resultAgency: TNMT,
        apology: { number: '2/PXL', agency: TNMT, submittedOn: addDays(appointment, -1), timely: true, newAppointment: addDays(appointment, 5) },
        lateAgain: { since: addDays(appointment, 6), agency: TNMT },
      }),
    );
    // withdrawn
    files.push(record({ code: code(), receivedOn: received, appointment, status: 'withdrawn', outcome: 'withdrawn', withdrawnOn: addDays(received, 2) }));
    // another jurisdiction
    files.push(
      record({
        code: code(),
        jurisdiction: 'quy-nhon',
        receivedOn: received,
        appointment,
        status: 'returned',
        outcome: 'on_time',
        resultOn: appointment,
        resultAgency: TNMT,
      }),
    );
  }
  // Files whose only event in March is one thing, so that each part of the month filter is needed.
  files.push(
    // received in March, still being set up (no appointment yet)
    record({ code: code(), receivedOn: '2037-03-31', appointment: null }),
    // late in February, result in March
    record({
      code: code(),
      receivedOn: '2037-02-02',
      appointment: '2037-02-13',
      status: 'returned',
      outcome: 'late_without_apology',
      resultOn: '2037-03-03',
      resultAgency: TNMT,
      late: { since: '2037-02-14', agency: TNMT },
    }),
    // late in February, withdrawn in March
    record({
      code: code(),
      receivedOn: '2037-02-02',
      appointment: '2037-02-13',
      status: 'withdrawn',
      outcome: 'withdrawn',
      late: { since: '2037-02-14', agency: TNMT },
      withdrawnOn: '2037-03-02',
    }),
    // late in February, an apology too late in March
    record({
      code: code(),
      receivedOn: '2037-02-02',
      appointment: '2037-02-13',
      status: 'overdue',
      late: { since: '2037-02-14', agency: TNMT },
      apology: { number: '3/PXL', agency: TNMT, submittedOn: '2037-03-02', timely: false, newAppointment: '2037-03-09' },
    }),
    // apologised in January, late again from 1 March
    record({
      code: code(),
      receivedOn: '2037-01-20',
      appointment: '2037-02-02',
      status: 'overdue',
      apology: { number: '4/PXL', agency: TNMT, submittedOn: '2037-02-01', timely: true, newAppointment: '2037-02-28' },
      lateAgain: { since: '2037-03-01', agency: TNMT },
    }),
    // apologised on time in February for an appointment on 28 February: late (derived) from 1 March
    record({
      code: code(),
      receivedOn: '2037-02-10',
      appointment: '2037-02-28',
      status: 'overdue',
      apology: { number: '5/PXL', agency: TAX, submittedOn: '2037-02-26', timely: true, newAppointment: '2037-03-10' },
    }),
  );
  return files;
}

describe.each(DATABASE_KINDS)('one-stop stores on the %s database', (kind) => {
  it('keeps the newest revision of a file, ignores an older one, and writes the same revision once', async () => {
    const { db } = await openTestDatabase(kind);
    const store = new FileRecordStore(db);
    expect(await store.get('H57.22-370302-0001')).toBeNull();
    expect(await store.put(record({ revision: 1 }))).toBe(true);
    expect(await store.put(record({ revision: 3, status: 'due_soon' }))).toBe(true);
    expect(await store.put(record({ revision: 2, status: 'overdue' }))).toBe(false);
    expect(await store.put(record({ revision: 3, status: 'due_soon' }))).toBe(false);
    expect(await store.get('H57.22-370302-0001')).toEqual(record({ revision: 3, status: 'due_soon' }));
    expect((await store.revisions('H57.22-370302-0001')).map((r) => [r.revision, r.status])).toEqual([
      [1, 'not_due'],
      [2, 'overdue'],
      [3, 'due_soon'],
    ]);
    expect(await store.list()).toEqual([record({ revision: 3, status: 'due_soon' })]);
    expect(await store.count()).toBe(1);
  });

  it('lists by jurisdiction, and by month without losing any file the month’s report counts', async () => {
    const { db } = await openTestDatabase(kind);
    const store = new FileRecordStore(db);
    const files = varietyOfFiles();
    for (const f of files) await store.put(f);
    expect(await store.jurisdictions()).toEqual(['quy-nhon', 'tuy-phuoc']);
    expect((await store.list({ jurisdiction: ['quy-nhon'] })).map((r) => r.code)).toEqual(
      files.filter((f) => f.jurisdiction === 'quy-nhon').map((f) => f.code),
    );
    expect(await store.list({ jurisdiction: [] })).toEqual([]);
    expect(await store.list({ jurisdiction: ['quy-nhon', 'tuy-phuoc'] })).toHaveLength(files.length);

    const asOf = '2037-06-30';
    let leftOut = 0;
    for (const month of ['2036-12', '2037-01', '2037-02', '2037-03', '2037-04', '2037-05', '2037-06', '2037-07']) {
      const filtered = await store.list({ month });
      leftOut += files.length - filtered.length;
      expect(monthlyReport(filtered, month, { asOf })).toEqual(monthlyReport(files, month, { asOf }));
      const tuyPhuoc = await store.list({ month, jurisdiction: ['tuy-phuoc'] });
      expect(tuyPhuoc.every((r) => r.jurisdiction === 'tuy-phuoc')).toBe(true);
      expect(monthlyReport(tuyPhuoc, month, { asOf, jurisdiction: 'tuy-phuoc' })).toEqual(monthlyReport(files, month, { asOf, jurisdiction: 'tuy-phuoc' }));
    }
    // The filter does leave files out (otherwise it would be checked for nothing).
    expect(leftOut).toBeGreaterThan(files.length);
    await expect(store.list({ month: '2037-13' })).rejects.toThrow();
  });

  it('makes one monthly report per jurisdiction that has files, even one with nothing in the month', async () => {
    const { db } = await openTestDatabase(kind);
    const store = new FileRecordStore(db);
    await store.put(record({ code: 'H57-A', receivedOn: '2037-03-02' }));
    await store.put(record({ code: 'H57-B', receivedOn: '2037-03-03', jurisdiction: 'quy-nhon' }));
    await store.put(
      record({
        code: 'H57-C',
        receivedOn: '2037-01-05',
        appointment: '2037-01-15',
        jurisdiction: 'an-nhon',
        status: 'returned',
        outcome: 'early',
        resultOn: '2037-01-10',
        resultAgency: TNMT,
      }),
    );
    const reports = await readMonthlyReportsByJurisdiction(db, '2037-03', '2037-04-01');
    expect(reports.map((r) => [r.jurisdiction, r.total.received])).toEqual([
      ['an-nhon', 0],
      ['quy-nhon', 1],
      ['tuy-phuoc', 1],
    ]);
    expect(await readMonthlyReport(db, '2037-03', { asOf: '2037-04-01', jurisdiction: 'quy-nhon' })).toEqual(reports[1]);
    expect((await readMonthlyReport(db, '2037-01', { asOf: '2037-04-01' })).total).toMatchObject({ received: 1, early: 1 });
  });

  it('publishes an apology once, replaces it, lists it by jurisdiction, and unpublishes it', async () => {
    const { db } = await openTestDatabase(kind);
    const store = new PublicationStore(db);
    const first = publication();
    const second = publication({ code: 'H57.22-370302-0002', number: '13/PXL', publishedAt: '2037-03-07T03:00:00.000Z' });
    const elsewhere = publication({ code: 'QN-0001', jurisdiction: 'quy-nhon', publishedAt: '2037-03-05T03:00:00.000Z' });
    await store.publish(first);
    await store.publish(first);
    await store.publish(second);
    await store.publish(elsewhere);
    expect(await store.list()).toEqual([second, first, elsewhere]);
    expect(await store.list({ jurisdiction: 'tuy-phuoc' })).toEqual([second, first]);
    expect(await store.list({ jurisdiction: 'hoai-nhon' })).toEqual([]);
    const corrected = { ...first, reason: 'Chờ ý kiến của cơ quan phối hợp' };
    await store.publish(corrected);
    expect(await store.list({ jurisdiction: 'tuy-phuoc' })).toEqual([second, corrected]);
    expect(await store.unpublish(first.code)).toBe(true);
    expect(await store.unpublish(first.code)).toBe(false);
    expect(await store.list()).toEqual([second, elsewhere]);
  });
});

describe('one file written concurrently through two pools of one server', () => {
  it('ends with revision 20 and all 20 revisions, whatever the order', async () => {
    const url = await testDatabaseUrl();
    const open = () => openDatabase({ databaseUrl: url, dataDir: mkdtempSync(join(tmpdir(), 'dondoc-db-')), poolSize: 5 });
    const pools = [await open(), await open()];
    try {
      const stores = pools.map((p) => new FileRecordStore(p.db));
      for (let round = 0; round < 5; round++) {
        const code = `H57-CONCURRENT-${round}`;
        const revisions = Array.from({ length: 20 }, (_, i) => i + 1).sort(() => Math.random() - 0.5);
        const written = await Promise.all(revisions.map((revision, i) => stores[i % 2]!.put(record({ code, revision, holder: `Cơ quan ${revision}` }))));
        expect(written[revisions.indexOf(20)]).toBe(true);
        expect(await stores[0]!.get(code)).toEqual(record({ code, revision: 20, holder: 'Cơ quan 20' }));
        expect((await stores[1]!.revisions(code)).map((r) => r.revision)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      }
    } finally {
      await Promise.all(pools.map((p) => p.close()));
    }
  });
});
