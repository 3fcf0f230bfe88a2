/**
 * Writes plans/template.csv and plans/template.xlsx, the blank-with-examples task lists that offices
 * fill in (columns documented in plans/README.md). Run: npx tsx scripts/make-template.ts
 * Both files come from the definitions below, so they always agree; the output is byte-stable for
 * the CSV and content-stable for the XLSX (fixed creation dates).
 */
import ExcelJS from 'exceljs';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const TEMPLATE_HEADERS = [
  'Mã',
  'Lĩnh vực',
  'STT',
  'Mục tiêu',
  'Nhiệm vụ',
  'Hoạt động',
  'Kết quả/Sản phẩm',
  'Cơ quan chủ trì',
  'Cơ quan phối hợp',
  'Thời gian hoàn thành',
  'Kinh phí (triệu đồng)',
  'Ghi chú',
] as const;

type Row = Record<(typeof TEMPLATE_HEADERS)[number], string | number>;

const THE_CHE = 'Cải cách thể chế';
/** Examples taken from Quyết định 3322/QĐ-UBND (Thừa Thiên Huế, 2025); empty hierarchy cells repeat the row above. */
export const TEMPLATE_ROWS: Row[] = [
  {
    Mã: 'TC-01',
    'Lĩnh vực': THE_CHE,
    STT: 1,
    'Mục tiêu': 'Hoàn thiện hệ thống pháp luật của HĐND và UBND',
    'Nhiệm vụ': 'Ban hành văn bản quy phạm pháp luật (QPPL) của HĐND và UBND',
    'Hoạt động': 'Lập đề nghị xây dựng Nghị quyết, Quyết định',
    'Kết quả/Sản phẩm': 'Tờ trình, dự thảo Nghị quyết, Quyết định',
    'Cơ quan chủ trì': 'Các sở, ban, ngành cấp tỉnh',
    'Cơ quan phối hợp': 'Văn phòng UBND tỉnh, Sở Tư pháp',
    'Thời gian hoàn thành': 'Năm 2025',
    'Kinh phí (triệu đồng)': 'Theo dự toán ngân sách hàng năm',
    'Ghi chú': '',
  },
  {
    Mã: 'TC-02',
    'Lĩnh vực': '',
    STT: '',
    'Mục tiêu': '',
    'Nhiệm vụ': 'Kiểm tra văn bản QPPL',
    'Hoạt động': 'Xây dựng và ban hành Kế hoạch kiểm tra văn bản QPPL năm 2026',
    'Kết quả/Sản phẩm': 'Kế hoạch',
    'Cơ quan chủ trì': 'Sở Tư pháp',
    'Cơ quan phối hợp': 'HĐND, UBND cấp huyện',
    'Thời gian hoàn thành': 'Trước ngày 31/12/2025',
    'Kinh phí (triệu đồng)': '',
    'Ghi chú': 'Ô trống ở Lĩnh vực, STT, Mục tiêu lấy theo dòng trên',
  },
  {
    Mã: 'TTHC-01',
    'Lĩnh vực': 'Cải cách thủ tục hành chính',
    STT: 1,
    'Mục tiêu': 'Kiểm soát chặt chẽ việc ban hành các quy định TTHC',
    'Nhiệm vụ': 'Rà soát, đánh giá TTHC trong quá trình thực hiện',
    'Hoạt động': 'Xây dựng và ban hành Kế hoạch rà soát, đánh giá TTHC năm 2026',
    'Kết quả/Sản phẩm': 'Kế hoạch',
    'Cơ quan chủ trì': 'Văn phòng UBND tỉnh',
    'Cơ quan phối hợp': 'Các sở, ban, ngành cấp tỉnh',
    'Thời gian hoàn thành': 'Trước ngày 31/12/2025',
    'Kinh phí (triệu đồng)': 'Theo dự toán ngân sách hàng năm',
    'Ghi chú': '',
  },
  {
    Mã: 'CQS-01',
    'Lĩnh vực': 'Xây dựng và phát triển chính quyền điện tử, chính quyền số',
    STT: 1,
    'Mục tiêu': 'Xây dựng Nền tảng phân tích, xử lý dữ liệu tổng hợp tập trung',
    'Nhiệm vụ': 'Phát triển chính quyền số',
    'Hoạt động': 'Xây dựng nền tảng phân tích xử lý dữ liệu',
    'Kết quả/Sản phẩm': 'Hệ thống các sản phẩm, ứng dụng phục vụ chính quyền số',
    'Cơ quan chủ trì': 'Sở Thông tin và Truyền thông',
    'Cơ quan phối hợp': 'Các sở, ban, ngành cấp tỉnh; UBND cấp huyện',
    'Thời gian hoàn thành': 'Năm 2025',
    'Kinh phí (triệu đồng)': 4455,
    'Ghi chú': 'Kinh phí ghi số (triệu đồng)',
  },
  {
    Mã: 'CDDH-01',
    'Lĩnh vực': 'Tổ chức chỉ đạo, điều hành',
    STT: 1,
    'Mục tiêu': 'Theo dõi, đánh giá kết quả thực hiện kế hoạch CCHC',
    'Nhiệm vụ': 'Báo cáo định kỳ tình hình thực hiện kế hoạch',
    'Hoạt động': 'Báo cáo UBND tỉnh (qua Sở Nội vụ) tình hình thực hiện Kế hoạch CCHC',
    'Kết quả/Sản phẩm': 'Báo cáo',
    'Cơ quan chủ trì': 'Các sở, ban, ngành cấp tỉnh; UBND cấp huyện',
    'Cơ quan phối hợp': 'Sở Nội vụ',
    'Thời gian hoàn thành': 'Hàng quý',
    'Kinh phí (triệu đồng)': '',
    'Ghi chú': '',
  },
  {
    Mã: 'CDDH-02',
    'Lĩnh vực': '',
    STT: 2,
    'Mục tiêu': 'Đổi mới, nâng cao chất lượng xác định Chỉ số CCHC',
    'Nhiệm vụ': 'Đánh giá, xếp loại công tác CCHC của các sở, ban, ngành và UBND cấp huyện',
    'Hoạt động': 'Tổ chức thẩm định, công bố kết quả đánh giá, xếp loại công tác CCHC năm 2025',
    'Kết quả/Sản phẩm': 'Quyết định',
    'Cơ quan chủ trì': 'Sở Nội vụ',
    'Cơ quan phối hợp': 'Văn phòng UBND tỉnh, các Sở: Tư pháp, Tài chính; UBND cấp huyện',
    'Thời gian hoàn thành': 'Tháng 12/2025',
    'Kinh phí (triệu đồng)': 'Theo dự toán ngân sách hàng năm',
    'Ghi chú': '',
  },
];

/** The "Thông tin kế hoạch" sheet: label, example value, explanation. */
export const TEMPLATE_INFO: [string, string | number, string][] = [
  ['Số', '123/KH-UBND', 'Số hiệu văn bản; để trống nếu chưa có số'],
  ['Cơ quan ban hành', 'Ủy ban nhân dân tỉnh Thừa Thiên Huế', ''],
  ['Ngày ban hành', '25/12/2024', 'dd/mm/yyyy'],
  ['Tên kế hoạch', 'Kế hoạch cải cách hành chính năm 2025 (mẫu)', ''],
  ['Năm', 2025, 'Năm thực hiện kế hoạch: ngày không ghi năm lấy năm này'],
  ['Đơn vị', 'thua-thien-hue', 'Mã đơn vị hành chính trong danh bạ cơ quan (config/agencies.json)'],
];

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function templateCsv(): string {
  const lines = [TEMPLATE_HEADERS.map(csvField).join(','), ...TEMPLATE_ROWS.map((r) => TEMPLATE_HEADERS.map((h) => csvField(r[h])).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export async function templateXlsx(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const fixed = new Date(Date.UTC(2025, 0, 1));
  workbook.creator = 'dondoc';
  workbook.created = fixed;
  workbook.modified = fixed;
  const sheet = workbook.addWorksheet('Nhiệm vụ', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow([...TEMPLATE_HEADERS]);
  for (const r of TEMPLATE_ROWS) sheet.addRow(TEMPLATE_HEADERS.map((h) => (r[h] === '' ? null : r[h])));
  sheet.getRow(1).font = { bold: true };
  const widths = [10, 24, 6, 36, 36, 44, 24, 30, 36, 22, 18, 30];
  widths.forEach((w, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = w;
    column.alignment = { wrapText: true, vertical: 'top' };
  });
  const info = workbook.addWorksheet('Thông tin kế hoạch');
  info.addRow(['Thông tin', 'Giá trị', 'Giải thích']);
  for (const row of TEMPLATE_INFO) info.addRow(row);
  info.getRow(1).font = { bold: true };
  [20, 44, 60].forEach((w, i) => (info.getColumn(i + 1).width = w));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const csv = new URL('../plans/template.csv', import.meta.url);
  const xlsx = new URL('../plans/template.xlsx', import.meta.url);
  writeFileSync(csv, templateCsv());
  writeFileSync(xlsx, await templateXlsx());
  console.log(`wrote ${fileURLToPath(csv)} and ${fileURLToPath(xlsx)}`);
}
