/**
 * What the applicant and the public read: the apology letter (HTML and .docx) built from a file,
 * and the public page of apologies, which must never show the applicant's contact details or
 * identification number.
 */
import { describe, expect, it } from 'vitest';
import { inflateRawSync } from 'node:zlib';
import { parseOneStopFile } from '../../domain/onestop/file';
import { apologyLetter, letterDate, letterText, renderLetterHtml, LETTER_TITLE } from '../../domain/onestop/letter';
import { maskName, publicApologyOf } from '../../domain/onestop/publication';
import { renderPublicApologies as renderPublicPage } from '../../api/public-apologies';
import type { FileView } from '../../domain/onestop/view';
import { apologyLetterDocx } from '../../activities/onestop';

function view(overrides: Partial<FileView> = {}, online = false): FileView {
  const file = parseOneStopFile({
    code: 'H57.22-370302-0001',
    procedure: { code: '1.009994', name: 'Cấp giấy phép xây dựng nhà ở riêng lẻ', workingDays: 5 },
    applicant: { name: 'Nguyễn Văn An', email: 'an.nguyen@example.vn', phone: '0905 123 456', idNumber: '052090001234', address: 'Thôn Vinh Thạnh, xã Phước Sơn' },
    receivingUnit: 'Bộ phận Một cửa huyện',
    agencies: ['Phòng Kinh tế và Hạ tầng'],
    receivedAt: '2037-03-02T09:30:00+07:00',
    online,
    jurisdiction: 'tuy-phuoc',
  });
  return {
    workflowId: `file:${file.code}`,
    file,
    status: 'due_soon',
    outcome: null,
    holder: 'Phòng Kinh tế và Hạ tầng',
    appointment: { date: '2037-03-16', at: '2037-03-16T10:00:00.000Z' },
    originalAppointment: { date: '2037-03-09', at: '2037-03-09T10:00:00.000Z' },
    clock: { start: '2037-03-02', explanation: null, paused: false, restarts: 0 },
    apologyBy: '2037-03-06',
    apology: {
      number: '12/PXL',
      date: '2037-03-06',
      signer: 'Lê Văn Bình',
      signerTitle: 'Trưởng phòng',
      superiorBody: 'UBND huyện Tuy Phước',
      place: 'Tuy Phước',
      reason: 'Cần xác minh thực địa ranh giới thửa đất với hộ liền kề.',
      newAppointment: { date: '2037-03-16', at: '2037-03-16T10:00:00.000Z' },
      agency: 'Phòng Kinh tế và Hạ tầng',
      by: 'Cán bộ Phòng Kinh tế và Hạ tầng',
      submittedAt: '2037-03-06T03:00:00.000Z',
      timely: true,
      originalAppointment: { date: '2037-03-09', at: '2037-03-09T10:00:00.000Z' },
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
    ...overrides,
  };
}

/** The text of one entry of a zip archive (stored or deflated), found through the central directory. */
function zipEntry(zip: Buffer, name: string): string | null {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    if (zip.toString('utf8', at + 46, at + 46 + nameLength) === name) {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + size);
      return (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    }
    at += 46 + nameLength + extra + comment;
  }
  return null;
}

describe('the apology letter', () => {
  it('carries every field of the form, in order', () => {
    const text = letterText(apologyLetter(view()));
    expect(text).toBe(
      [
        'UBND HUYỆN TUY PHƯỚC',
        'PHÒNG KINH TẾ VÀ HẠ TẦNG',
        'Số: 12/PXL',
        '',
        'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
        'Độc lập - Tự do - Hạnh phúc',
        'Tuy Phước, ngày 06 tháng 3 năm 2037',
        '',
        'PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT',
        '',
        'Kính gửi: Ông/Bà Nguyễn Văn An.',
        '',
        'Ngày 02/03/2037, Bộ phận Một cửa huyện tiếp nhận hồ sơ của Ông/Bà Nguyễn Văn An đề nghị giải quyết thủ tục hành chính: Cấp giấy phép xây dựng nhà ở riêng lẻ (mã thủ tục 1.009994).',
        '',
        'Số định danh cá nhân: 052090001234. Mã hồ sơ: H57.22-370302-0001.',
        '',
        'Thời gian hẹn trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 09/03/2037.',
        '',
        'Tuy nhiên, Phòng Kinh tế và Hạ tầng không thể trả kết quả giải quyết hồ sơ của Ông/Bà Nguyễn Văn An đúng thời gian đã hẹn. Lý do: Cần xác minh thực địa ranh giới thửa đất với hộ liền kề.',
        '',
        'Sự chậm trễ này đã gây phiền hà cho Ông/Bà Nguyễn Văn An. Phòng Kinh tế và Hạ tầng thành thật xin lỗi Ông/Bà Nguyễn Văn An và đề nghị gia hạn thời gian giải quyết hồ sơ; thời gian trả kết quả được hẹn lại vào 17 giờ 00 phút, ngày 16/03/2037.',
        '',
        'Rất mong nhận được sự thông cảm của Ông/Bà Nguyễn Văn An.',
        '',
        'TRƯỞNG PHÒNG',
        '(Ký, ghi rõ họ tên và đóng dấu)',
        'Lê Văn Bình',
        '',
        'Nơi nhận:',
        '- Như trên;',
        '- Bộ phận Một cửa huyện;',
        '- Lưu: VT.',
      ].join('\n'),
    );
  });

  it('writes letter dates the official way', () => {
    expect(letterDate('2037-03-06')).toBe('ngày 06 tháng 3 năm 2037');
    expect(letterDate('2037-02-15')).toBe('ngày 15 tháng 02 năm 2037');
    expect(letterDate('2037-11-20')).toBe('ngày 20 tháng 11 năm 2037');
  });

  it('says how an online applicant receives it', () => {
    expect(apologyLetter(view({}, true)).recipients[0]).toBe('- Như trên (gửi qua thư điện tử hoặc tin nhắn và tài khoản trên Cổng Dịch vụ công quốc gia);');
  });

  it('without a submitted apology is a draft with blanks for the agency to fill', () => {
    const draft = apologyLetter(view({ apology: null, appointment: { date: '2037-03-09', at: '2037-03-09T10:00:00.000Z' } }));
    expect(draft.draft).toBe(true);
    expect(draft.number).toBe('…………/PXL');
    const text = letterText(draft);
    expect(text.startsWith('DỰ THẢO\n')).toBe(true);
    expect(text).toContain('Thời gian hẹn trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 09/03/2037.');
    expect(text).toContain('Lý do: …………');
    expect(renderLetterHtml(draft)).toContain('<p class="draft">DỰ THẢO</p>');
  });

  it('as HTML: a printable page with every value escaped', () => {
    const hostile = view();
    hostile.file.applicant.name = 'Nguyễn <script>alert(1)</script> "An"';
    hostile.apology!.reason = 'Chờ ý kiến <b>Sở Xây dựng</b> & Sở Tài chính';
    const html = renderLetterHtml(apologyLetter(hostile));
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain(`<title>${LETTER_TITLE} – H57.22-370302-0001</title>`);
    expect(html).toContain('Kính gửi: Ông/Bà Nguyễn &lt;script&gt;alert(1)&lt;/script&gt; &quot;An&quot;.');
    expect(html).toContain('Lý do: Chờ ý kiến &lt;b&gt;Sở Xây dựng&lt;/b&gt; &amp; Sở Tài chính.');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>Sở');
    expect(html).toContain('@page { size: A4;');
    expect(html.normalize('NFC')).toBe(html);
  });

  it('as .docx: a Word document whose body holds the file code, the number and the new date', async () => {
    const buffer = await apologyLetterDocx(apologyLetter(view()));
    expect(buffer.length).toBeGreaterThan(3000);
    expect(buffer.subarray(0, 2).toString()).toBe('PK');
    const xml = zipEntry(buffer, 'word/document.xml');
    expect(xml).not.toBeNull();
    const text = xml!.replace(/<[^>]+>/g, '');
    expect(text).toContain('Mã hồ sơ: H57.22-370302-0001.');
    expect(text).toContain('Số: 12/PXL');
    expect(text).toContain(LETTER_TITLE);
    expect(text).toContain('hẹn lại vào 17 giờ 00 phút, ngày 16/03/2037');
    expect(text).toContain('Lê Văn Bình');
  });
});

describe('the public page', () => {
  const published = publicApologyOf(view(), new Date('2037-03-06T03:00:00Z'), new Date('2037-04-05T03:00:00Z'));

  it('publishes the case and the apology, not the applicant', () => {
    expect(published).toEqual({
      code: 'H57.22-370302-0001',
      jurisdiction: 'tuy-phuoc',
      procedure: 'Cấp giấy phép xây dựng nhà ở riêng lẻ',
      agency: 'Phòng Kinh tế và Hạ tầng',
      number: '12/PXL',
      date: '2037-03-06',
      applicant: 'N. V. An',
      receivedOn: '2037-03-02',
      originalAppointment: '2037-03-09',
      newAppointment: '2037-03-16',
      reason: 'Cần xác minh thực địa ranh giới thửa đất với hộ liền kề.',
      publishedAt: '2037-03-06T03:00:00.000Z',
      until: '2037-04-05T03:00:00.000Z',
    });
  });

  it('the page hides contacts, the identification number, the address and the full name', () => {
    const html = renderPublicPage([published], { generatedAt: new Date('2037-03-10T01:00:00Z') });
    for (const secret of ['an.nguyen@example.vn', '0905 123 456', '0905123456', '052090001234', 'Vinh Thạnh', 'Nguyễn Văn An']) expect(html).not.toContain(secret);
    expect(html).toMatch(/<td data-label="[^"]+">(<strong>)?N\.\ V\.\ An(<\/strong>)?<\/td>/);
    expect(html).toMatch(/<td data-label="[^"]+">(<strong>)?H57\.22\-370302\-0001(<\/strong>)?<\/td>/);
    expect(html).toMatch(/<td data-label="[^"]+">(<strong>)?09\/03\/2037(<\/strong>)?<\/td>/);
    expect(html).toMatch(/<td data-label="[^"]+">(<strong>)?16\/03\/2037(<\/strong>)?<\/td>/);
    expect(html).toMatch(/<td data-label="[^"]+">(<strong>)?05\/04\/2037(<\/strong>)?<\/td>/);
    expect(html).toContain('có 1 phiếu đang công khai');
    expect(html).toContain('<html lang="vi">');
  });

  it('escapes what agencies typed, and says when nothing is published', () => {
    const html = renderPublicPage([{ ...published, reason: '<img src=x onerror=alert(1)>' }], { generatedAt: new Date() });
    expect(html).toContain('&lt;img src=x onerror=alert(1)');
    expect(html).not.toContain('<img');
    expect(renderPublicPage([], { generatedAt: new Date('2037-03-10T01:00:00Z') })).toContain('Hiện không có phiếu xin lỗi nào đang được công khai.');
  });

  it('lists the newest first', () => {
    const older = { ...published, code: 'H57.22-370301-0009', publishedAt: '2037-03-01T03:00:00.000Z' };
    const html = renderPublicPage([older, published], { generatedAt: new Date() });
    expect(html.indexOf('H57.22-370302-0001')).toBeLessThan(html.indexOf('H57.22-370301-0009'));
  });

  it('masks names to initials and the given name', () => {
    expect(maskName('Nguyễn Văn An')).toBe('N. V. An');
    expect(maskName('  Trần   Thị Bích ')).toBe('T. T. Bích');
    expect(maskName('Đặng Ánh'.normalize('NFD'))).toBe('Đ. Ánh');
    expect(maskName('Hoa')).toBe('H.');
  });
});
