/** The agency directory (config/agencies.json) and the resolver that reads agency cells against it. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findAgency, findGroup, foldKey, groupMembers, isRole, resolveAgencies } from '../../domain/agencies';
import { DirectorySchema, type Directory } from '../../domain/directory';

const raw = JSON.parse(readFileSync('config/agencies.json', 'utf8'));
const directory: Directory = DirectorySchema.parse(raw);
const TTH = 'thua-thien-hue';
const TP = 'tuy-phuoc';

describe('config/agencies.json', () => {
  it('validates against DirectorySchema and has both seed jurisdictions with a monitor and a chair', () => {
    expect(DirectorySchema.safeParse(raw).success).toBe(true);
    expect(directory.jurisdictions.map((j) => [j.id, j.name, findAgency(directory, directory.agencies.find((a) => a.id === j.monitor)!.name)!.name])).toEqual([
      [TTH, 'Tỉnh Thừa Thiên Huế', 'Văn phòng UBND tỉnh'],
      ['binh-dinh', 'Tỉnh Bình Định', 'Văn phòng UBND tỉnh Bình Định'],
      [TP, 'Huyện Tuy Phước', 'Văn phòng HĐND và UBND huyện'],
    ]);
    for (const j of directory.jurisdictions) expect(j.chair.email).toMatch(/\.example$/);
  });

  it('gives every agency one officer and one head on the reserved .example domain', () => {
    for (const a of directory.agencies) {
      expect(a.contacts.officer, a.name).toHaveLength(1);
      expect(a.contacts.head, a.name).toHaveLength(1);
      for (const c of [...a.contacts.officer, ...a.contacts.head]) expect(c.email, a.name).toMatch(/@[a-z]+\.example$/);
    }
  });

  it('has unique ids, unique canonical names, and no alias that is another entry’s name', () => {
    const entries = [...directory.agencies, ...directory.groups];
    expect(new Set(directory.agencies.map((a) => a.id)).size).toBe(directory.agencies.length);
    expect(new Set(directory.groups.map((g) => g.id)).size).toBe(directory.groups.length);
    const names = entries.map((e) => foldKey(e.name));
    expect(new Set(names).size).toBe(names.length);
    // Within a jurisdiction every spelling points at one entry.
    for (const j of directory.jurisdictions) {
      const owner = new Map<string, string>();
      for (const e of entries.filter((x) => x.jurisdiction === j.id)) {
        for (const n of [e.name, ...e.aliases]) {
          const k = foldKey(n);
          expect(owner.get(k) ?? e.name, `${n} in ${j.id}`).toBe(e.name);
          owner.set(k, e.name);
        }
      }
    }
    // Agencies are looked up by name or alias across the whole directory: no alias may shadow another agency.
    for (const a of directory.agencies) for (const alias of a.aliases) {
      const other = directory.agencies.find((b) => b !== a && foldKey(b.name) === foldKey(alias));
      expect(other, `${alias} of ${a.name}`).toBeUndefined();
    }
  });

  it('lists groups whose members exist, in their own jurisdiction', () => {
    const ids = new Map(directory.agencies.map((a) => [a.id, a.jurisdiction]));
    for (const g of directory.groups) for (const m of g.members) expect(ids.get(m), `${g.name}: ${m}`).toBe(g.jurisdiction);
  });

  it('has the 11 communes and 2 townships of Tuy Phước', () => {
    expect(groupMembers(directory, 'UBND các xã, thị trấn')).toEqual([
      'UBND thị trấn Tuy Phước',
      'UBND thị trấn Diêu Trì',
      'UBND xã Phước Thuận',
      'UBND xã Phước Sơn',
      'UBND xã Phước Hòa',
      'UBND xã Phước Thắng',
      'UBND xã Phước Quang',
      'UBND xã Phước Hưng',
      'UBND xã Phước Lộc',
      'UBND xã Phước Nghĩa',
      'UBND xã Phước Hiệp',
      'UBND xã Phước An',
      'UBND xã Phước Thành',
    ]);
  });
});

describe('resolveAgencies', () => {
  const names = (text: string, j = TTH) => resolveAgencies(text, directory, j);

  it('splits lists on ";" and "," without breaking names that contain them', () => {
    expect(names('Các sở, ban, ngành cấp tỉnh; UBND cấp huyện')).toEqual({ names: ['Các sở, ban, ngành cấp tỉnh', 'UBND cấp huyện'], unknown: [] });
    expect(names('Sở Tài chính, Phòng Tài chính - Kế hoạch các huyện, thị xã, thành phố Huế').names).toEqual([
      'Sở Tài chính',
      'Phòng Tài chính - Kế hoạch các huyện, thị xã, thành phố Huế',
    ]);
    expect(names('Phòng Tài chính - Kế hoạch, Ban Quản lý Dự án đầu tư xây dựng và PTQĐ huyện.', TP).names).toEqual([
      'Phòng Tài chính - Kế hoạch',
      'Ban Quản lý Dự án đầu tư xây dựng và Phát triển quỹ đất huyện',
    ]);
    expect(names('Trung tâm Văn hóa - Thông tin - Thể thao', TP).names).toEqual(['Trung tâm Văn hóa - Thông tin - Thể thao']);
    expect(names('Phòng Nội vụ, Văn phòng HĐND và UBND huyện và các phòng chuyên môn có liên quan.', TP).names).toEqual([
      'Phòng Nội vụ',
      'Văn phòng HĐND và UBND huyện',
      'Các phòng chuyên môn huyện',
    ]);
  });

  it('tolerates missing spaces, NFD text, old tone placement and abbreviations', () => {
    expect(names('Cácsở,ban, ngành cấp tỉnh; UBNDcấp huyện').names).toEqual(['Các sở, ban, ngành cấp tỉnh', 'UBND cấp huyện']);
    expect(names('Sở Tư pháp'.normalize('NFD')).names).toEqual(['Sở Tư pháp']);
    expect(names('Phòng Văn hoá – Thông tin', TP).names).toEqual(['Phòng Văn hóa và Thông tin']);
    expect(names('Uỷ ban nhân dân các xã, thị trấn', TP).names).toEqual(['UBND các xã, thị trấn']);
    expect(names('VP UBND tỉnh').names).toEqual(['Văn phòng UBND tỉnh']);
    expect(names('Văn phòng Ủy ban nhân dân tỉnh').names).toEqual(['Văn phòng UBND tỉnh']);
    expect(names('UBND các huyện, thị xã, thành phố').names).toEqual(['UBND cấp huyện']);
  });

  it('expands "các Sở: Tư pháp, Tài chính, …"', () => {
    expect(names('Văn phòng UBND tỉnh, các Sở: Tư pháp, Tài chính, Thông tin và Truyền thông, Khoa học và Công nghệ; UBND cấp huyện').names).toEqual([
      'Văn phòng UBND tỉnh',
      'Sở Tư pháp',
      'Sở Tài chính',
      'Sở Thông tin và Truyền thông',
      'Sở Khoa học và Công nghệ',
      'UBND cấp huyện',
    ]);
  });

  it('keeps the agency before "Tên: mô tả" and drops the description', () => {
    expect(
      names('Các sở, ban, ngành cấp tỉnh: đối với xử lý kết quả theo dõi thi hành pháp luật; Sở Tư pháp: đối với Báo cáo kết quả theo dõi thi hành pháp luật hàng năm'),
    ).toEqual({ names: ['Các sở, ban, ngành cấp tỉnh', 'Sở Tư pháp'], unknown: [] });
  });

  it('reads "X có liên quan" as the group X, and vague phrases as the jurisdiction’s role', () => {
    expect(names('UBND các xã, thị trấn có liên quan', TP)).toEqual({ names: ['UBND các xã, thị trấn'], unknown: [] });
    expect(names('Phòng Tư pháp và các cơ quan có liên quan; UBND các xã, thị trấn.', TP).names).toEqual([
      'Phòng Tư pháp',
      'Các cơ quan, đơn vị có liên quan',
      'UBND các xã, thị trấn',
    ]);
    expect(names('Sở Tài chính và các cơ quan liên quan').names).toEqual(['Sở Tài chính', 'Các cơ quan liên quan']);
    expect(isRole(directory, 'Các cơ quan liên quan')).toBe(true);
    expect(isRole(directory, 'Cơ quan soạn thảo văn bản QPPL')).toBe(true);
    expect(isRole(directory, 'Các sở, ban, ngành cấp tỉnh')).toBe(false);
  });

  it('reports what it does not know, as written, and never invents a name', () => {
    expect(names('Sở Hoang Đường, Sở Tư pháp')).toEqual({ names: ['Sở Tư pháp'], unknown: ['Sở Hoang Đường'] });
    expect(names('Các phòng chuyên môn, đơn vị sự ngành thuộc huyện; UBND các xã, thị trấn', TP)).toEqual({
      names: ['Các phòng chuyên môn huyện', 'UBND các xã, thị trấn'],
      unknown: ['đơn vị sự ngành thuộc huyện'],
    });
    // A province's agencies are not found in the district's jurisdiction.
    expect(names('Sở Nội vụ', TP)).toEqual({ names: [], unknown: ['Sở Nội vụ'] });
  });
});

describe('groupMembers, findAgency, findGroup', () => {
  it('expands a group to its member agencies and gives [] for an agency', () => {
    const members = groupMembers(directory, 'Các sở, ban, ngành cấp tỉnh');
    expect(members).toContain('Sở Nội vụ');
    expect(members).toContain('Ban Quản lý Khu kinh tế, công nghiệp tỉnh');
    expect(members).not.toContain('UBND thành phố Huế');
    expect(groupMembers(directory, 'UBND cấp huyện')).toHaveLength(9);
    expect(groupMembers(directory, 'Sở Nội vụ')).toEqual([]);
    expect(groupMembers(directory, 'Không có nhóm này')).toEqual([]);
  });

  it('finds agencies and groups by canonical name or alias, spelling-tolerantly', () => {
    expect(findAgency(directory, 'VP UBND tỉnh')?.id).toBe('van-phong-ubnd-tinh');
    expect(findAgency(directory, 'phòng văn hoá - thông tin')?.id).toBe('phong-van-hoa-thong-tin');
    expect(findAgency(directory, 'Sở Nội vụ', TP)).toBeUndefined();
    expect(findGroup(directory, 'Các cơ quan, đơn vị có liên quan')?.jurisdiction).toBe(TP);
    expect(findGroup(directory, 'Các cơ quan, đơn vị có liên quan', TTH)?.name).toBe('Các cơ quan liên quan');
  });
});

describe('resolveAgencies remarks', () => {
  it('ignores remarks in brackets', () => {
    expect(resolveAgencies('Sở Nội vụ (cơ quan thường trực); Sở Tư pháp', directory, TTH)).toEqual({ names: ['Sở Nội vụ', 'Sở Tư pháp'], unknown: [] });
  });
});
