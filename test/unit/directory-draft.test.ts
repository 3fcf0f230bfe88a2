/**
 * A new province from nothing to an imported plan: the standard 2025 structure, `directory draft`
 * with --confirm, then `import --dry-run` against the confirmed directory (the plan is written for
 * this test). Also the structure itself and the draft's proposals.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDraft, runInit } from '../../cli/directory';
import { runImport } from '../../cli/import';
import { resolveAgencies } from '../../domain/agencies';
import { DirectorySchema } from '../../domain/directory';
import { directoryFromStructure, StructureSchema } from '../../domain/structure';

const dir = mkdtempSync(join(tmpdir(), 'dondoc-draft-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const structure = StructureSchema.parse(JSON.parse(readFileSync('config/structures/province-2025.json', 'utf8')));
const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
};

const plan = [
  ',DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2025,,,',
  ',(Kèm theo Kế hoạch số 31/KH-UBND ngày 05/03/2025 của UBND tỉnh Lam Giang),,,',
  'STT,Nhiệm vụ,Cơ quan chủ trì,Cơ quan phối hợp,Thời gian hoàn thành',
  '1,Rà soát thủ tục hành chính,Văn phòng UBND tỉnh,"Sở Tư pháp, Sở Nội vụ",Quý II/2025',
  '2,Vận hành Cổng dịch vụ công,Trung tâm PVHCC tỉnh,Sở KH&CN,Thường xuyên',
  '3,Chuyển dữ liệu đầu tư công,Sở KH&ĐT,Sở Tài chính,Tháng 6/2025',
  '4,Xây dựng trung tâm dữ liệu,Ban Quản lý dự án đầu tư xây dựng tỉnh,Doanh nghiệp viễn thông,Năm 2025',
  '5,Tập huấn kỹ năng số,Trường Chính trị tỉnh,UBND các xã,Quý III/2025',
].join('\n');

describe('the standard structure after the 2025 reorganisation', () => {
  it('makes a province with its merged departments, monitoring office and service centre, abbreviations resolving', () => {
    const directory = directoryFromStructure(structure, 'Lam Giang');
    expect(directory.jurisdictions).toEqual([expect.objectContaining({ id: 'lam-giang', name: 'Tỉnh Lam Giang', monitor: 'lam-giang-van-phong-ubnd' })]);
    expect(directory.agencies.map((a) => a.name)).toEqual(
      expect.arrayContaining(['Sở Nông nghiệp và Môi trường', 'Sở Khoa học và Công nghệ', 'Trung tâm Phục vụ hành chính công tỉnh']),
    );
    expect(directory.agencies.map((a) => a.name)).not.toContain('Sở Kế hoạch và Đầu tư');
    expect(resolveAgencies('Sở KH&CN; Sở NN&MT; VP UBND tỉnh; Sở VH,TT&DL', directory, 'lam-giang').names).toEqual([
      'Sở Khoa học và Công nghệ',
      'Sở Nông nghiệp và Môi trường',
      'Văn phòng UBND tỉnh',
      'Sở Văn hóa, Thể thao và Du lịch',
    ]);
    expect(() => directoryFromStructure(structure, 'Lam Giang', directory)).toThrow('Danh bạ đã có đơn vị hành chính "Tỉnh Lam Giang".');
  });

  it('`directory init` writes the new province into a copy of the directory', async () => {
    const out = join(dir, 'init.json');
    const c = capture();
    expect(await runInit('Lam Giang', { out }, c.io)).toBe(0);
    const written = DirectorySchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    expect(written.jurisdictions.map((j) => j.id)).toContain('lam-giang');
    expect(written.jurisdictions.map((j) => j.id)).toContain('thua-thien-hue');
  });
});

describe('a new province, from nothing to an imported plan', () => {
  it('drafts, confirms and imports with every lead resolved and no task lost', async () => {
    const file = join(dir, 'ke-hoach-cds.csv');
    writeFileSync(file, plan);
    const out = join(dir, 'agencies.json');

    const first = capture();
    expect(await runImport(file, { dryRun: true, jurisdiction: 'Lam Giang' }, first.io)).toBe(2);
    expect(first.err.join('\n')).toContain('Không có đơn vị hành chính "Lam Giang" trong danh bạ cơ quan.');

    const draft = capture();
    expect(await runDraft(file, { jurisdiction: 'Lam Giang', json: true }, draft.io)).toBe(0);
    const { jurisdiction, entries } = JSON.parse(draft.out.join('\n')) as {
      jurisdiction: { id: string; created: boolean };
      entries: { proposed: string; status: string; mayBe: string[]; note: string | null; written: string[] }[];
    };
    expect(jurisdiction).toEqual({ id: 'lam-giang', name: 'Tỉnh Lam Giang', created: true });
    const by = (name: string) => entries.find((e) => e.proposed === name);
    expect(by('Trung tâm Phục vụ hành chính công tỉnh')).toMatchObject({ status: 'known', written: ['Trung tâm Phục vụ hành chính công tỉnh'] });
    expect(by('Sở KH&ĐT')).toMatchObject({ status: 'new', note: 'Tên cũ; sau sắp xếp năm 2025 là "Sở Tài chính".' });
    expect(by('Sở KH&ĐT')!.mayBe[0]).toBe('Sở Tài chính');
    expect(by('Ban Quản lý dự án đầu tư xây dựng tỉnh')).toMatchObject({ status: 'new' });
    expect(by('Trường Chính trị tỉnh')).toMatchObject({ status: 'new' });
    expect(by('Doanh nghiệp viễn thông')).toMatchObject({ status: 'outside' });

    const confirm = capture();
    expect(await runDraft(file, { jurisdiction: 'Lam Giang', confirm: true, out }, confirm.io)).toBe(0);
    expect(confirm.out[0]).toBe('Tỉnh Lam Giang chưa có trong danh bạ: tạo mới từ cơ cấu tổ chức chuẩn sau sắp xếp năm 2025 (lam-giang).');

    const imported = capture();
    expect(await runImport(file, { dryRun: true, json: true, directory: out }, imported.io)).toBe(0);
    const result = JSON.parse(imported.out.join('\n')) as {
      plan: { id: string; jurisdiction: string };
      tasks: { task: string; lead: string[] }[];
      problems: { severity: string }[];
    };
    expect(result.plan).toMatchObject({ id: '31-kh-ubnd-2025', jurisdiction: 'lam-giang' });
    expect(result.tasks.map((t) => [t.task, t.lead])).toEqual([
      ['Rà soát thủ tục hành chính', ['Văn phòng UBND tỉnh']],
      ['Vận hành Cổng dịch vụ công', ['Trung tâm Phục vụ hành chính công tỉnh']],
      ['Chuyển dữ liệu đầu tư công', ['Sở Tài chính']],
      ['Xây dựng trung tâm dữ liệu', ['Ban Quản lý dự án đầu tư xây dựng tỉnh']],
      ['Tập huấn kỹ năng số', ['Trường Chính trị tỉnh']],
    ]);
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });
});
