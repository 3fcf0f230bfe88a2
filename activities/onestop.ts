/**
 * The one-stop activities and the Node-side helpers the API shares with them:
 * - calendar answers for the file workflow (appointment from a processing time; is a day a working day);
 * - the file records (storage/onestop.ts), rewritten by the file workflow at each change and read by
 *   the monthly report (why records rather than visibility: see docs/one-stop.md);
 * - the apologies on the public page (storage/onestop.ts);
 * - the letter as .docx and the report as .xlsx.
 * Every write is idempotent, so retried activities are harmless.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  Paragraph,
  Table,
  TableBorders,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
  convertMillimetersToTwip,
} from 'docx';
import ExcelJS from 'exceljs';
import { currentCalendar } from './calendar';
import { vietnamDateOf, type IsoDate } from '../domain/dates';
import { MOTTO, NATIONAL_TITLE, type ApologyLetter } from '../domain/onestop/letter';
import { FONT_PT, HEADING_COLUMNS_MM, PAGE, agencyRule, mottoRule } from '../domain/onestop/letter-layout';
import type { PublicApology } from '../domain/onestop/publication';
import { monthlyReport, monthLabel, REPORT_COLUMNS, TOTAL_LABEL, type FileRecord, type MonthlyReport } from '../domain/onestop/report';
import type { Database } from '../storage';
import { FileRecordStore, PublicationStore } from '../storage/onestop';

// ---------------------------------------------------------------- calendar (local activities)

/** `apologyBy`: the working day before the appointment, the last day to apologise on time. */
export type AppointmentAnswer = { start: IsoDate; due: IsoDate; dueAt: string; apologyBy: IsoDate };

/** The appointment of a file received (or completed by additional documents) at `fromIso`. */
export async function oneStopDeadline(fromIso: string, workingDays: number, cutoff: string): Promise<AppointmentAnswer> {
  const cal = currentCalendar();
  const d = cal.processingDeadline(new Date(fromIso), workingDays, { cutoff });
  return { start: d.start, due: d.due, dueAt: d.dueAt.toISOString(), apologyBy: cal.addWorkingDays(d.due, -1) };
}

export async function oneStopDayInfo(date: IsoDate): Promise<{ working: boolean; name: string | null }> {
  const info = currentCalendar().dayInfo(date);
  return { working: info.working, name: info.name };
}

/** The first working day of a month ("2037-04" → "2037-04-01" unless it is a day off). */
export async function oneStopFirstWorkingDay(month: string): Promise<IsoDate> {
  return currentCalendar().nextWorkingDay(`${month}-01`);
}

// ---------------------------------------------------------------- reports

/** The monthly report of one jurisdiction, or of every file when `jurisdiction` is not given. */
export async function readMonthlyReport(db: Database, month: string, options: { asOf?: IsoDate; jurisdiction?: string } = {}): Promise<MonthlyReport> {
  const records = await new FileRecordStore(db).list({ month, ...(options.jurisdiction ? { jurisdiction: [options.jurisdiction] } : {}) });
  return monthlyReport(records, month, { asOf: options.asOf ?? vietnamDateOf(Date.now()), jurisdiction: options.jurisdiction ?? null });
}

/** One report per jurisdiction that has files (an empty one for a jurisdiction with nothing in the month). */
export async function readMonthlyReportsByJurisdiction(db: Database, month: string, asOf: IsoDate): Promise<MonthlyReport[]> {
  const store = new FileRecordStore(db);
  const [jurisdictions, records] = await Promise.all([store.jurisdictions(), store.list({ month })]);
  return jurisdictions.map((jurisdiction) => monthlyReport(records, month, { asOf, jurisdiction }));
}

// ---------------------------------------------------------------- documents

const FONT = 'Times New Roman';

function run(text: string, options: { bold?: boolean; italics?: boolean; size?: number; underline?: boolean } = {}): TextRun {
  return new TextRun({ text, font: FONT, size: (options.size ?? 14) * 2, bold: options.bold, italics: options.italics, underline: options.underline ? {} : undefined });
}

function centered(runs: TextRun[], spacingAfter = 0): Paragraph {
  return new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: spacingAfter }, children: runs });
}

function cell(children: Paragraph[], widthMm?: number): TableCell {
  return new TableCell({
    borders: TableBorders.NONE,
    width: widthMm === undefined ? { size: 50, type: WidthType.PERCENTAGE } : { size: convertMillimetersToTwip(widthMm), type: WidthType.DXA },
    margins: { left: 0, right: 0 },
    children,
  });
}

/** A short horizontal rule: an empty, nearly zero-height paragraph whose bottom border runs from indent to indent. */
function rule(indentMm: number, spacingAfter = 0): Paragraph {
  const indent = convertMillimetersToTwip(indentMm);
  return new Paragraph({
    indent: { left: indent, right: indent },
    spacing: { before: 0, after: spacingAfter, line: 40, lineRule: 'exact' },
    border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 0 } },
    children: [new TextRun({ text: '', size: 2 })],
  });
}

/**
 * The letter as a Word document laid out as Nghị định 30/2020/NĐ-CP asks of an administrative
 * letter: A4, Times New Roman; a two-column heading with the issuing body on the left (bold, a
 * short rule under it, then the number) and on the right the Quốc hiệu on one line (12 pt bold in
 * a column wide enough for it), the Tiêu ngữ with a rule as long as itself, and the place and date.
 */
export async function apologyLetterDocx(letter: ApologyLetter): Promise<Buffer> {
  const columns = HEADING_COLUMNS_MM;
  const heading = new Table({
    width: { size: convertMillimetersToTwip(columns.agency + columns.nation), type: WidthType.DXA },
    columnWidths: [convertMillimetersToTwip(columns.agency), convertMillimetersToTwip(columns.nation)],
    layout: TableLayoutType.FIXED,
    borders: TableBorders.NONE,
    rows: [
      new TableRow({
        children: [
          cell(
            [
              ...(letter.superiorBody ? [centered([run(letter.superiorBody, { size: FONT_PT.agency })])] : []),
              centered([run(letter.issuer, { bold: true, size: FONT_PT.agency })]),
              rule(agencyRule(letter.issuer).indentMm, 120),
              centered([run(`Số: ${letter.number}`, { size: FONT_PT.agency })]),
            ],
            columns.agency,
          ),
          cell(
            [
              centered([run(NATIONAL_TITLE, { bold: true, size: FONT_PT.nationalTitle })]),
              centered([run(MOTTO, { bold: true, size: FONT_PT.motto })]),
              rule(mottoRule().indentMm, 120),
              centered([run(letter.placeAndDate, { italics: true, size: FONT_PT.date })]),
            ],
            columns.nation,
          ),
        ],
      }),
    ],
  });
  const closing = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: TableBorders.NONE,
    rows: [
      new TableRow({
        children: [
          cell([new Paragraph({ children: [run('Nơi nhận:', { bold: true, italics: true, size: 12 })] }), ...letter.recipients.map((r) => new Paragraph({ children: [run(r, { size: 11 })] }))]),
          cell([
            centered([run(letter.signature.title, { bold: true })]),
            centered([run(letter.signature.note, { italics: true })], 1400),
            centered([run(letter.signature.name, { bold: true })]),
          ]),
        ],
      }),
    ],
  });
  const body = letter.paragraphs.map(
    (p) => new Paragraph({ alignment: AlignmentType.JUSTIFIED, indent: { firstLine: convertMillimetersToTwip(10) }, spacing: { after: 120 }, children: [run(p)] }),
  );
  const doc = new Document({
    creator: 'dondoc',
    title: `${letter.title} – ${letter.fileCode}`,
    styles: { default: { document: { run: { font: FONT, size: FONT_PT.body * 2 } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: convertMillimetersToTwip(PAGE.widthMm), height: convertMillimetersToTwip(PAGE.heightMm) },
            margin: {
              top: convertMillimetersToTwip(PAGE.topMm),
              bottom: convertMillimetersToTwip(PAGE.bottomMm),
              left: convertMillimetersToTwip(PAGE.leftMm),
              right: convertMillimetersToTwip(PAGE.rightMm),
            },
          },
        },
        children: [
          ...(letter.draft ? [centered([run('DỰ THẢO', { bold: true })], 120)] : []),
          heading,
          new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 360, after: 240 }, children: [run(letter.title, { bold: true })] }),
          centered([run(letter.salutation)], 240),
          ...body,
          closing,
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** The report as an Excel workbook: one sheet, a title, the headings, one row per agency and the unit's total. */
export async function reportXlsx(reports: MonthlyReport[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'dondoc';
  for (const report of reports) {
    const sheet = workbook.addWorksheet(`${report.jurisdiction ?? 'Tổng hợp'} ${monthLabel(report.month).replace('/', '-')}`.slice(0, 31));
    sheet.addRow([`Tình hình giải quyết hồ sơ và thực hiện xin lỗi tháng ${monthLabel(report.month)}${report.jurisdiction ? ` (${report.jurisdiction})` : ''}`]).font = { bold: true, size: 13 };
    sheet.addRow([`Số liệu tính đến ngày ${report.asOf.split('-').reverse().join('/')}`]).font = { italic: true };
    sheet.addRow([]);
    const header = sheet.addRow(REPORT_COLUMNS.map((c) => c.label));
    header.font = { bold: true };
    header.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
    for (const row of [...report.rows, report.total]) {
      const added = sheet.addRow(REPORT_COLUMNS.map((c) => row[c.key]));
      if (row.agency === TOTAL_LABEL) added.font = { bold: true };
    }
    sheet.getColumn(1).width = 48;
    for (let i = 2; i <= REPORT_COLUMNS.length; i++) sheet.getColumn(i).width = 14;
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// ---------------------------------------------------------------- the activities

export type OneStopActivities = ReturnType<typeof createOneStopActivities>;

export function createOneStopActivities(deps: { db: Database }) {
  const records = new FileRecordStore(deps.db);
  const published = new PublicationStore(deps.db);
  return {
    oneStopDeadline,
    oneStopDayInfo,
    oneStopFirstWorkingDay,
    async oneStopRecord(record: FileRecord): Promise<boolean> {
      return records.put(record);
    },
    async oneStopPublish(item: PublicApology): Promise<void> {
      await published.publish(item);
    },
    async oneStopUnpublish(code: string): Promise<boolean> {
      return published.unpublish(code);
    },
    /** One report per jurisdiction that has files (the monthly report workflow mails each to its Văn phòng UBND). */
    async oneStopMonthlyReports(month: string, asOf: IsoDate): Promise<MonthlyReport[]> {
      return readMonthlyReportsByJurisdiction(deps.db, month, asOf);
    },
  };
}
