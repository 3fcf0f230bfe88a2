/** Agency names in the forms real plans write them, against a province directory written for the tests. */
import { describe, expect, it } from 'vitest';
import { resolveAgencies, suggestAgency, unlistedKind } from '../../domain/agencies';
import { DirectorySchema } from '../../domain/directory';
import { decodeText } from '../../domain/import';
import { HA_SON } from '../support/province-directory';

const names = (text: string) => resolveAgencies(text, HA_SON, 'ha-son');

describe('abbreviations', () => {
  it('resolves initials with "&", "-", "và" or nothing between, with or without the kind of body', () => {
    for (const written of ['Sở KH&ĐT', 'Sở KHĐT', 'Sở KH-ĐT', 'Sở KH và ĐT', 'KH&ĐT']) {
      expect(names(written).names, written).toEqual(['Sở Kế hoạch và Đầu tư']);
    }
    expect(names('Sở VH,TT&DL; Sở GD&ĐT; Sở NN&MT').names).toEqual([
      'Sở Văn hóa, Thể thao và Du lịch',
      'Sở Giáo dục và Đào tạo',
      'Sở Nông nghiệp và Môi trường',
    ]);
    expect(names('VP UBND tỉnh').names).toEqual(['Văn phòng UBND tỉnh']);
  });

  it('does not resolve initials two bodies share, nor initials the directory does not know', () => {
    const twin = DirectorySchema.parse({
      ...HA_SON,
      agencies: [...HA_SON.agencies, { id: 'so-kh-dl', name: 'Sở Khoa học và Đời sống', jurisdiction: 'ha-son' }],
    });
    expect(resolveAgencies('Sở KH&ĐS', twin, 'ha-son').names).toEqual(['Sở Khoa học và Đời sống']);
    expect(resolveAgencies('Sở TT&TT', twin, 'ha-son')).toEqual({ names: [], unknown: ['Sở TT&TT'] });
  });
});

describe('lists sharing the kind of body', () => {
  it('expands "các Sở:", "các Phòng:", "UBND các xã:" lists, with "và" between the last two', () => {
    expect(names('các Sở: Nội vụ, Tư pháp và Tài chính').names).toEqual(['Sở Nội vụ', 'Sở Tư pháp', 'Sở Tài chính']);
    expect(names('UBND các xã: An Bình, Tân Lập').names).toEqual(['UBND xã An Bình', 'UBND xã Tân Lập']);
    expect(names('UBND các phường: Phú Mỹ').names).toEqual(['UBND phường Phú Mỹ']);
    expect(names('Sở Nội vụ, Tư pháp, Tài chính').names).toEqual(['Sở Nội vụ', 'Sở Tư pháp', 'Sở Tài chính']);
  });

  it('expands lists of Cục, Vụ and Phòng the same way', () => {
    const ministry = DirectorySchema.parse({
      jurisdictions: [{ id: 'bo', name: 'Bộ Thử nghiệm', monitor: 'vp-bo', chair: { name: 'Bộ trưởng', email: 'bt@bo.example' } }],
      agencies: [
        { id: 'vp-bo', name: 'Văn phòng Bộ', jurisdiction: 'bo' },
        { id: 'vu-phap-che', name: 'Vụ Pháp chế', jurisdiction: 'bo' },
        { id: 'vu-tccb', name: 'Vụ Tổ chức cán bộ', jurisdiction: 'bo' },
        { id: 'cuc-cntt', name: 'Cục Công nghệ thông tin', jurisdiction: 'bo' },
        { id: 'cuc-kt', name: 'Cục Kiểm tra', jurisdiction: 'bo' },
      ],
      groups: [],
    });
    const at = (text: string) => resolveAgencies(text, ministry, 'bo').names;
    expect(at('Các Vụ: Pháp chế, Tổ chức cán bộ')).toEqual(['Vụ Pháp chế', 'Vụ Tổ chức cán bộ']);
    expect(at('các Cục: Công nghệ thông tin, Kiểm tra')).toEqual(['Cục Công nghệ thông tin', 'Cục Kiểm tra']);
    expect(at('Cục CNTT')).toEqual(['Cục Công nghệ thông tin']);
  });
});

describe('ordinary words are not agencies', () => {
  it('does not read "số" as "Sở", nor "các số liệu" as "Các sở, ngành"', () => {
    expect(names('Cung cấp các số liệu').names).toEqual([]);
    expect(names('số Nội vụ').names).toEqual([]);
    expect(names('Các sở, ngành').names).toEqual(['Các sở, ban, ngành tỉnh']);
    // written without diacritics, or with some missing, a name still matches
    expect(names('So Noi vu; Sở Tư phap; Sở Tài Chính').names).toEqual(['Sở Nội vụ', 'Sở Tư pháp', 'Sở Tài chính']);
    // old and new tone placement
    expect(names('Sở Văn hoá, Thể thao và Du lịch').names).toEqual(['Sở Văn hóa, Thể thao và Du lịch']);
  });

  it('does not match a name inside a longer word', () => {
    expect(names('Sở Nội vụa').names).toEqual([]);
  });
});

describe('names kept as written, and near misses', () => {
  it('tells kinds of unit and outside bodies from names that belong in the directory', () => {
    expect(['Các đơn vị sự nghiệp', 'UBND các xã, phường', 'Các doanh nghiệp'].map(unlistedKind)).toEqual(['role', 'role', 'role']);
    expect(['Bộ Nội vụ', 'Trường Đại học Luật', 'Ngân hàng Nhà nước chi nhánh tỉnh', 'Bảo hiểm xã hội tỉnh', 'Công ty Điện lực'].map(unlistedKind)).toEqual([
      'outside',
      'outside',
      'outside',
      'outside',
      'outside',
    ]);
    expect(['Sở Kỳ Lạ', 'Phòng Ma', 'Ban Quản lý dự án tỉnh'].map(unlistedKind)).toEqual([null, null, null]);
  });

  it('suggests the nearest directory entry for a misspelt name, never for an unrelated one', () => {
    expect(suggestAgency('Sở Tài chín', HA_SON, 'ha-son')).toBe('Sở Tài chính');
    expect(suggestAgency('Sở Nôi vự', HA_SON, 'ha-son')).toBe('Sở Nội vụ');
    expect(suggestAgency('Hội Nông dân tỉnh', HA_SON, 'ha-son')).toBeNull();
  });
});

describe('text files as Excel saves them', () => {
  it('reads UTF-8, UTF-16 and the Windows-1258 code page of "CSV (Comma delimited)"', () => {
    const text = 'Nhiệm vụ,Chủ trì,Thời gian\nViệc,Sở Nội vụ,Quý II';
    expect(decodeText(Buffer.from(text, 'utf8'))).toBe(text);
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))).toBe(text);
    // "Sở Nội vụ" in Windows-1258: ơ = F5 with the hook as combining D2; ộ = D4 with dot below F2; ụ = u with F2
    const cp1258 = Buffer.from([0x53, 0xf5, 0xd2, 0x20, 0x4e, 0xf4, 0xf2, 0x69, 0x20, 0x76, 0x75, 0xf2]);
    expect(decodeText(cp1258)).toBe('Sở Nội vụ');
  });
});
