/**
 * More appendix shapes seen in real plans (tables written for these tests, in those shapes; no
 * document is copied): a commune's plan as a Word file with two appendix tables, a title line
 * "(Ban hành kèm theo Kế hoạch số …" broken over two paragraphs, group rows merged across the
 * table, commune abbreviations ("VP HĐND-UBND", "Phòng VH-XH", "TT PVHCC", "UBMTTQ"); a ministry's
 * workbook with a numbers row, lettered and roman sections and "Đơn vị chủ trì"/"Sản phẩm đầu ra"
 * columns; a province's CSV exported from Excel, merged cells written once, the header repeated
 * after a page break. Each test lists the tasks exactly: none lost, none invented.
 */
import { Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { importPlanDocx, importPlanText, importPlanWorkbook } from '../../domain/import';
import { DirectorySchema, type Directory } from '../../domain/directory';
import { recognizeHeader } from '../../domain/import/headers';
import { resolveAgencies } from '../../domain/agencies';
import { HA_SON } from '../support/province-directory';
import { readFileSync } from 'node:fs';
import { directoryFromStructure, StructureSchema } from '../../domain/structure';

const contacts = (id: string) => ({ officer: [{ name: `Đầu mối ${id}`, email: `${id}@vidu.example` }], head: [] });

/** A commune after the 2025 reorganisation, its bodies named in full (the plan abbreviates them). */
const TAN_LOC: Directory = DirectorySchema.parse({
  jurisdictions: [{ id: 'tan-loc', name: 'Xã Tân Lộc', monitor: 'tl-vp', chair: { name: 'Chủ tịch UBND xã Tân Lộc', email: 'chutich@tanloc.example' } }],
  agencies: [
    ['tl-vp', 'Văn phòng HĐND và UBND xã'],
    ['tl-vhxh', 'Phòng Văn hóa - Xã hội'],
    ['tl-kt', 'Phòng Kinh tế'],
    ['tl-pvhcc', 'Trung tâm Phục vụ hành chính công xã'],
    ['tl-cudvc', 'Trung tâm Cung ứng dịch vụ công xã'],
    ['tl-ca', 'Công an xã'],
    ['tl-yt', 'Trạm Y tế xã'],
    ['tl-mttq', 'Ủy ban Mặt trận Tổ quốc Việt Nam xã'],
  ].map(([id, name]) => ({ id, name, jurisdiction: 'tan-loc', contacts: contacts(id!) })),
  groups: [],
});

type CellSpec = string | { text: string; columnSpan?: number; rowSpan?: number };
const cell = (spec: CellSpec) => {
  const s = typeof spec === 'string' ? { text: spec } : spec;
  return new TableCell({
    children: s.text.split('\n').map((line) => new Paragraph({ children: [new TextRun(line)] })),
    ...(s.columnSpan ? { columnSpan: s.columnSpan } : {}),
    ...(s.rowSpan ? { rowSpan: s.rowSpan } : {}),
  });
};
const table = (rows: CellSpec[][]) => new Table({ rows: rows.map((r) => new TableRow({ children: r.map(cell) })) });
const para = (text: string) => new Paragraph({ children: [new TextRun(text)] });

const communePlan = () =>
  Packer.toBuffer(
    new Document({
      sections: [
        {
          children: [
            para('ỦY BAN NHÂN DÂN XÃ TÂN LỘC'),
            para('Số: 25/KH-UBND'),
            para('Tân Lộc, ngày 10 tháng 01 năm 2026'),
            para('KẾ HOẠCH'),
            para('Chuyển đổi số và cải cách hành chính năm 2026'),
            table([['Nơi nhận:\n- TT Đảng ủy xã;\n- Lưu: VT.', 'TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH']]),
            para('PHỤ LỤC I'),
            para('BẢNG PHÂN CÔNG CHI TIẾT NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2026'),
            para('(Ban hành kèm theo Kế hoạch số 25/KH-UBND ngày 10/01/2026'),
            para('của Ủy ban nhân dân xã Tân Lộc)'),
            table([
              ['STT', 'Tên nhiệm vụ', 'Cơ quan chủ trì', 'Cơ quan phối hợp', 'Kết quả/Sản phẩm', 'Thời gian', 'Ghi chú'],
              [{ text: 'I. NÂNG CAO NHẬN THỨC VÀ KỸ NĂNG SỐ', columnSpan: 7 }],
              ['1', 'Tuyên truyền về chuyển đổi số trên hệ thống truyền thanh xã', 'TT CUDVC', 'Phòng VH-XH', 'Tin, bài', 'Thường xuyên', ''],
              ['2', 'Phổ cập kỹ năng số cho người dân', { text: 'TT CUDVC', rowSpan: 2 }, 'Phòng VH-XH; UBMTTQ; Tổ CNSCĐ 12 ấp', 'Lớp tập huấn', 'Quý II/2026', ''],
              ['3', 'Hướng dẫn người dân cài đặt, kích hoạt ứng dụng VNeID', 'Công an xã; Tổ CNSCĐ', 'Báo cáo', { text: 'Tháng 6/2026', rowSpan: 2 }, ''],
              ['4', 'Tổ chức sân chơi STEM cho học sinh', 'Các trường học', 'Phòng VH-XH', 'Sân chơi', ''],
              [{ text: 'II. CHÍNH QUYỀN SỐ', columnSpan: 7 }],
              ['1', 'Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính', 'TT PVHCC', 'Các phòng chuyên môn', 'Hồ sơ được số hóa', 'Hằng quý', ''],
              ['2', 'Sử dụng chữ ký số trong xử lý văn bản', 'VP HĐND-UBND', 'Các phòng; TT PVHCC', 'Văn bản điện tử', 'Năm 2026', ''],
              ['3', 'Bảo đảm an toàn thông tin mạng', 'Công an xã', 'Phòng VH-XH; VP HĐND-UBND', 'Báo cáo', '6 tháng đầu năm 2026', ''],
              ['4', 'Triển khai hồ sơ sức khỏe điện tử', 'Trạm Y tế', 'Phòng VH-XH', 'Hồ sơ sức khỏe', 'Trước ngày 30/9/2026', ''],
              ['5', 'Chỉ đạo chung việc thực hiện kế hoạch', 'UBND xã', 'Các đơn vị liên quan', 'Kết luận', 'Tháng 12/2026', ''],
            ]),
            para('PHỤ LỤC II'),
            para('DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026'),
            para('(Ban hành kèm theo Kế hoạch số 25/KH-UBND ngày 10/01/2026 của Ủy ban nhân dân xã Tân Lộc)'),
            table([
              ['TT', 'Nội dung nhiệm vụ', 'Đơn vị chủ trì', 'Đơn vị phối hợp', 'Thời gian thực hiện/hoàn thành', 'Hình thức văn bản'],
              ['I', 'CẢI CÁCH THỦ TỤC HÀNH CHÍNH', '', '', '', ''],
              ['1', 'Rà soát, đơn giản hóa thủ tục hành chính', 'VP HĐND-UBND', 'Các phòng chuyên môn', 'Quý III/2026', 'Báo cáo'],
              ['2', 'Niêm yết công khai thủ tục hành chính tại Trung tâm', 'Trung tâm PVHCC', '', 'Thường xuyên', 'Niêm yết'],
              ['II', 'CẢI CÁCH TỔ CHỨC BỘ MÁY', '', '', '', ''],
              ['1', 'Rà soát vị trí việc làm của cán bộ, công chức xã', 'Phòng VH-XH', 'VP HĐND-UBND', 'Tháng 9/2026', 'Đề án'],
              ['2', 'Khảo sát mức độ hài lòng của người dân', 'Văn phòng HĐND-UBND xã', 'UBMTTQ xã', 'Quý IV/2026', 'Báo cáo'],
            ]),
          ],
        },
      ],
    }),
  );

describe('a commune plan in a Word file with two appendix tables', () => {
  it('reads the plan facts, the title line broken over two paragraphs included', async () => {
    const result = await importPlanDocx(await communePlan(), { directory: TAN_LOC, file: 'kh-25.docx' });
    expect(result.plan).toMatchObject({ id: '25-kh-ubnd-2026', number: '25/KH-UBND', issuedOn: '2026-01-10', jurisdiction: 'tan-loc', year: 2026 });
  });

  it('takes both appendix tables and every task in them, sections as areas, and nothing else', async () => {
    const result = await importPlanDocx(await communePlan(), { directory: TAN_LOC, file: 'kh-25.docx' });
    expect(result.tasks.map((t) => [t.area, t.task ?? t.objective, t.lead, t.deadlineText])).toEqual([
      ['Nâng cao nhận thức và kỹ năng số', 'Tuyên truyền về chuyển đổi số trên hệ thống truyền thanh xã', ['Trung tâm Cung ứng dịch vụ công xã'], 'Thường xuyên'],
      ['Nâng cao nhận thức và kỹ năng số', 'Phổ cập kỹ năng số cho người dân', ['Trung tâm Cung ứng dịch vụ công xã'], 'Quý II/2026'],
      ['Nâng cao nhận thức và kỹ năng số', 'Hướng dẫn người dân cài đặt, kích hoạt ứng dụng VNeID', ['Trung tâm Cung ứng dịch vụ công xã'], 'Tháng 6/2026'],
      ['Nâng cao nhận thức và kỹ năng số', 'Tổ chức sân chơi STEM cho học sinh', ['Các trường học'], 'Tháng 6/2026'],
      ['Chính quyền số', 'Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính', ['Trung tâm Phục vụ hành chính công xã'], 'Hằng quý'],
      ['Chính quyền số', 'Sử dụng chữ ký số trong xử lý văn bản', ['Văn phòng HĐND và UBND xã'], 'Năm 2026'],
      ['Chính quyền số', 'Bảo đảm an toàn thông tin mạng', ['Công an xã'], '6 tháng đầu năm 2026'],
      ['Chính quyền số', 'Triển khai hồ sơ sức khỏe điện tử', ['Trạm Y tế xã'], 'Trước ngày 30/9/2026'],
      ['Chính quyền số', 'Chỉ đạo chung việc thực hiện kế hoạch', ['UBND xã'], 'Tháng 12/2026'],
      ['Cải cách thủ tục hành chính', 'Rà soát, đơn giản hóa thủ tục hành chính', ['Văn phòng HĐND và UBND xã'], 'Quý III/2026'],
      ['Cải cách thủ tục hành chính', 'Niêm yết công khai thủ tục hành chính tại Trung tâm', ['Trung tâm Phục vụ hành chính công xã'], 'Thường xuyên'],
      ['Cải cách tổ chức bộ máy', 'Rà soát vị trí việc làm của cán bộ, công chức xã', ['Phòng Văn hóa - Xã hội'], 'Tháng 9/2026'],
      ['Cải cách tổ chức bộ máy', 'Khảo sát mức độ hài lòng của người dân', ['Văn phòng HĐND và UBND xã'], 'Quý IV/2026'],
    ]);
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(result.problems[0]!.message).toBe(
      'Đã đọc 2 bảng nhiệm vụ (bảng 2, 3 trong 3 bảng của văn bản); bỏ qua bảng 1 vì không có cột nội dung, chủ trì và thời gian.',
    );
  });

  it('resolves the commune abbreviations the directory knows, and keeps roles and outside bodies as written', async () => {
    const result = await importPlanDocx(await communePlan(), { directory: TAN_LOC, file: 'kh-25.docx' });
    const byTask = new Map(result.tasks.map((t) => [t.task ?? t.objective, t]));
    expect(byTask.get('Phổ cập kỹ năng số cho người dân')!.coordinating).toEqual(['Phòng Văn hóa - Xã hội', 'Ủy ban Mặt trận Tổ quốc Việt Nam xã']);
    expect(byTask.get('Bảo đảm an toàn thông tin mạng')!.coordinating).toEqual(['Phòng Văn hóa - Xã hội', 'Văn phòng HĐND và UBND xã']);
    expect(byTask.get('Khảo sát mức độ hài lòng của người dân')!.coordinating).toEqual(['Ủy ban Mặt trận Tổ quốc Việt Nam xã']);
    // "Công an xã; Tổ CNSCĐ" in the coordinating column of a row whose lead is merged from above.
    expect(byTask.get('Hướng dẫn người dân cài đặt, kích hoạt ứng dụng VNeID')!.coordinating).toEqual(['Công an xã']);
    const kept = result.problems.filter((p) => p.severity === 'warning' && /được giữ nguyên/.test(p.message)).map((p) => p.message);
    expect(kept).toEqual([
      'Chủ trì "Các trường học" là một loại đơn vị, không có trong danh bạ; được giữ nguyên như văn bản ghi.',
      'Chủ trì "UBND xã" là một loại đơn vị, không có trong danh bạ; được giữ nguyên như văn bản ghi.',
    ]);
  });
});

/** A ministry: its units in full; the plan abbreviates them. */
const BO_KIEN_TAO: Directory = DirectorySchema.parse({
  jurisdictions: [{ id: 'bo-kien-tao', name: 'Bộ Kiến tạo', monitor: 'bkt-vp', chair: { name: 'Bộ trưởng Bộ Kiến tạo', email: 'botruong@bkt.example' } }],
  agencies: [
    ['bkt-vp', 'Văn phòng Bộ'],
    ['bkt-khtc', 'Vụ Kế hoạch - Tài chính'],
    ['bkt-pc', 'Vụ Pháp chế'],
    ['bkt-tccb', 'Vụ Tổ chức cán bộ'],
    ['bkt-cds', 'Cục Chuyển đổi số'],
    ['bkt-tt', 'Thanh tra Bộ'],
    ['bkt-ttt', 'Trung tâm Thông tin và Truyền thông'],
  ].map(([id, name]) => ({ id, name, jurisdiction: 'bo-kien-tao', contacts: contacts(id!) })),
  groups: [],
});

async function workbook(rows: (string | null)[][], edit?: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Phụ lục');
  for (const r of rows) sheet.addRow(r);
  edit?.(sheet);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const ministryRows: (string | null)[][] = [
  ['PHỤ LỤC', null, null, null, null, null, null, null],
  ['KẾ HOẠCH CHUYỂN ĐỔI SỐ NĂM 2026 CỦA BỘ KIẾN TẠO', null, null, null, null, null, null, null],
  ['(Kèm theo Quyết định số 120/QĐ-BKT ngày 22 tháng 01 năm 2026', null, null, null, null, null, null, null],
  ['của Bộ trưởng Bộ Kiến tạo)', null, null, null, null, null, null, null],
  ['STT', 'Nhiệm vụ/Giải pháp', 'Đơn vị chủ trì', 'Đơn vị phối hợp', 'Sản phẩm đầu ra', 'Thời hạn hoàn thành', 'Cấp trình', 'Ghi chú'],
  ['(1)', '(2)', '(3)', '(4)', '(5)', '(6)', '(7)', '(8)'],
  ['A', 'NHIỆM VỤ TRỌNG TÂM', null, null, null, null, null, null],
  ['I', 'Hoàn thiện thể chế', null, null, null, null, null, null],
  ['1', 'Xây dựng Thông tư quy định về dữ liệu chuyên ngành', 'Cục CĐS', 'Vụ Pháp chế', 'Thông tư', 'Quý IV/2026', 'Bộ trưởng', null],
  ['2', 'Rà soát văn bản quy phạm pháp luật về chuyển đổi số', 'Vụ Pháp chế', 'Các Vụ: TCCB, KHTC', 'Báo cáo', 'Tháng 6/2026', 'Bộ trưởng', null],
  ['II', 'Phát triển hạ tầng và dữ liệu', null, null, null, null, null, null],
  ['1', 'Nâng cấp trung tâm dữ liệu của Bộ', 'Trung tâm TT&TT', 'VP Bộ; Vụ KHTC', 'Hệ thống', 'Năm 2026-2027', null, 'Vốn đầu tư công'],
  ['2', 'Kết nối cơ sở dữ liệu với Bộ Công an', 'Cục Chuyển đổi số', 'Bộ Công an', 'Dữ liệu được kết nối', '2026', null, null],
  ['B', 'NHIỆM VỤ THƯỜNG XUYÊN', null, null, null, null, null, null],
  ['1', 'Báo cáo tình hình chuyển đổi số', 'Văn phòng Bộ', 'Các đơn vị thuộc Bộ', 'Báo cáo', 'Hằng quý', null, null],
  ['2', 'Thanh tra việc bảo đảm an toàn thông tin', 'Thanh tra Bộ', 'Trung tâm Thông tin và Truyền thông', 'Kết luận thanh tra', 'Trước ngày 15/12/2026', null, null],
  ['3', 'Triển khai nhiệm vụ do Chính phủ giao', 'Các đơn vị thuộc Bộ', 'Vụ TCCB', 'Báo cáo', 'Theo yêu cầu của Chính phủ', null, null],
];

describe("a ministry's workbook", () => {
  it('reads the plan facts from a "Kèm theo" line broken over two rows', async () => {
    const result = await importPlanWorkbook(await workbook(ministryRows), { directory: BO_KIEN_TAO, file: 'qd-120.xlsx', jurisdiction: 'bo-kien-tao' });
    expect(result.plan).toMatchObject({ number: '120/QĐ-BKT', issuedOn: '2026-01-22', year: 2026, jurisdiction: 'bo-kien-tao' });
    expect(result.plan.title).toBe('Kế hoạch chuyển đổi số năm 2026 của Bộ Kiến tạo');
  });

  it('finds every task under its lettered and roman sections; the numbers row and section rows are not tasks', async () => {
    const result = await importPlanWorkbook(await workbook(ministryRows), { directory: BO_KIEN_TAO, file: 'qd-120.xlsx', jurisdiction: 'bo-kien-tao' });
    expect(result.tasks.map((t) => [t.area, t.group, t.task, t.lead, t.product, t.deadlineText])).toEqual([
      ['Nhiệm vụ trọng tâm', 'Hoàn thiện thể chế', 'Xây dựng Thông tư quy định về dữ liệu chuyên ngành', ['Cục Chuyển đổi số'], 'Thông tư', 'Quý IV/2026'],
      ['Nhiệm vụ trọng tâm', 'Hoàn thiện thể chế', 'Rà soát văn bản quy phạm pháp luật về chuyển đổi số', ['Vụ Pháp chế'], 'Báo cáo', 'Tháng 6/2026'],
      ['Nhiệm vụ trọng tâm', 'Phát triển hạ tầng và dữ liệu', 'Nâng cấp trung tâm dữ liệu của Bộ', ['Trung tâm Thông tin và Truyền thông'], 'Hệ thống', 'Năm 2026-2027'],
      ['Nhiệm vụ trọng tâm', 'Phát triển hạ tầng và dữ liệu', 'Kết nối cơ sở dữ liệu với Bộ Công an', ['Cục Chuyển đổi số'], 'Dữ liệu được kết nối', '2026'],
      ['Nhiệm vụ thường xuyên', null, 'Báo cáo tình hình chuyển đổi số', ['Văn phòng Bộ'], 'Báo cáo', 'Hằng quý'],
      ['Nhiệm vụ thường xuyên', null, 'Thanh tra việc bảo đảm an toàn thông tin', ['Thanh tra Bộ'], 'Kết luận thanh tra', 'Trước ngày 15/12/2026'],
      ['Nhiệm vụ thường xuyên', null, 'Triển khai nhiệm vụ do Chính phủ giao', ['Các đơn vị thuộc Bộ'], 'Báo cáo', 'Theo yêu cầu của Chính phủ'],
    ]);
    expect(result.tasks.map((t) => t.coordinating)).toEqual([
      ['Vụ Pháp chế'],
      ['Vụ Tổ chức cán bộ', 'Vụ Kế hoạch - Tài chính'],
      ['Văn phòng Bộ', 'Vụ Kế hoạch - Tài chính'],
      [],
      [],
      ['Trung tâm Thông tin và Truyền thông'],
      ['Vụ Tổ chức cán bộ'],
    ]);
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    // "Cấp trình" is a known column, kept and not reported as unknown.
    expect(result.problems.some((p) => /Cấp trình/.test(p.column ?? '') || /Cấp trình/.test(p.message))).toBe(false);
  });
});

const csv = (rows: string[][]) => rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n');

/** A province's appendix saved from Excel as CSV: a merged cell is written in its first row only. */
const provinceRows: string[][] = [
  ['PHỤ LỤC', '', '', '', '', '', ''],
  ['NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH TỈNH HÀ SƠN NĂM 2026', '', '', '', '', '', ''],
  ['(Ban hành kèm theo Kế hoạch số 08/KH-UBND ngày 05/01/2026', '', '', '', '', '', ''],
  ['của Ủy ban nhân dân tỉnh Hà Sơn)', '', '', '', '', '', ''],
  ['TT', 'Nội dung nhiệm vụ', 'Cơ quan/đơn vị chủ trì thực hiện', 'Đơn vị phối hợp', 'Tiến độ', 'Kết quả/sản phẩm', 'Ghi chú'],
  ['I', 'CẢI CÁCH THỂ CHẾ', '', '', '', '', ''],
  ['1', 'Xây dựng, ban hành văn bản quy phạm pháp luật của tỉnh', 'Sở Tư pháp', 'Các sở, ban, ngành tỉnh', 'Quý I, II/2026', 'Nghị quyết, Quyết định', ''],
  ['2', 'Kiểm tra, rà soát văn bản quy phạm pháp luật', '', '', '', 'Báo cáo', ''],
  ['3', 'Theo dõi thi hành pháp luật', 'Sở Tư pháp; Sở Nội vụ', '', 'Tháng 6 và tháng 12/2026', 'Báo cáo', ''],
  ['II', 'CẢI CÁCH THỦ TỤC HÀNH CHÍNH', '', '', '', '', ''],
  ['1', 'Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính', 'TT PVHCC tỉnh', 'UBND các xã, phường', 'Hằng quý', 'Báo cáo', ''],
  ['2', 'Đánh giá chất lượng giải quyết thủ tục hành chính', 'VP UBND tỉnh', 'Sở KH&CN', 'Trước ngày 15/11/2026', 'Báo cáo', ''],
  ['TT', 'Nội dung nhiệm vụ', 'Cơ quan/đơn vị chủ trì thực hiện', 'Đơn vị phối hợp', 'Tiến độ', 'Kết quả/sản phẩm', 'Ghi chú'],
  ['3', 'Cắt giảm thời gian giải quyết thủ tục đầu tư', 'Sở KH&ĐT', 'Sở Tài chính', 'Năm 2026', 'Quyết định', ''],
  ['III', 'CẢI CÁCH TỔ CHỨC BỘ MÁY', '', '', '', '', ''],
  ['1', 'Rà soát chức năng, nhiệm vụ của các cơ quan chuyên môn', 'Sở Nội vụ', 'Các sở, ngành', 'Quý III/2026', 'Báo cáo', ''],
  ['2', 'Tổ chức hoạt động văn hóa, thể thao chào mừng', 'Sở VHTTDL', '', 'Tháng 9/2026', 'Kế hoạch', ''],
  ['3', 'Kiểm tra công tác cải cách hành chính tại các xã', 'Sở Nội vụ chủ trì, phối hợp Thanh tra tỉnh', '', 'Quý IV/2026', 'Báo cáo', ''],
];

describe("a province's appendix saved as CSV from Excel", () => {
  const result = importPlanText(csv(provinceRows), { directory: HA_SON, file: 'kh-08.csv' });

  it('reads the plan facts from the "Ban hành kèm theo" line broken over two rows', () => {
    expect(result.plan).toMatchObject({ id: '08-kh-ubnd-2026', number: '08/KH-UBND', issuedOn: '2026-01-05', jurisdiction: 'ha-son', year: 2026 });
    expect(result.plan.title).toBe('Nhiệm vụ cải cách hành chính tỉnh Hà Sơn năm 2026');
  });

  it('finds every task; merged leads and deadlines are filled down; the repeated header is skipped', () => {
    expect(result.tasks.map((t) => [t.area, t.task ?? t.objective, t.lead, t.deadlineText])).toEqual([
      ['Cải cách thể chế', 'Xây dựng, ban hành văn bản quy phạm pháp luật của tỉnh', ['Sở Tư pháp'], 'Quý I, II/2026'],
      ['Cải cách thể chế', 'Kiểm tra, rà soát văn bản quy phạm pháp luật', ['Sở Tư pháp'], 'Quý I, II/2026'],
      ['Cải cách thể chế', 'Theo dõi thi hành pháp luật', ['Sở Tư pháp', 'Sở Nội vụ'], 'Tháng 6 và tháng 12/2026'],
      ['Cải cách thủ tục hành chính', 'Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính', ['Trung tâm Phục vụ hành chính công tỉnh'], 'Hằng quý'],
      ['Cải cách thủ tục hành chính', 'Đánh giá chất lượng giải quyết thủ tục hành chính', ['Văn phòng UBND tỉnh'], 'Trước ngày 15/11/2026'],
      ['Cải cách thủ tục hành chính', 'Cắt giảm thời gian giải quyết thủ tục đầu tư', ['Sở Kế hoạch và Đầu tư'], 'Năm 2026'],
      ['Cải cách tổ chức bộ máy', 'Rà soát chức năng, nhiệm vụ của các cơ quan chuyên môn', ['Sở Nội vụ'], 'Quý III/2026'],
      ['Cải cách tổ chức bộ máy', 'Tổ chức hoạt động văn hóa, thể thao chào mừng', ['Sở Văn hóa, Thể thao và Du lịch'], 'Tháng 9/2026'],
      ['Cải cách tổ chức bộ máy', 'Kiểm tra công tác cải cách hành chính tại các xã', ['Sở Nội vụ'], 'Quý IV/2026'],
    ]);
    expect(result.tasks.at(-1)!.coordinating).toEqual(['Thanh tra tỉnh']);
    expect(result.tasks[3]!.coordinating).toEqual([]);
    expect(result.tasks[4]!.coordinating).toEqual(['Sở Khoa học và Công nghệ']);
    expect(result.tasks[0]!.schedule.milestones).toEqual(['2026-03-31', '2026-06-30']);
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });
});

describe('header words of real plans', () => {
  it('reads start and end columns, issuing-level and evaluation columns for what they are', () => {
    const cases: [string, string | null][] = [
      ['Nội dung nhiệm vụ', 'task'],
      ['Nhiệm vụ/Giải pháp', 'task'],
      ['Kết quả/sản phẩm', 'product'],
      ['Hình thức văn bản', 'product'],
      ['Loại văn bản', 'product'],
      ['Cơ quan/đơn vị chủ trì thực hiện', 'lead'],
      ['Đơn vị phối hợp', 'coordinating'],
      ['Thời gian thực hiện/hoàn thành', 'deadline'],
      ['Tiến độ', 'deadline'],
      ['Ghi chú', 'notes'],
      ['Sản phẩm đầu ra', 'product'],
      ['Thời hạn hoàn thành', 'deadline'],
      ['Đơn vị chủ trì', 'lead'],
      ['Thời gian bắt đầu', 'extra'],
      ['Thời gian kết thúc', 'deadline'],
      ['Cấp trình', 'extra'],
      ['Cấp có thẩm quyền ban hành', 'extra'],
      ['Đánh giá', 'extra'],
      ['Địa điểm', 'extra'],
    ];
    expect(cases.map(([h]) => [h, recognizeHeader(h)])).toEqual(cases);
  });
});

describe('abbreviations of the bodies a directory knows', () => {
  it('reads the forms commune and ministry plans write', () => {
    expect(resolveAgencies('VP HĐND-UBND; Phòng VH-XH; TT PVHCC; TT CUDVC; UBMTTQ; Trạm Y tế', TAN_LOC, 'tan-loc')).toEqual({
      names: [
        'Văn phòng HĐND và UBND xã',
        'Phòng Văn hóa - Xã hội',
        'Trung tâm Phục vụ hành chính công xã',
        'Trung tâm Cung ứng dịch vụ công xã',
        'Ủy ban Mặt trận Tổ quốc Việt Nam xã',
        'Trạm Y tế xã',
      ],
      unknown: [],
    });
    expect(resolveAgencies('Vụ KHTC, Vụ TCCB, Cục CĐS, VP Bộ, Trung tâm TT&TT', BO_KIEN_TAO, 'bo-kien-tao').names).toEqual([
      'Vụ Kế hoạch - Tài chính',
      'Vụ Tổ chức cán bộ',
      'Cục Chuyển đổi số',
      'Văn phòng Bộ',
      'Trung tâm Thông tin và Truyền thông',
    ]);
  });

  it('reads names written partly in initials, for a province built from the standard structure; an ambiguous one is not guessed', () => {
    const structure = StructureSchema.parse(JSON.parse(readFileSync('config/structures/province-2025.json', 'utf8')));
    const province = directoryFromStructure(structure, 'Ngọc Sơn');
    expect(resolveAgencies('BQL các KCN; TT Phục vụ HCC tỉnh; Sở TC; Sở Tài chính tỉnh Ngọc Sơn; Sở VH-TT-DL; Sở KH-CN; Sở DT&TG', province, 'ngoc-son')).toEqual({
      names: [
        'Ban Quản lý các khu công nghiệp tỉnh',
        'Trung tâm Phục vụ hành chính công tỉnh',
        'Sở Tài chính',
        'Sở Văn hóa, Thể thao và Du lịch',
        'Sở Khoa học và Công nghệ',
        'Sở Dân tộc và Tôn giáo',
      ],
      unknown: [],
    });
    // "NV" is Nội vụ or Ngoại vụ: suggested to nobody, reported.
    expect(resolveAgencies('Sở NV', province, 'ngoc-son')).toEqual({ names: [], unknown: ['Sở NV'] });
  });

  it('"Xã hội" in a name is not the level "xã"; a name written without its level does not take a body of another level', () => {
    const province = DirectorySchema.parse({
      jurisdictions: [{ id: 'p', name: 'Tỉnh P', monitor: 'vp', chair: { name: 'C', email: 'c@p.example' } }],
      agencies: [
        { id: 'vp', name: 'Văn phòng UBND tỉnh', jurisdiction: 'p' },
        { id: 'ld', name: 'Sở Lao động - Thương binh và Xã hội', jurisdiction: 'p' },
        { id: 'ca', name: 'Công an tỉnh', jurisdiction: 'p' },
      ],
      groups: [],
    });
    expect(resolveAgencies('Sở LĐ-TB&XH', province, 'p')).toEqual({ names: ['Sở Lao động - Thương binh và Xã hội'], unknown: [] });
    expect(resolveAgencies('Công an', province, 'p').names).toEqual(['Công an tỉnh']);
    expect(resolveAgencies('Công an xã', province, 'p')).toEqual({ names: [], unknown: ['Công an xã'] });
  });
});

describe('lead and coordinating cells as real plans write them', () => {
  const rows = [
    ['STT', 'Nội dung công việc', 'Cơ quan chủ trì', 'Cơ quan phối hợp', 'Thời gian hoàn thành'],
    ['1', 'Xây dựng dự toán kinh phí cải cách hành chính', 'Sở Tài chính (chủ trì); Sở Nội vụ, Sở Tư pháp (phối hợp)', '', 'Quý I/2026'],
    ['2', 'Thanh tra công vụ', 'Chủ trì: Sở Nội vụ; Phối hợp: Thanh tra tỉnh', '', 'Quý III/2026'],
    ['3', 'Quán triệt kỷ luật, kỷ cương hành chính', 'Thủ trưởng các sở, ban, ngành', '', 'Thường xuyên'],
    ['4', 'Niêm yết thủ tục hành chính tại trụ sở', 'Các cơ quan, đơn vị, địa phương', 'Văn phòng UBND tỉnh', 'Thường xuyên'],
    ['5', 'Chuyển đổi số trong trường học', 'Sở Giáo dục - Đào tạo', 'Các sở, ban, ngành, UBND các xã, phường', 'Năm 2026'],
    ['6', 'Số hóa dữ liệu đất đai', 'Sở Nông nghiệp & Môi trường', 'Sở Khoa học Công nghệ', 'Tháng 10/2026'],
    ['7', 'Rà soát quy trình nội bộ', 'Các sở, ngành theo chức năng, nhiệm vụ', '', 'Quý II/2026'],
    ['8', 'Đối thoại với người dân', 'Chủ tịch UBND các xã, phường', 'Sở Nội vụ', 'Quý IV/2026'],
    ['9', 'Ứng dụng thương mại điện tử', 'Các doanh nghiệp, hợp tác xã', 'Sở Tài chính', 'Năm 2026'],
    ['10', 'Giám sát việc thực hiện kế hoạch', 'Hội đồng nhân dân tỉnh', 'Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ', 'Quý IV/2026'],
  ];
  const result = importPlanText(csv(rows), { ...{ directory: HA_SON, jurisdiction: 'ha-son', year: 2026, title: 'Kế hoạch thử' }, file: 'kh.csv' });

  it('tells the lead from the coordinating agencies, keeps lists of kinds of units whole, and reads the forms of names', () => {
    expect(result.tasks.map((t) => [t.ref, t.lead, t.coordinating])).toEqual([
      ['1.1', ['Sở Tài chính'], ['Sở Nội vụ', 'Sở Tư pháp']],
      ['2.1', ['Sở Nội vụ'], ['Thanh tra tỉnh']],
      ['3.1', ['Các sở, ban, ngành tỉnh'], []],
      ['4.1', ['Các cơ quan, đơn vị, địa phương'], ['Văn phòng UBND tỉnh']],
      ['5.1', ['Sở Giáo dục và Đào tạo'], ['Các sở, ban, ngành tỉnh']],
      ['6.1', ['Sở Nông nghiệp và Môi trường'], ['Sở Khoa học và Công nghệ']],
      ['7.1', ['Các sở, ban, ngành tỉnh'], []],
      ['8.1', ['Chủ tịch UBND các xã, phường'], ['Sở Nội vụ']],
      ['9.1', ['Các doanh nghiệp, hợp tác xã'], ['Sở Tài chính']],
      ['10.1', ['Hội đồng nhân dân tỉnh'], []],
    ]);
    // Kept as written, each reported once, as a kind of unit or a body outside the administration.
    expect(result.problems.filter((p) => /được giữ nguyên/.test(p.message)).map((p) => [p.row, p.message.replace(/^Chủ trì "(.*?)" là (một loại đơn vị|cơ quan, tổ chức ngoài).*$/u, '$1: $2')])).toEqual([
      [5, 'Các cơ quan, đơn vị, địa phương: một loại đơn vị'],
      [9, 'Chủ tịch UBND các xã, phường: một loại đơn vị'],
      [10, 'Các doanh nghiệp, hợp tác xã: một loại đơn vị'],
      [11, 'Hội đồng nhân dân tỉnh: cơ quan, tổ chức ngoài'],
    ]);
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(result.problems.filter((p) => /Không nhận ra/.test(p.message))).toEqual([]);
  });
});

describe('parts, list items and totals', () => {
  const rows = [
    ['TT', 'Nhiệm vụ', 'Chủ trì', 'Phối hợp', 'Thời gian hoàn thành', 'Sản phẩm'],
    ['Phần I', 'NHIỆM VỤ TRỌNG TÂM', '', '', '', ''],
    ['I', 'Cải cách thể chế', '', '', '', ''],
    ['', '- Rà soát văn bản quy phạm pháp luật', 'Sở Tư pháp', '', 'Quý I/2026', 'Báo cáo'],
    ['', '- Kiểm tra văn bản quy phạm pháp luật', 'Sở Tư pháp', '', 'Quý II/2026', 'Báo cáo'],
    ['II', 'Cải cách thủ tục hành chính', '', '', '', ''],
    ['1', 'Giải quyết thủ tục hành chính trực tuyến toàn trình', 'Trung tâm Phục vụ hành chính công tỉnh', '', 'Thường xuyên', 'Báo cáo'],
    ['PHẦN II', 'NHIỆM VỤ THƯỜNG XUYÊN', '', '', '', ''],
    ['1', 'Kiểm tra việc thực hiện tự chủ tài chính\n- Tại các sở\n- Tại các xã', 'Sở Tài chính', '', 'Quý IV/2026', 'Báo cáo'],
    ['', 'Tổng số: 4 nhiệm vụ', '', '', '', ''],
  ];
  const result = importPlanText(csv(rows), { directory: HA_SON, jurisdiction: 'ha-son', year: 2026, title: 'Kế hoạch thử', file: 'kh.csv' });

  it('takes "Phần I" as the top section, drops list bullets from the work, and never takes a total row for a task', () => {
    expect(result.tasks.map((t) => [t.area, t.group, t.task, t.lead])).toEqual([
      ['Nhiệm vụ trọng tâm', 'Cải cách thể chế', 'Rà soát văn bản quy phạm pháp luật', ['Sở Tư pháp']],
      ['Nhiệm vụ trọng tâm', 'Cải cách thể chế', 'Kiểm tra văn bản quy phạm pháp luật', ['Sở Tư pháp']],
      ['Nhiệm vụ trọng tâm', 'Cải cách thủ tục hành chính', 'Giải quyết thủ tục hành chính trực tuyến toàn trình', ['Trung tâm Phục vụ hành chính công tỉnh']],
      ['Nhiệm vụ thường xuyên', null, 'Kiểm tra việc thực hiện tự chủ tài chính - Tại các sở - Tại các xã', ['Sở Tài chính']],
    ]);
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });
});

describe('two-row headers under merged top cells', () => {
  it('reads "Thời gian" over "Bắt đầu" and "Hoàn thành": the deadline is the end, the start is kept', () => {
    const rows = [
      ['STT', 'Nhiệm vụ', 'Cơ quan chủ trì', 'Cơ quan phối hợp', 'Thời gian thực hiện', '', 'Sản phẩm'],
      ['', '', '', '', 'Bắt đầu', 'Hoàn thành', ''],
      ['1', 'Rà soát văn bản', 'Sở Tư pháp', '', 'Tháng 1/2026', 'Tháng 6/2026', 'Báo cáo'],
      ['2', 'Kiểm tra văn bản', 'Sở Tư pháp', 'Sở Nội vụ', 'Tháng 2/2026', 'Quý IV/2026', 'Báo cáo'],
    ];
    const result = importPlanText(csv(rows), { directory: HA_SON, jurisdiction: 'ha-son', year: 2026, title: 'Kế hoạch thử', file: 'kh.csv' });
    expect(result.tasks.map((t) => [t.task, t.deadlineText, t.notes, t.coordinating])).toEqual([
      ['Rà soát văn bản', 'Tháng 6/2026', 'Bắt đầu: Tháng 1/2026', []],
      ['Kiểm tra văn bản', 'Quý IV/2026', 'Bắt đầu: Tháng 2/2026', ['Sở Nội vụ']],
    ]);
  });

  it('reads "Kinh phí" over "Tổng" and "Trong đó NSNN" as a header, not as a task row', () => {
    const rows = [
      ['TT', 'Nội dung', 'Đơn vị thực hiện', '', 'Thời gian', 'Kinh phí (triệu đồng)', ''],
      ['', '', 'Chủ trì', 'Phối hợp', '', 'Tổng', 'Trong đó NSNN'],
      ['1', 'Rà soát văn bản', 'Sở Tư pháp', 'Sở Nội vụ', 'Tháng 6/2026', '100', '80'],
    ];
    const result = importPlanText(csv(rows), { directory: HA_SON, jurisdiction: 'ha-son', year: 2026, title: 'Kế hoạch thử', file: 'kh.csv' });
    expect(result.tasks.map((t) => [t.objective ?? t.task, t.lead, t.coordinating, t.deadlineText, t.budget])).toEqual([
      ['Rà soát văn bản', ['Sở Tư pháp'], ['Sở Nội vụ'], 'Tháng 6/2026', { millionVnd: 100 }],
    ]);
    expect(result.problems).toEqual([]);
  });
});
