/**
 * How a letter addresses the applicant: a person as "Ông/Bà Nguyễn Văn An", an organisation by its
 * own name ("Công ty TNHH Xây dựng Minh Phát"), never "Ông/Bà Công ty …". One-stop systems give only
 * the applicant's name, so the kind is read from the name: an organisation's name starts with the
 * word for its form (Công ty, Doanh nghiệp, Hợp tác xã, Hộ kinh doanh, Trường, Bệnh viện, Hội …) or
 * carries its legal form (TNHH, cổ phần). A person's full name starts with a family name, and no
 * common family name is among these words (Đoàn, a family name, is left out on purpose).
 */

/** Leading words of an organisation's name, lower case, NFC. Longer forms first is not needed: any match counts. */
const ORGANISATION_PREFIXES = [
  'công ty',
  'cty',
  'tổng công ty',
  'tập đoàn',
  'doanh nghiệp',
  'dntn',
  'hợp tác xã',
  'htx',
  'liên hiệp hợp tác xã',
  'tổ hợp tác',
  'hộ kinh doanh',
  'chi nhánh',
  'văn phòng',
  'nhà máy',
  'xí nghiệp',
  'cửa hàng',
  'ngân hàng',
  'quỹ',
  'trường',
  'bệnh viện',
  'phòng khám',
  'trạm y tế',
  'trung tâm',
  'viện',
  'học viện',
  'hội',
  'hiệp hội',
  'liên đoàn',
  'câu lạc bộ',
  'tổ chức',
  'cơ quan',
  'ủy ban',
  'uỷ ban',
  'ubnd',
  'sở',
  'phòng',
  'ban quản lý',
  'ban quản trị',
  'ban điều hành',
  'ban đại diện',
  'đảng ủy',
  'đảng uỷ',
  'chùa',
  'giáo xứ',
  'tu viện',
  'nhà thờ',
  'thánh thất',
  'ký túc xá',
  'khu công nghiệp',
  'đài',
  'báo',
  'tạp chí',
  'nhà xuất bản',
  'nhà văn hóa',
  'thư viện',
  'bảo tàng',
  'đoàn thanh niên',
  'công đoàn',
  'hội đồng',
] as const;

/** Legal forms that make any name an organisation's, wherever they stand. */
const LEGAL_FORMS = /(^|\s)(tnhh|cổ phần|cp|jsc|co\.?,? ?ltd\.?|mtv|hợp danh)(\s|$|[.,])/u;

function key(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi');
}

/** Whether `name` names an organisation rather than a person. */
export function isOrganisation(name: string): boolean {
  const k = key(name);
  if (LEGAL_FORMS.test(k)) return true;
  return ORGANISATION_PREFIXES.some((p) => k === p || k.startsWith(`${p} `) || k.startsWith(`${p}.`));
}

/** "Ông/Bà Nguyễn Văn An" for a person; the organisation's name as written for an organisation. */
export function addresseeOf(name: string): string {
  const clean = name.normalize('NFC').trim().replace(/\s+/g, ' ');
  return isOrganisation(clean) ? clean : `Ông/Bà ${clean}`;
}
