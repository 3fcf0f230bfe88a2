/** Appendix tables read straight from a Word file, built here with the docx package, merged cells included. */
import { Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportError, importPlanDocx, importPlanFile } from '../../domain/import';
import { readDocx } from '../../domain/import/docx';
import { importPlanUpload } from '../../domain/import/upload';
import { HA_SON } from '../support/province-directory';

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

async function docx(children: (Paragraph | Table)[]): Promise<Buffer> {
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

const dir = mkdtempSync(join(tmpdir(), 'dondoc-docx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const plan = () =>
  docx([
    para('ỦY BAN NHÂN DÂN TỈNH HÀ SƠN'),
    para('Số: 77/KH-UBND'),
    para('Hà Sơn, ngày 20 tháng 02 năm 2025'),
    para('KẾ HOẠCH'),
    para('Triển khai công tác chuyển đổi số năm 2025'),
    para('Căn cứ …'),
    // A table that is not an appendix: recipients and signature.
    table([['Nơi nhận:\n- Như trên;', 'TM. ỦY BAN NHÂN DÂN']]),
    para('PHỤ LỤC'),
    para('NHIỆM VỤ TRIỂN KHAI'),
    para('(Kèm theo Kế hoạch số 77/KH-UBND ngày 20/02/2025 của UBND tỉnh Hà Sơn)'),
    table([
      [
        { text: 'STT', rowSpan: 2 },
        { text: 'Nội dung nhiệm vụ', rowSpan: 2 },
        { text: 'Cơ quan thực hiện', columnSpan: 2 },
        { text: 'Thời gian hoàn thành', rowSpan: 2 },
        { text: 'Sản phẩm', rowSpan: 2 },
      ],
      ['Chủ trì', 'Phối hợp'],
      [{ text: 'I. HẠ TẦNG SỐ', columnSpan: 6 }],
      [
        '1',
        'Nâng cấp mạng truyền số liệu chuyên dùng',
        { text: 'Sở Khoa học và Công nghệ', rowSpan: 2 },
        'Doanh nghiệp viễn thông',
        { text: 'Quý III/2025', rowSpan: 2 },
        'Hệ thống',
      ],
      ['2', 'Bảo đảm an toàn thông tin', 'Công an tỉnh', 'Báo cáo'],
      [{ text: 'II. DỮ LIỆU SỐ', columnSpan: 6 }],
      ['1', 'Xây dựng kho dữ liệu dùng chung', 'Sở KH&CN', 'Các sở, ngành', 'Tháng 12/2025', 'Kho dữ liệu'],
      ['2', 'Số hóa hồ sơ đất đai', 'Sở Nông nghiệp và Môi trường', 'UBND các xã, phường', 'Năm 2025', 'Cơ sở dữ liệu'],
    ]),
  ]);

describe('.docx appendices', () => {
  it('reads merged cells as a sheet does: across columns once, down rows repeated', async () => {
    const content = await readDocx(await plan());
    expect(content.tables).toHaveLength(2);
    const rows = content.tables[1]!.rows.map((r) => r.cells);
    expect(rows[0]).toEqual(['STT', 'Nội dung nhiệm vụ', 'Cơ quan thực hiện', null, 'Thời gian hoàn thành', 'Sản phẩm']);
    expect(rows[2]).toEqual(['I. HẠ TẦNG SỐ', null, null, null, null, null]);
    expect(rows[4]).toEqual(['2', 'Bảo đảm an toàn thông tin', 'Sở Khoa học và Công nghệ', 'Công an tỉnh', 'Quý III/2025', 'Báo cáo']);
    expect(content.tables[1]!.preamble.slice(-1)).toEqual(['(Kèm theo Kế hoạch số 77/KH-UBND ngày 20/02/2025 của UBND tỉnh Hà Sơn)']);
  });

  it('imports every task of the appendix table, with plan facts from the document, and says which tables it took', async () => {
    const path = join(dir, 'ke-hoach-cds.docx');
    writeFileSync(path, await plan());
    const result = await importPlanFile(path, { directory: HA_SON });
    expect(result.plan).toMatchObject({ id: '77-kh-ubnd-2025', number: '77/KH-UBND', issuedOn: '2025-02-20', jurisdiction: 'ha-son', year: 2025 });
    expect(result.plan.title).toBe('Kế hoạch triển khai công tác chuyển đổi số năm 2025');
    expect(result.tasks.map((t) => [t.area, t.task, t.lead, t.deadlineText])).toEqual([
      ['Hạ tầng số', 'Nâng cấp mạng truyền số liệu chuyên dùng', ['Sở Khoa học và Công nghệ'], 'Quý III/2025'],
      ['Hạ tầng số', 'Bảo đảm an toàn thông tin', ['Sở Khoa học và Công nghệ'], 'Quý III/2025'],
      ['Dữ liệu số', 'Xây dựng kho dữ liệu dùng chung', ['Sở Khoa học và Công nghệ'], 'Tháng 12/2025'],
      ['Dữ liệu số', 'Số hóa hồ sơ đất đai', ['Sở Nông nghiệp và Môi trường'], 'Năm 2025'],
    ]);
    expect(result.tasks[1]!.coordinating).toEqual(['Công an tỉnh']);
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(result.problems[0]!.message).toBe(
      'Đã đọc 1 bảng nhiệm vụ (bảng 2 trong 2 bảng của văn bản); bỏ qua bảng 1 vì không có cột nội dung, chủ trì và thời gian.',
    );
  });

  it('refuses a Word file without an appendix table, saying how many tables it has', async () => {
    const data = await docx([para('Công văn'), table([['Nơi nhận', 'Ký tên']])]);
    await expect(importPlanDocx(data, { directory: HA_SON, file: 'cv.docx', title: 'X', year: 2025 })).rejects.toThrow(ImportError);
    await expect(importPlanDocx(data, { directory: HA_SON, file: 'cv.docx', title: 'X', year: 2025 })).rejects.toThrow(/1 bảng/);
  });

  it('is accepted as an upload, and a file named .docx that is not one is refused in Vietnamese', async () => {
    const result = await importPlanUpload({ fileName: 'ke-hoach-cds.docx', data: await plan(), directory: HA_SON });
    expect(result.tasks).toHaveLength(4);
    await expect(importPlanUpload({ fileName: 'gia.docx', data: Buffer.from('không phải Word'), directory: HA_SON })).rejects.toThrow(
      'Tệp gia.docx không phải tệp Word .docx hợp lệ; hãy mở bằng Word và lưu lại thành .docx.',
    );
  });
});
