/**
 * Import speed: writes a 5,000-row XLSX task list (in a temp dir) and times reading it into tasks.
 * Prints rows per second for the workbook read alone and for the whole import (headers, agencies
 * against the directory, deadline phrases, validation). Run: node --import tsx bench/import.bench.ts
 */
import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { importPlanFile, loadDefaultDirectory } from '../domain/import';
import { readSheet } from '../domain/import/layout-sheet';
import { readWorkbook } from '../domain/import/sheet-readers';

const ROWS = 5_000;
const RUNS = 3;

const AREAS = ['Cải cách thể chế', 'Cải cách thủ tục hành chính', 'Cải cách tài chính công', 'Tổ chức chỉ đạo, điều hành'];
const LEADS = ['Sở Tư pháp', 'Các sở, ban, ngành cấp tỉnh; UBND cấp huyện', 'VP UBND tỉnh', 'Sở Nội vụ chủ trì phối hợp với Sở Tài chính', 'Cácsở,ban, ngành cấp tỉnh'];
const PARTNERS = ['Văn phòng UBND tỉnh, Sở Tư pháp', 'HĐND, UBND cấp huyện', '', 'Văn phòng UBND tỉnh, các Sở: Tư pháp, Tài chính; UBND cấp huyện'];
const DEADLINES = ['Trước ngày 31/12/2025', 'Quý II, III', 'Hàng tháng', 'Thường xuyên', 'Tháng 6/2025', 'Năm 2025', 'Khi có hồ sơ trễ hẹn', 'Ngày 30 tháng cuối cùng của quý'];
const BUDGETS: (string | number | null)[] = ['Theo dự toán ngân sách hàng năm', 120, null, '4,455'];

async function writeWorkbook(path: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Nhiệm vụ');
  sheet.addRow(['STT', 'Lĩnh vực', 'Nhiệm vụ', 'Hoạt động', 'Kết quả/Sản phẩm', 'Cơ quan chủ trì', 'Cơ quan phối hợp', 'Thời gian hoàn thành', 'Kinh phí (triệu đồng)', 'Ghi chú']);
  for (let i = 0; i < ROWS; i++) {
    sheet.addRow([
      (i % 50) + 1,
      AREAS[Math.floor(i / 1250)],
      `Nhiệm vụ ${Math.floor(i / 5) + 1}`,
      `Hoạt động số ${i + 1}: xây dựng, ban hành và tổ chức thực hiện kế hoạch`,
      'Kế hoạch, Báo cáo',
      LEADS[i % LEADS.length],
      PARTNERS[i % PARTNERS.length],
      DEADLINES[i % DEADLINES.length],
      BUDGETS[i % BUDGETS.length],
      i % 7 === 0 ? 'Ghi chú mẫu' : null,
    ]);
  }
  writeFileSync(path, Buffer.from(await workbook.xlsx.writeBuffer()));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const dir = mkdtempSync(join(tmpdir(), 'dondoc-bench-'));
try {
  const file = join(dir, 'nhiem-vu-5000.xlsx');
  await writeWorkbook(file);
  const directory = await loadDefaultDirectory();
  const data = readFileSync(file);
  const options = { directory, jurisdiction: 'thua-thien-hue', title: 'Kế hoạch thử tải năm 2025', year: 2025 };

  const readTimes: number[] = [];
  const importTimes: number[] = [];
  let tasks = 0;
  let problems = 0;
  for (let run = 0; run < RUNS; run++) {
    let t0 = performance.now();
    const workbook = await readWorkbook(data);
    readSheet(workbook.rows, 'nhiem-vu-5000.xlsx');
    readTimes.push(performance.now() - t0);
    t0 = performance.now();
    const result = await importPlanFile(file, options);
    importTimes.push(performance.now() - t0);
    tasks = result.tasks.length;
    problems = result.problems.length;
  }
  const read = median(readTimes);
  const full = median(importTimes);
  console.log(`import: ${ROWS} rows XLSX (${(data.length / 1024).toFixed(0)} KiB), median of ${RUNS} runs`);
  console.log(`  read workbook + rows:   ${read.toFixed(0)} ms  ${Math.round((ROWS / read) * 1000)} rows/s`);
  console.log(`  full import to tasks:   ${full.toFixed(0)} ms  ${Math.round((ROWS / full) * 1000)} rows/s  (${tasks} tasks, ${problems} problems)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
