/**
 * The apology letter's addressee and heading: an organisation is addressed as an organisation, the
 * Quốc hiệu stays on one line, and the short rules under the issuing body and the motto are drawn
 * (Nghị định 30/2020/NĐ-CP, Phụ lục I), in the HTML page and in the .docx.
 */
import { describe, expect, it } from 'vitest';
import { inflateRawSync } from 'node:zlib';
import { apologyLetterDocx } from '../../activities/onestop';
import { addresseeOf, isOrganisation } from '../../domain/onestop/addressee';
import { apologyLetter, letterText, MOTTO, NATIONAL_TITLE, renderLetterHtml } from '../../domain/onestop/letter';
import { FONT_PT, HEADING_COLUMNS_MM, boldTextWidthMm, mottoRule } from '../../domain/onestop/letter-layout';
import type { OneStopFile } from '../../domain/onestop/file';
import type { FileView } from '../../domain/onestop/view';

function view(applicant: string): FileView {
  const file: OneStopFile = {
    code: 'H57.22-370302-0001',
    procedure: { code: '1.009994', name: 'Cấp giấy phép xây dựng nhà ở riêng lẻ', workingDays: 5, cutoff: '15:00' },
    applicant: { name: applicant, idNumber: '052090001234' },
    receivingUnit: 'Bộ phận Một cửa huyện',
    agencies: ['Phòng Kinh tế và Hạ tầng'],
    receivedAt: '2037-03-02T09:30:00+07:00',
    online: false,
    jurisdiction: 'tuy-phuoc',
  };
  const at = (date: string) => ({ date, at: `${date}T10:00:00.000Z` });
  return {
    workflowId: `file:${file.code}`,
    file,
    status: 'due_soon',
    outcome: null,
    holder: 'Phòng Kinh tế và Hạ tầng',
    appointment: at('2037-03-16'),
    originalAppointment: at('2037-03-09'),
    clock: { start: '2037-03-02', explanation: null, paused: false, restarts: 0 },
    apologyBy: '2037-03-06',
    apology: {
      number: '12/PXL',
      date: '2037-03-06',
      signer: 'Lê Văn Bình',
      signerTitle: 'Trưởng phòng',
      superiorBody: 'UBND huyện Tuy Phước',
      place: 'Tuy Phước',
      reason: 'Cần xác minh thực địa.',
      newAppointment: at('2037-03-16'),
      agency: 'Phòng Kinh tế và Hạ tầng',
      by: 'Cán bộ Phòng Kinh tế và Hạ tầng',
      submittedAt: '2037-03-06T03:00:00.000Z',
      timely: true,
      originalAppointment: at('2037-03-09'),
    },
    documentRequests: [],
    result: null,
    returnedAt: null,
    withdrawn: null,
    late: null,
    lateAgain: null,
    escalationLevel: 0,
    acknowledged: [],
    publication: null,
    timeline: [],
  };
}

/** The text of one entry of a zip archive, found through the central directory. */
function zipEntry(zip: Buffer, name: string): string {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < zip.readUInt16LE(eocd + 10); i++) {
    const nameLength = zip.readUInt16LE(at + 28);
    if (zip.toString('utf8', at + 46, at + 46 + nameLength) === name) {
      const local = zip.readUInt32LE(at + 42);
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + zip.readUInt32LE(at + 20));
      return (zip.readUInt16LE(at + 10) === 8 ? inflateRawSync(data) : data).toString('utf8');
    }
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  throw new Error(`${name} not in the archive`);
}

const MM_PER_TWIP = 25.4 / 1440;

describe('who the letter is addressed to', () => {
  it.each([
    'Công ty TNHH Xây dựng Minh Phát',
    'CÔNG TY CỔ PHẦN ĐẦU TƯ HUẾ',
    'Doanh nghiệp tư nhân Thành Công',
    'Hợp tác xã Nông nghiệp Phước Sơn',
    'HTX Dịch vụ Tuy Phước',
    'Hộ kinh doanh Nguyễn Văn Tâm',
    'Trường Tiểu học Phước Lộc',
    'Bệnh viện Đa khoa tỉnh',
    'Hội Nông dân xã Phước Sơn',
    'Ngân hàng TMCP Công Thương Việt Nam – Chi nhánh Bình Định',
    'Minh Phát Co., Ltd',
  ])('an organisation, "%s", by its name', (name) => {
    expect(isOrganisation(name)).toBe(true);
    const letter = apologyLetter(view(name));
    expect(letter.salutation).toBe(`Kính gửi: ${name}.`);
    const text = letterText(letter);
    expect(text).not.toContain('Ông/Bà');
    expect(text).toContain(`thành thật xin lỗi ${name} và đề nghị gia hạn`);
    expect(text).toContain(`Rất mong nhận được sự thông cảm của ${name}.`);
  });

  it.each(['Nguyễn Văn An', 'Đoàn Thị Hội', 'Trương Công Ty', 'Hồ Văn Trường', 'Phan Bệnh'])('a person, "%s", as Ông/Bà', (name) => {
    expect(isOrganisation(name)).toBe(false);
    expect(addresseeOf(name)).toBe(`Ông/Bà ${name}`);
    expect(apologyLetter(view(name)).salutation).toBe(`Kính gửi: Ông/Bà ${name}.`);
  });
});

describe('the heading (Nghị định 30/2020/NĐ-CP)', () => {
  it('HTML: Quốc hiệu on one line in the wider right column, the motto ruled (not underlined), a short rule under the issuing body', () => {
    const html = renderLetterHtml(apologyLetter(view('Công ty TNHH Xây dựng Minh Phát')));
    expect(html).toContain('Kính gửi: Công ty TNHH Xây dựng Minh Phát.');
    expect(html).toContain(`<span class="nation-title">${NATIONAL_TITLE}</span>`);
    expect(html).toMatch(/\.nation-title \{[^}]*white-space: nowrap/);
    expect(html).toMatch(/td\.agency \{ width: 40%/);
    expect(html).toMatch(/td\.nation \{ width: 60%/);
    expect(html).toContain(`<span class="motto">${MOTTO}</span>`);
    expect(html).toMatch(/\.motto \{[^}]*border-bottom: 1px solid #000/);
    expect(html).not.toMatch(/text-decoration: underline/);
    expect(html).toContain('<span class="issuer">PHÒNG KINH TẾ VÀ HẠ TẦNG</span><span class="rule"></span>');
    expect(html).toMatch(/\.rule \{[^}]*border-top: 1px solid #000/);
  });

  it('DOCX: two fixed columns, the Quốc hiệu in one run at 12 pt that fits its column, rules drawn as paragraph borders', async () => {
    const xml = zipEntry(await apologyLetterDocx(apologyLetter(view('Công ty TNHH Xây dựng Minh Phát'))), 'word/document.xml');
    const text = xml.replace(/<[^>]+>/g, '');
    expect(text).toContain('Kính gửi: Công ty TNHH Xây dựng Minh Phát.');

    const heading = xml.slice(xml.indexOf('<w:tbl>'), xml.indexOf('</w:tbl>'));
    expect(heading).toContain('<w:tblLayout w:type="fixed"/>');
    const cols = [...heading.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]) * MM_PER_TWIP);
    expect(cols).toHaveLength(2);
    expect(cols[1]!).toBeGreaterThan(cols[0]!);

    // The Quốc hiệu: one run, bold, 12 pt (w:sz is in half-points), narrower than its column (no wrap).
    const title = new RegExp(`<w:r><w:rPr>((?:(?!</w:rPr>).)*)</w:rPr><w:t xml:space="preserve">${NATIONAL_TITLE}</w:t></w:r>`).exec(heading);
    expect(title).not.toBeNull();
    expect(title![1]).toContain('<w:b/>');
    expect(title![1]).toContain(`<w:sz w:val="${FONT_PT.nationalTitle * 2}"/>`);
    expect(boldTextWidthMm(NATIONAL_TITLE, FONT_PT.nationalTitle)).toBeLessThan(cols[1]! - 5);

    // The motto is not underlined; two rules: under the issuing body (left cell) and under the motto (right cell).
    expect(heading).not.toContain('<w:u ');
    const cells = heading.split('<w:tc>').slice(1);
    for (const c of cells) expect(c).toMatch(/<w:pBdr><w:bottom w:val="single"[^>]*\/><\/w:pBdr>/);
    const mottoIndent = /<w:pBdr>.*?<w:ind w:left="(\d+)" w:right="(\d+)"\/>/.exec(cells[1]!)!;
    const ruleMm = HEADING_COLUMNS_MM.nation - 2 * Number(mottoIndent[1]) * MM_PER_TWIP;
    expect(ruleMm).toBeCloseTo(mottoRule().lengthMm, 0);
    expect(ruleMm).toBeCloseTo(boldTextWidthMm(MOTTO, FONT_PT.motto), 0);
    const agencyIndent = /<w:pBdr>.*?<w:ind w:left="(\d+)" w:right="(\d+)"\/>/.exec(cells[0]!)!;
    const agencyRuleMm = HEADING_COLUMNS_MM.agency - 2 * Number(agencyIndent[1]) * MM_PER_TWIP;
    expect(agencyRuleMm).toBeGreaterThan(10);
    expect(agencyRuleMm).toBeLessThan(HEADING_COLUMNS_MM.agency / 2);
    // The place and date sit under the motto, in the right column.
    expect(cells[1]).toContain('Tuy Phước, ngày 06 tháng 3 năm 2037');
  });
});
