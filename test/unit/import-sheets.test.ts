/** CSV and XLSX task lists: headers by name in any order, bad rows reported, the template round trip. */
import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DirectorySchema } from '../../domain/directory';
import { ImportError, importPlanFile, importPlanText, importPlanWorkbook } from '../../domain/import';
import { TEMPLATE_ROWS, templateCsv } from '../../scripts/make-template';

const directory = DirectorySchema.parse(JSON.parse(readFileSync('config/agencies.json', 'utf8')));
const TTH = { directory, jurisdiction: 'thua-thien-hue', title: 'Kế hoạch thử năm 2025' };
const dir = mkdtempSync(join(tmpdir(), 'dondoc-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function xlsx(rows: (string | number | Date | null)[][], edit?: (sheet: ExcelJS.Worksheet, workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Nhiệm vụ');
  for (const r of rows) sheet.addRow(r);
  edit?.(sheet, workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const ASSIGN = 'Nhiệm vụ cần giao cơ quan chủ trì: nếu nhập với --accept-problems, nhiệm vụ được giao tạm cho Văn phòng UBND tỉnh (cơ quan theo dõi) để phân công.';

describe('CSV', () => {
  it('recognises headers without diacritics, in any case and order, with ";" as delimiter', () => {
    const csv = [
      'thoi gian hoan thanh;CO QUAN CHU TRI;Hoat dong;stt;linh vuc;phoi hop;kinh phi (trieu dong);Ket qua/San pham',
      'Trước ngày 31/12/2025;Sở Tư pháp;Xây dựng Kế hoạch kiểm tra văn bản QPPL năm 2026;1;Cải cách thể chế;HĐND, UBND cấp huyện;120;Kế hoạch',
      'Quý II, III;Sở Tư pháp;Kiểm tra văn bản QPPL;;;HĐND, UBND cấp huyện;;Kết luận kiểm tra',
      'Năm 2025;VP UBND tỉnh;Rà soát TTHC;1;Cải cách thủ tục hành chính;Cácsở,ban, ngành cấp tỉnh;Theo dự toán ngân sách hàng năm;Báo cáo',
    ].join('\n');
    const result = importPlanText(csv, { ...TTH, file: 'thu.csv' });
    expect(result.problems).toEqual([]);
    expect(result.tasks.map((t) => [t.ref, t.area, t.activity, t.product, t.lead, t.coordinating, t.deadlineText, t.budget, t.source.row])).toEqual([
      ['1.1.1', 'Cải cách thể chế', 'Xây dựng Kế hoạch kiểm tra văn bản QPPL năm 2026', 'Kế hoạch', ['Sở Tư pháp'], ['HĐND, UBND cấp huyện'], 'Trước ngày 31/12/2025', { millionVnd: 120 }, 2],
      ['1.1.2', 'Cải cách thể chế', 'Kiểm tra văn bản QPPL', 'Kết luận kiểm tra', ['Sở Tư pháp'], ['HĐND, UBND cấp huyện'], 'Quý II, III', null, 3],
      ['2.1.1', 'Cải cách thủ tục hành chính', 'Rà soát TTHC', 'Báo cáo', ['Văn phòng UBND tỉnh'], ['Các sở, ban, ngành cấp tỉnh'], 'Năm 2025', { text: 'Theo dự toán ngân sách hàng năm' }, 4],
    ]);
    expect(result.plan).toMatchObject({ id: 'kh-thu-thua-thien-hue-2025', title: 'Kế hoạch thử năm 2025', year: 2025, number: null, jurisdiction: 'thua-thien-hue' });
  });

  it('names the row and the column of a bad row and imports the others', () => {
    const csv = [
      'Nhiệm vụ,Chủ trì,Phối hợp,Thời gian',
      'Việc một,Sở Nội vụ,,Tháng 3/2025',
      'Việc hai,,Sở Tư pháp,Tháng 4/2025',
      '"Việc ba, có dấu phẩy',
      'và xuống dòng",Sở Kỳ Lạ,Sở Tài chính,Tháng 5/2025',
      'Việc bốn,Sở Tài chính,Sở Không Có,',
      'Việc năm,Sở Tài chính,,Quý IV',
    ].join('\r\n');
    const result = importPlanText(csv, { ...TTH, file: 'loi.csv' });
    expect(result.problems).toEqual([
      { file: 'loi.csv', row: 3, column: 'Chủ trì', message: 'Thiếu cơ quan chủ trì.', severity: 'error' },
      { file: 'loi.csv', row: 3, column: 'Chủ trì', message: ASSIGN, severity: 'warning' },
      {
        file: 'loi.csv',
        row: 4,
        column: 'Chủ trì',
        message: 'Không nhận ra cơ quan chủ trì: "Sở Kỳ Lạ". Hãy thêm vào danh bạ cơ quan của tỉnh Thừa Thiên Huế hoặc sửa tên trong tệp.',
        severity: 'error',
      },
      { file: 'loi.csv', row: 4, column: 'Chủ trì', message: ASSIGN, severity: 'warning' },
      { file: 'loi.csv', row: 6, column: 'Phối hợp', message: 'Không nhận ra cơ quan phối hợp: "Sở Không Có"; cơ quan này sẽ không được thông báo.', severity: 'warning' },
      { file: 'loi.csv', row: 6, column: 'Thời gian', message: 'Thiếu thời gian thực hiện.', severity: 'error' },
    ]);
    // Rows whose lead is missing or unknown are kept, given to the monitoring office to assign; a row without deadline is not.
    expect(result.tasks.map((t) => [t.ref, t.task, t.lead, t.leadText, t.source.row])).toEqual([
      ['1', 'Việc một', ['Sở Nội vụ'], 'Sở Nội vụ', 2],
      ['2', 'Việc hai', ['Văn phòng UBND tỉnh'], '', 3],
      ['3', 'Việc ba, có dấu phẩy và xuống dòng', ['Văn phòng UBND tỉnh'], 'Sở Kỳ Lạ', 4],
      ['5', 'Việc năm', ['Sở Tài chính'], 'Sở Tài chính', 7],
    ]);
  });

  it('numbers a task from its STT only when the cell is a numbering, not text spilled from a merged cell', () => {
    const csv = [
      'STT,Nhiệm vụ,Cơ quan chủ trì,Thời gian',
      '(1),Rà soát thủ tục hành chính,Sở Tư pháp,Quý II/2025',
      '"Ủy ban nhân dân các tỉnh, thành phố",Kiểm tra văn bản,Sở Tư pháp,Năm 2025',
      '2.a,Báo cáo kết quả,Sở Tư pháp,Tháng 12/2025',
    ].join('\n');
    expect(importPlanText(csv, { ...TTH, file: 'thu.csv' }).tasks.map((t) => t.ref)).toEqual(['1.1', '1', '2.a.1']);
  });

  it('refuses a file without the required columns, saying which', () => {
    expect(() => importPlanText('STT,Nội dung,Ghi chú\n1,Việc,\n', { ...TTH, file: 'thieu.csv' })).toThrow(ImportError);
    expect(() => importPlanText('STT,Nội dung,Ghi chú\n1,Việc,\n', { ...TTH, file: 'thieu.csv' })).toThrow(/"Chủ trì".*"Thời gian"/);
  });

  it('needs a title (or number) and a year for a CSV, which has no plan facts', () => {
    const csv = 'Hoạt động,Chủ trì,Thời gian\nViệc,Sở Nội vụ,Năm 2025\n';
    try {
      importPlanText(csv, { directory, jurisdiction: 'thua-thien-hue', file: 'a.csv' });
      expect.unreachable();
    } catch (err) {
      // The year is taken from the deadlines ("Năm 2025") when the file gives none; the title cannot be.
      expect((err as ImportError).problems.map((p) => p.message)).toEqual(['Không tìm thấy tên kế hoạch trong tệp; hãy cho biết bằng --title.']);
    }
    const given = importPlanText(csv, {
      directory,
      jurisdiction: 'Huyện Tuy Phước',
      file: 'a.csv',
      number: '12/KH-UBND',
      title: 'Kế hoạch tuyên truyền CCHC',
      year: 2025,
      issuedOn: '10/01/2025',
    });
    expect(given.plan).toEqual({
      id: '12-kh-ubnd-2025',
      number: '12/KH-UBND',
      issuer: null,
      jurisdiction: 'tuy-phuoc',
      issuedOn: '2025-01-10',
      title: 'Kế hoạch tuyên truyền CCHC',
      year: 2025,
      source: 'a.csv',
    });
    expect(given.problems.map((p) => p.message)).toEqual([
      'Không nhận ra cơ quan chủ trì: "Sở Nội vụ". Hãy thêm vào danh bạ cơ quan của huyện Tuy Phước hoặc sửa tên trong tệp.',
      'Nhiệm vụ cần giao cơ quan chủ trì: nếu nhập với --accept-problems, nhiệm vụ được giao tạm cho Văn phòng HĐND và UBND huyện (cơ quan theo dõi) để phân công.',
    ]);
  });
});

describe('XLSX', () => {
  it('reads merged cells, dates and numbers, with headers in another order', async () => {
    const data = await xlsx(
      [
        ['Danh sách nhiệm vụ CCHC năm 2025'],
        [],
        ['Cơ quan thực hiện', 'Hoạt động', 'Lĩnh vực', 'Thời hạn', 'Kinh phí (đồng)', 'Mã'],
        ['Sở Nội vụ', 'Ban hành kế hoạch kiểm tra', 'Cải cách chế độ công vụ', new Date(Date.UTC(2025, 2, 15)), 4_455_000_000, 'CV-1'],
        ['Sở Nội vụ; UBND cấp huyện', 'Báo cáo kết quả', null, 'Hàng quý', null, 'CV-2'],
      ],
      (sheet) => sheet.mergeCells('C4:C5'),
    );
    const result = await importPlanWorkbook(data, { ...TTH, file: 'ds.xlsx' });
    expect(result.problems).toEqual([]);
    expect(result.tasks.map((t) => [t.ref, t.area, t.lead, t.deadlineText, t.schedule.due, t.budget, t.source.row])).toEqual([
      ['CV-1', 'Cải cách chế độ công vụ', ['Sở Nội vụ'], '15/03/2025', '2025-03-15', { millionVnd: 4455 }, 4],
      ['CV-2', 'Cải cách chế độ công vụ', ['Sở Nội vụ', 'UBND cấp huyện'], 'Hàng quý', null, null, 5],
    ]);
  });

  it('reports a bad row by its sheet row and header, and duplicate codes', async () => {
    const data = await xlsx([
      ['Mã', 'Hoạt động', 'Chủ trì', 'Thời gian'],
      ['A', 'Việc A', 'Sở Tư pháp', 'Tháng 6/2025'],
      ['B', 'Việc B', 'Phòng Ma', 'Tháng 6/2025'],
      ['A', 'Việc A lần hai', 'Sở Tư pháp', 'Tháng 7/2025'],
    ]);
    const result = await importPlanWorkbook(data, { ...TTH, file: 'loi.xlsx' });
    expect(result.problems.map((p) => [p.row, p.column, p.severity, p.message])).toEqual([
      [3, 'Chủ trì', 'error', 'Không nhận ra cơ quan chủ trì: "Phòng Ma". Hãy thêm vào danh bạ cơ quan của tỉnh Thừa Thiên Huế hoặc sửa tên trong tệp.'],
      [3, 'Chủ trì', 'warning', ASSIGN],
      [4, 'Mã', 'error', 'Mã "A" trùng với dòng 2; dòng này không được nhập.'],
    ]);
    expect(result.tasks.map((t) => t.ref)).toEqual(['A', 'B']);
  });

  it('reads plan facts from a "Thông tin kế hoạch" sheet; options override them', async () => {
    const data = await xlsx([['Hoạt động', 'Chủ trì', 'Thời gian'], ['Việc', 'Phòng Nội vụ', 'Trước ngày 20/11']], (_, workbook) => {
      const info = workbook.addWorksheet('Thông tin kế hoạch');
      info.addRow(['Số', '45/KH-UBND']);
      info.addRow(['Ngày ban hành', '12/04/2024']);
      info.addRow(['Tên kế hoạch', 'Kế hoạch CCHC huyện năm 2024']);
      info.addRow(['Đơn vị', 'tuy-phuoc']);
    });
    const result = await importPlanWorkbook(data, { directory, file: 'tp.xlsx' });
    expect(result.plan).toEqual({
      id: '45-kh-ubnd-2024',
      number: '45/KH-UBND',
      issuer: null,
      jurisdiction: 'tuy-phuoc',
      issuedOn: '2024-04-12',
      title: 'Kế hoạch CCHC huyện năm 2024',
      year: 2024,
      source: 'tp.xlsx',
    });
    expect(result.tasks[0]!.schedule.due).toBe('2024-11-19');
    const overridden = await importPlanWorkbook(data, { directory, file: 'tp.xlsx', number: '46/KH-UBND', year: 2025 });
    expect(overridden.plan).toMatchObject({ id: '46-kh-ubnd-2024', number: '46/KH-UBND', year: 2025 });
    expect(overridden.tasks[0]!.schedule.due).toBe('2025-11-19');
  });

  it('is deterministic, and a corrected deadline keeps every derived ref', async () => {
    const rows = (deadline: string) => [
      ['Lĩnh vực', 'STT', 'Hoạt động', 'Chủ trì', 'Thời gian'],
      ['Cải cách thể chế', 1, 'Việc 1', 'Sở Tư pháp', 'Tháng 3/2025'],
      [null, null, 'Việc 2', 'Sở Tư pháp', deadline],
      ['Cải cách tài chính công', 1, 'Việc 3', 'Sở Tài chính', 'Quý III'],
    ];
    const first = await importPlanWorkbook(await xlsx(rows('Tháng 4/2025')), { ...TTH, file: 'k.xlsx' });
    const again = await importPlanWorkbook(await xlsx(rows('Tháng 4/2025')), { ...TTH, file: 'k.xlsx' });
    expect(again).toEqual(first);
    const corrected = await importPlanWorkbook(await xlsx(rows('Tháng 5/2025')), { ...TTH, file: 'k.xlsx' });
    expect(first.tasks.map((t) => t.ref)).toEqual(['1.1.1', '1.1.2', '2.1.1']);
    expect(corrected.tasks.map((t) => t.ref)).toEqual(['1.1.1', '1.1.2', '2.1.1']);
    expect(corrected.tasks[1]!.deadlineText).toBe('Tháng 5/2025');
  });
});

describe('template round trip', () => {
  it('plans/template.csv is what scripts/make-template.ts writes', () => {
    expect(readFileSync('plans/template.csv', 'utf8')).toBe(templateCsv());
  });

  it('imports every template row back, field by field, from CSV and from XLSX', async () => {
    const csv = await importPlanFile('plans/template.csv', { ...TTH, year: 2025 });
    const book = await importPlanFile('plans/template.xlsx', { directory });
    expect(csv.problems).toEqual([]);
    expect(book.problems).toEqual([]);
    expect(book.plan).toMatchObject({ id: '123-kh-ubnd-2024', number: '123/KH-UBND', jurisdiction: 'thua-thien-hue', year: 2025, issuedOn: '2024-12-25' });
    const strip = (r: typeof csv) => r.tasks.map(({ planId: _p, source: _s, ...t }) => t);
    expect(strip(book)).toEqual(strip(csv));
    let area = '';
    expect(csv.tasks).toHaveLength(TEMPLATE_ROWS.length);
    TEMPLATE_ROWS.forEach((row, i) => {
      const t = csv.tasks[i]!;
      area = row['Lĩnh vực'] === '' ? area : String(row['Lĩnh vực']);
      expect(t.ref).toBe(row['Mã']);
      expect(t.area).toBe(area);
      expect(t.activity).toBe(row['Hoạt động']);
      expect(t.product).toBe(row['Kết quả/Sản phẩm']);
      expect(t.leadText).toBe(row['Cơ quan chủ trì']);
      expect(t.deadlineText).toBe(row['Thời gian hoàn thành']);
      expect(t.notes).toBe(row['Ghi chú'] === '' ? null : row['Ghi chú']);
      const budget = row['Kinh phí (triệu đồng)'];
      expect(t.budget).toEqual(budget === '' ? null : typeof budget === 'number' ? { millionVnd: budget } : { text: budget });
    });
    expect(csv.tasks.find((t) => t.ref === 'CDDH-02')!.coordinating).toEqual(['Văn phòng UBND tỉnh', 'Sở Tư pháp', 'Sở Tài chính', 'UBND cấp huyện']);
  });

  it('writes the template through the file path too', async () => {
    const path = join(dir, 'mau.csv');
    writeFileSync(path, templateCsv());
    const result = await importPlanFile(path, { ...TTH, year: 2025 });
    expect(result.plan.source).toBe('mau.csv');
    expect(result.tasks.every((t) => t.source.file === 'mau.csv')).toBe(true);
  });
});
