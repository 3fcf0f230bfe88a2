/**
 * Appendix tables in the shapes real plans arrive in (tables written for these tests): headers
 * from many plans, section rows, repeated headers, merged cells in CSV and XLSX, the "Kèm theo" line,
 * unresolved and role leads. Each test counts the tasks: none lost, none invented.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ImportError, importPlanText, importPlanWorkbook } from '../../domain/import';
import { foldHeader, mapHeaders, parseColumnOverrides, recognizeHeader } from '../../domain/import/headers';
import { HA_SON } from '../support/province-directory';
import { DirectorySchema } from '../../domain/directory';

const base = { directory: HA_SON, jurisdiction: 'ha-son', title: 'Kế hoạch thử năm 2025' };
const csv = (rows: string[][]) => rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\n');

async function xlsx(rows: (string | number | null)[][], edit?: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Phụ lục');
  for (const r of rows) sheet.addRow(r);
  edit?.(sheet);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('headers from the vocabulary of real plans', () => {
  it('reads each role however plans qualify it', () => {
    const cases: [string, string][] = [
      ['TT', 'stt'],
      ['Số TT', 'stt'],
      ['Nội dung công việc', 'task'],
      ['Nhiệm vụ cụ thể', 'task'],
      ['Tên nhiệm vụ/đề án', 'task'],
      ['Nhiệm vụ, giải pháp', 'task'],
      ['Cơ quan chủ trì', 'lead'],
      ['Cơ quan/đơn vị chủ trì', 'lead'],
      ['Đơn vị chủ trì thực hiện', 'lead'],
      ['Cơ quan, đơn vị thực hiện', 'lead'],
      ['Đơn vị thực hiện', 'lead'],
      ['Chủ trì', 'lead'],
      ['Cơ quan chịu trách nhiệm', 'lead'],
      ['Cơ quan tham mưu', 'lead'],
      ['Cơ quan phối hợp', 'coordinating'],
      ['Đơn vị phối hợp thực hiện', 'coordinating'],
      ['Phối hợp', 'coordinating'],
      ['Thời gian', 'deadline'],
      ['Thời hạn hoàn thành', 'deadline'],
      ['Thời gian thực hiện/hoàn thành', 'deadline'],
      ['Tiến độ', 'deadline'],
      ['Tiến độ thực hiện', 'deadline'],
      ['Mốc thời gian', 'deadline'],
      ['Sản phẩm', 'product'],
      ['Sản phẩm/Kết quả', 'product'],
      ['Kết quả dự kiến', 'product'],
      ['Sản phẩm dự kiến', 'product'],
      ['Hình thức văn bản', 'product'],
      ['Kinh phí (triệu đồng)', 'budget'],
      ['Nguồn kinh phí', 'budget'],
      ['Dự toán kinh phí', 'budget'],
      ['Lãnh đạo phụ trách', 'extra'],
      ['Lãnh đạo UBND tỉnh chỉ đạo', 'extra'],
      ['Ghi chú', 'notes'],
      ['(5) Đơn vị chủ trì', 'lead'],
    ];
    for (const [header, role] of cases) expect(recognizeHeader(header), header).toBe(role);
    expect(recognizeHeader('Người ký')).toBeNull();
  });

  it('lets the user give a column its role; a second product column is kept as extra', () => {
    const overrides = parseColumnOverrides(['Việc cần làm=task', 'Ai làm=lead']);
    expect(mapHeaders(['Việc cần làm', 'Ai làm', 'Hạn', 'Kết quả', 'Sản phẩm'], overrides)).toEqual(['task', 'lead', 'deadline', 'product', 'extra']);
    expect(foldHeader('Ai làm')).toBe('ai lam');
    expect(() => parseColumnOverrides(['Ai làm=sếp'])).toThrow(/không đúng dạng/);
  });
});

describe('a CSV saved by Excel from a real appendix', () => {
  const rows = [
    ['', 'PHỤ LỤC I', '', '', '', '', ''],
    ['', 'DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2025', '', '', '', '', ''],
    ['', '(Kèm theo Kế hoạch số 45/KH-UBND ngày 12/01/2025 của UBND tỉnh Hà Sơn)', '', '', '', '', ''],
    ['TT', 'Nội dung công việc', 'Cơ quan thực hiện', '', 'Thời gian hoàn thành', 'Sản phẩm/Kết quả', 'Lãnh đạo phụ trách'],
    ['', '', 'Chủ trì', 'Phối hợp', '', '', ''],
    ['(1)', '(2)', '(3)', '(4)', '(5)', '(6)', '(7)'],
    ['I', 'CẢI CÁCH THỂ CHẾ', '', '', '', '', ''],
    ['1', 'Rà soát văn bản quy phạm pháp luật', 'Sở Tư pháp', 'Các sở, ngành', 'Quý II/2025', 'Báo cáo', 'Phó Chủ tịch A'],
    ['2', 'Kiểm tra công tác thi hành pháp luật', 'Sở Tư pháp', '', 'Tháng 9/2025', 'Kết luận', ''],
    ['II', 'CẢI CÁCH THỦ TỤC HÀNH CHÍNH', '', '', '', '', ''],
    ['1', 'Công bố, công khai thủ tục hành chính', '', '', '', '', ''],
    ['1.1', 'Công bố danh mục thủ tục hành chính', 'Văn phòng UBND tỉnh', 'Sở TT&TT', 'Thường xuyên', 'Quyết định', ''],
    ['1.2', 'Số hóa hồ sơ, kết quả giải quyết', 'Trung tâm Phục vụ hành chính công tỉnh', '', 'Hàng quý', 'Báo cáo', ''],
    ['TT', 'Nội dung công việc', 'Chủ trì', 'Phối hợp', 'Thời gian hoàn thành', 'Sản phẩm/Kết quả', 'Lãnh đạo phụ trách'],
    ['2', 'Đánh giá mức độ hài lòng của người dân', 'Sở Nội vụ', 'UBND các xã, phường', 'Tháng 11/2025', 'Báo cáo', ''],
    ['3', 'Khảo sát ý kiến doanh nghiệp', '', '', '', 'Phiếu khảo sát', ''],
    ['III', 'XÂY DỰNG CHÍNH QUYỀN SỐ', '', '', '', '', ''],
    ['1', 'Hỗ trợ kỹ thuật cho các xã', 'Doanh nghiệp viễn thông', 'Sở Khoa học và Công nghệ', 'Năm 2025', '', ''],
    ['2', 'Ứng dụng trí tuệ nhân tạo', 'Sở KH&CN', '', 'Tháng 12/2025', '', ''],
    ['3', 'Tập huấn chuyển đổi số', 'Sở Số Hóa', '', 'Quý III/2025', '', ''],
    ['4', 'Cung cấp các số liệu thống kê', 'Sở Tài chính', 'Các số liệu thống kê', 'Quý IV/2025', '', ''],
  ];
  const result = importPlanText(csv(rows), { directory: HA_SON, file: 'pl1.csv' });

  it('reads the plan facts from the lines above the table', () => {
    expect(result.plan).toMatchObject({
      id: '45-kh-ubnd-2025',
      number: '45/KH-UBND',
      issuedOn: '2025-01-12',
      issuer: 'UBND tỉnh Hà Sơn',
      jurisdiction: 'ha-son',
      year: 2025,
      title: 'Danh mục nhiệm vụ cải cách hành chính năm 2025',
    });
  });

  it('finds every task and no other: sections, the column-number row and the repeated header are not tasks', () => {
    expect(result.tasks.map((t) => [t.area, t.group, t.task])).toEqual([
      ['Cải cách thể chế', null, 'Rà soát văn bản quy phạm pháp luật'],
      ['Cải cách thể chế', null, 'Kiểm tra công tác thi hành pháp luật'],
      ['Cải cách thủ tục hành chính', 'Công bố, công khai thủ tục hành chính', 'Công bố danh mục thủ tục hành chính'],
      ['Cải cách thủ tục hành chính', 'Công bố, công khai thủ tục hành chính', 'Số hóa hồ sơ, kết quả giải quyết'],
      // "2" after the heading "1" and its "1.1", "1.2" is the heading's sibling: the group ends
      ['Cải cách thủ tục hành chính', null, 'Đánh giá mức độ hài lòng của người dân'],
      ['Cải cách thủ tục hành chính', null, 'Khảo sát ý kiến doanh nghiệp'],
      ['Xây dựng chính quyền số', null, 'Hỗ trợ kỹ thuật cho các xã'],
      ['Xây dựng chính quyền số', null, 'Ứng dụng trí tuệ nhân tạo'],
      ['Xây dựng chính quyền số', null, 'Tập huấn chuyển đổi số'],
      ['Xây dựng chính quyền số', null, 'Cung cấp các số liệu thống kê'],
    ]);
    expect(new Set(result.tasks.map((t) => t.ref)).size).toBe(10);
  });

  it('resolves leads the directory names, keeps role and outside leads as written, and never matches "số" to "Sở"', () => {
    expect(result.tasks.map((t) => t.lead)).toEqual([
      ['Sở Tư pháp'],
      ['Sở Tư pháp'],
      ['Văn phòng UBND tỉnh'],
      ['Trung tâm Phục vụ hành chính công tỉnh'],
      ['Sở Nội vụ'],
      // the merged Chủ trì / Thời gian cells written once by Excel's CSV export are filled down
      ['Sở Nội vụ'],
      ['Doanh nghiệp viễn thông'],
      ['Sở Khoa học và Công nghệ'],
      ['Văn phòng UBND tỉnh'],
      ['Sở Tài chính'],
    ]);
    expect(result.tasks[5]!.deadlineText).toBe('Tháng 11/2025');
    expect(result.tasks[0]!.coordinating).toEqual(['Các sở, ban, ngành tỉnh']);
    expect(result.tasks[0]!.notes).toBe('Lãnh đạo phụ trách: Phó Chủ tịch A');
    const messages = result.problems.map((p) => `${p.row}|${p.severity}|${p.message}`);
    expect(messages).toContain('20|error|Không nhận ra cơ quan chủ trì: "Sở Số Hóa". Hãy thêm vào danh bạ cơ quan của tỉnh Hà Sơn hoặc sửa tên trong tệp.');
    expect(messages).toContain(
      '20|warning|Nhiệm vụ cần giao cơ quan chủ trì: nếu nhập với --accept-problems, nhiệm vụ được giao tạm cho Văn phòng UBND tỉnh (cơ quan theo dõi) để phân công.',
    );
    expect(messages).toContain(
      '18|warning|Chủ trì "Doanh nghiệp viễn thông" là cơ quan, tổ chức ngoài danh bạ của đơn vị hành chính; được giữ nguyên như văn bản ghi.',
    );
    // "Các số liệu" is not "Các sở, ngành": it is not taken for a group of coordinating agencies
    expect(result.tasks[9]!.coordinating).toEqual([]);
    expect(result.problems.filter((p) => p.severity === 'error')).toHaveLength(1);
  });
});

describe('an XLSX with merged cells', () => {
  it('takes a merged title as a section, fills merged leads and deadlines down, and never copies a title into other columns', async () => {
    const data = await xlsx(
      [
        ['Biểu kèm theo Kế hoạch số 102/KH-UBND ngày 3 tháng 3 năm 2025 của Ủy ban nhân dân tỉnh Hà Sơn'],
        ['STT', 'Nhiệm vụ', 'Đơn vị chủ trì thực hiện', 'Đơn vị phối hợp', 'Thời hạn', 'Kết quả dự kiến', 'Kinh phí (triệu đồng)'],
        ['A', 'NỘI DUNG CẦN KHẮC PHỤC', null, null, null, null, null],
        [1, 'Nâng cao chỉ số PAR INDEX', 'Sở Nội vụ', 'Các sở, ngành', 'Tháng 6/2025', 'Báo cáo', 50],
        [2, 'Công khai kết quả đánh giá', null, null, null, 'Thông báo', null],
        ['B. NỘI DUNG CẦN DUY TRÌ', null, null, null, null, null, null],
        [1, 'Duy trì ISO 9001', 'Sở KH và CN', null, 'Thường xuyên', null, 'Theo dự toán'],
      ],
      (sheet) => {
        sheet.mergeCells('B3:G3');
        sheet.mergeCells('C4:C5');
        sheet.mergeCells('E4:E5');
        sheet.mergeCells('A6:G6');
      },
    );
    const result = await importPlanWorkbook(data, { directory: HA_SON, file: 'kh.xlsx' });
    expect(result.plan).toMatchObject({ number: '102/KH-UBND', issuedOn: '2025-03-03', jurisdiction: 'ha-son', id: '102-kh-ubnd-2025' });
    expect(result.tasks.map((t) => [t.area, t.task, t.lead, t.deadlineText])).toEqual([
      ['Nội dung cần khắc phục', 'Nâng cao chỉ số PAR INDEX', ['Sở Nội vụ'], 'Tháng 6/2025'],
      ['Nội dung cần khắc phục', 'Công khai kết quả đánh giá', ['Sở Nội vụ'], 'Tháng 6/2025'],
      ['Nội dung cần duy trì', 'Duy trì ISO 9001', ['Sở Khoa học và Công nghệ'], 'Thường xuyên'],
    ]);
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('maps a column the recogniser does not know with --column', async () => {
    const rows = [
      ['Việc cần làm', 'Ai làm', 'Hạn chót'],
      ['Lập báo cáo', 'Sở Tài chính', '30/06/2025'],
    ];
    expect(() => importPlanText(csv(rows), { ...base, file: 'x.csv' })).toThrow(ImportError);
    const result = importPlanText(csv(rows), { ...base, file: 'x.csv', columns: parseColumnOverrides(['Việc cần làm=task', 'Ai làm=lead']) });
    expect(result.tasks.map((t) => [t.task, t.lead, t.schedule.due])).toEqual([['Lập báo cáo', ['Sở Tài chính'], '2025-06-30']]);
  });
});

describe('a ministry appendix with lettered sub-items and a total row', () => {
  const ministry = DirectorySchema.parse({
    jurisdictions: [{ id: 'bo', name: 'Bộ Thử nghiệm', monitor: 'vp', chair: { name: 'Bộ trưởng', email: 'bt@bo.example' } }],
    agencies: ['Văn phòng Bộ', 'Vụ Pháp chế', 'Vụ Tổ chức cán bộ', 'Thanh tra Bộ', 'Vụ Kế hoạch - Tài chính'].map((name, i) => ({
      id: i === 0 ? 'vp' : `a${i}`,
      name,
      jurisdiction: 'bo',
    })),
    groups: [],
  });
  const rows = [
    ['PHỤ LỤC', '', '', '', '', '', ''],
    ['NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2025 CỦA BỘ THỬ NGHIỆM', '', '', '', '', '', ''],
    ['(Ban hành kèm theo Quyết định số 123/QĐ-BTN ngày 15 tháng 01 năm 2025 của Bộ trưởng Bộ Thử nghiệm)', '', '', '', '', '', ''],
    ['TT', 'Nhiệm vụ', 'Đơn vị chủ trì', 'Đơn vị phối hợp', 'Thời gian hoàn thành', 'Sản phẩm', 'Kinh phí (triệu đồng)'],
    ['1', '2', '3', '4', '5', '6', '7'],
    ['I', 'NHIỆM VỤ CHUNG', '', '', '', '', ''],
    ['1', 'Xây dựng kế hoạch CCHC năm 2026', 'Vụ Tổ chức cán bộ', 'Các đơn vị thuộc Bộ', 'Tháng 12/2025', 'Quyết định', '20'],
    ['2', 'Kiểm tra công tác CCHC', '', '', '', '', ''],
    ['a)', 'Kiểm tra tại các Cục', 'Vụ Tổ chức cán bộ', 'Văn phòng Bộ', 'Quý III/2025', 'Báo cáo', '15'],
    ['b)', 'Kiểm tra tại các Vụ', 'Thanh tra Bộ', '', 'Quý IV/2025', 'Báo cáo', ''],
    ['3', 'Tổng kết công tác CCHC', 'Văn phòng Bộ', '', 'Tháng 12/2025', 'Báo cáo', ''],
    ['II', 'CẢI CÁCH THỂ CHẾ', '', '', '', '', ''],
    ['1', 'Rà soát văn bản QPPL', 'Vụ Pháp chế', 'Các Vụ: Tổ chức cán bộ, Kế hoạch - Tài chính', 'Hằng năm', 'Báo cáo', ''],
    ['2', 'Xây dựng Nghị định', 'Các Cục, Vụ được giao', 'Vụ Pháp chế', 'Quý IV/2025', 'Nghị định', ''],
    ['', 'Tổng cộng', '', '', '', '', '35'],
  ];
  it('finds the five tasks with their groups; a heading, the numbers row and the total are not tasks', () => {
    const result = importPlanText(csv(rows), { directory: ministry, file: 'bo.csv' });
    expect(result.plan).toMatchObject({
      id: '123-qd-btn-2025',
      issuedOn: '2025-01-15',
      jurisdiction: 'bo',
      title: 'Nhiệm vụ cải cách hành chính năm 2025 của Bộ Thử nghiệm',
    });
    expect(result.tasks.map((t) => [t.area, t.group, t.task, t.lead, t.coordinating])).toEqual([
      ['Nhiệm vụ chung', null, 'Xây dựng kế hoạch CCHC năm 2026', ['Vụ Tổ chức cán bộ'], []],
      ['Nhiệm vụ chung', 'Kiểm tra công tác CCHC', 'Kiểm tra tại các Cục', ['Vụ Tổ chức cán bộ'], ['Văn phòng Bộ']],
      ['Nhiệm vụ chung', 'Kiểm tra công tác CCHC', 'Kiểm tra tại các Vụ', ['Thanh tra Bộ'], []],
      ['Nhiệm vụ chung', null, 'Tổng kết công tác CCHC', ['Văn phòng Bộ'], []],
      ['Cải cách thể chế', null, 'Rà soát văn bản QPPL', ['Vụ Pháp chế'], ['Vụ Tổ chức cán bộ', 'Vụ Kế hoạch - Tài chính']],
      ['Cải cách thể chế', null, 'Xây dựng Nghị định', ['Các Cục, Vụ được giao'], ['Vụ Pháp chế']],
    ]);
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });
});

describe('an XLSX with one appendix per sheet', () => {
  it('reads every sheet with a task table and says which', async () => {
    const workbook = new ExcelJS.Workbook();
    const one = workbook.addWorksheet('PL1');
    one.addRow(['Kèm theo Kế hoạch số 9/KH-UBND ngày 02/01/2025 của UBND tỉnh Hà Sơn']);
    one.addRow(['STT', 'Nội dung', 'Chủ trì', 'Thời hạn']);
    one.addRow([1, 'Việc thứ nhất', 'Sở Nội vụ', 'Quý I/2025']);
    const two = workbook.addWorksheet('PL2');
    two.addRow(['STT', 'Nội dung', 'Chủ trì', 'Thời hạn']);
    two.addRow([1, 'Việc thứ hai', 'Sở Tư pháp', 'Quý II/2025']);
    workbook.addWorksheet('Ghi chú').addRow(['Bảng này không phải phụ lục']);
    const result = await importPlanWorkbook(Buffer.from(await workbook.xlsx.writeBuffer()), { directory: HA_SON, file: 'pl.xlsx' });
    expect(result.tasks.map((t) => [t.ref, t.objective, t.lead])).toEqual([
      ['1.1.1', 'Việc thứ nhất', ['Sở Nội vụ']],
      ['2.1.1', 'Việc thứ hai', ['Sở Tư pháp']],
    ]);
    expect(result.problems[0]!.message).toBe('Đã đọc 2 trang tính có bảng nhiệm vụ: "PL1", "PL2".');
  });
});

describe('a CSV whose Chủ trì and Phối hợp cells were merged over rows with their own deadlines', () => {
  it('gives each row the merged agencies and keeps its own deadline; a lone empty Chủ trì is still reported', () => {
    const rows = [
      ['STT', 'Nội dung', 'Thực hiện', 'Phối hợp', 'Hoàn thành'],
      ['1', 'Xây dựng quy chế', 'Sở Nội vụ', 'Sở Tư pháp', 'Tháng 3/2025'],
      ['2', 'Ban hành quy chế', '', '', 'Tháng 5/2025'],
      ['3', 'Tổ chức thực hiện', '', 'Sở Tài chính', 'Tháng 9/2025'],
    ];
    const result = importPlanText(csv(rows), { ...base, file: 'gop.csv' });
    expect(result.tasks.map((t) => [t.objective, t.lead, t.coordinating, t.deadlineText])).toEqual([
      ['Xây dựng quy chế', ['Sở Nội vụ'], ['Sở Tư pháp'], 'Tháng 3/2025'],
      ['Ban hành quy chế', ['Sở Nội vụ'], ['Sở Tư pháp'], 'Tháng 5/2025'],
      ['Tổ chức thực hiện', ['Văn phòng UBND tỉnh'], ['Sở Tài chính'], 'Tháng 9/2025'],
    ]);
    expect(result.problems.filter((p) => p.severity === 'error').map((p) => [p.row, p.message])).toEqual([[4, 'Thiếu cơ quan chủ trì.']]);
  });
});

describe('headings numbered like tasks', () => {
  it('CSV: an upper-case "1 | CẢI CÁCH THỂ CHẾ" over tasks numbered from 1 again is a heading', () => {
    const rows = [
      ['STT', 'Nhiệm vụ', 'Chủ trì', 'Thời gian'],
      ['1', 'CẢI CÁCH THỂ CHẾ', '', ''],
      ['1', 'Rà soát văn bản', 'Sở Tư pháp', 'Quý II/2025'],
      ['2', 'CẢI CÁCH TỔ CHỨC BỘ MÁY', '', ''],
      ['1', 'Sắp xếp đơn vị sự nghiệp', 'Sở Nội vụ', 'Quý III/2025'],
    ];
    const result = importPlanText(csv(rows), { ...base, file: 'h.csv' });
    expect(result.tasks.map((t) => [t.ref, t.area, t.task])).toEqual([
      ['1.1.1', 'Cải cách thể chế', 'Rà soát văn bản'],
      ['2.1.1', 'Cải cách tổ chức bộ máy', 'Sắp xếp đơn vị sự nghiệp'],
    ]);
  });

  it('XLSX: merges are explicit, so a row naming neither lead nor deadline heads the rows below', async () => {
    const data = await xlsx([
      ['STT', 'Nhiệm vụ', 'Chủ trì', 'Thời gian'],
      [1, 'Nhiệm vụ trọng tâm', null, null],
      ['1.1', 'Rà soát văn bản', 'Sở Tư pháp', 'Quý II/2025'],
      [2, 'Nhiệm vụ thường xuyên', null, null],
      ['2.1', 'Cập nhật cơ sở dữ liệu', 'Sở Nội vụ', 'Hằng tháng'],
      ['2.2', 'Báo cáo tiến độ', null, 'Hằng quý'],
    ]);
    const result = await importPlanWorkbook(data, { ...base, file: 'h.xlsx' });
    expect(result.tasks.map((t) => [t.area, t.task, t.lead])).toEqual([
      ['Nhiệm vụ trọng tâm', 'Rà soát văn bản', ['Sở Tư pháp']],
      ['Nhiệm vụ thường xuyên', 'Cập nhật cơ sở dữ liệu', ['Sở Nội vụ']],
      // an empty lead in a workbook is empty (not a merge): reported, kept, given to the monitoring office
      ['Nhiệm vụ thường xuyên', 'Báo cáo tiến độ', ['Văn phòng UBND tỉnh']],
    ]);
  });
});

describe('the plan year when the file does not give it', () => {
  it('takes the year most deadlines name, with a warning; --year still overrides', () => {
    const rows = [
      ['DANH MỤC NHIỆM VỤ TRỌNG TÂM'],
      ['STT', 'Nhiệm vụ', 'Chủ trì', 'Thời gian'],
      ['1', 'Việc một', 'Sở Nội vụ', 'Quý II/2025'],
      ['2', 'Việc hai', 'Sở Tư pháp', 'Trước 31/12/2025'],
      ['3', 'Việc ba', 'Sở Tài chính', 'Tháng 01/2026'],
    ];
    const result = importPlanText(csv(rows), { directory: HA_SON, jurisdiction: 'ha-son', file: 'nam.csv' });
    expect(result.plan).toMatchObject({ year: 2025, title: 'Danh mục nhiệm vụ trọng tâm' });
    expect(result.problems[0]!.message).toBe('Không thấy năm của kế hoạch trong tệp; lấy năm 2025 theo thời hạn trong bảng (chỉ rõ bằng --year nếu khác).');
    expect(importPlanText(csv(rows), { directory: HA_SON, jurisdiction: 'ha-son', file: 'nam.csv', year: 2026 }).plan.year).toBe(2026);
  });
});
