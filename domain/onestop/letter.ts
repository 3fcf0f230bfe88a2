/**
 * The apology letter (Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết) built from a file's
 * data, with the fields of the official form: issuing body, number …/PXL, place and date, the
 * applicant, the date received, the procedure, the personal identification number, the file
 * code, the original return time, the reason, the apology, the new return date and the head's
 * signature. Without a submitted apology the same letter comes out as a draft with blanks to fill.
 *
 * `apologyLetter` gives the content once; the HTML here and the .docx (activities/onestop.ts)
 * only lay it out.
 */
import { formatVietnamese, parts, vietnamDateOf, type IsoDate } from '../dates';
import { escapeHtml } from '../messages/text';
import { addresseeOf, isOrganisation } from './addressee';
import { vietnamClock } from './clock';
import type { Appointment, FileView } from './view';

export const LETTER_TITLE = 'PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT';
/** Quốc hiệu and Tiêu ngữ (Nghị định 30/2020/NĐ-CP, Phụ lục I). */
export const NATIONAL_TITLE = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const MOTTO = 'Độc lập - Tự do - Hạnh phúc';
const BLANK = '…………';

export type ApologyLetter = {
  draft: boolean;
  /** Cơ quan chủ quản, upper case; null when not given. */
  superiorBody: string | null;
  /** The issuing agency, upper case. */
  issuer: string;
  number: string;
  placeAndDate: string;
  title: string;
  salutation: string;
  paragraphs: string[];
  signature: { title: string; note: string; name: string };
  recipients: string[];
  fileCode: string;
};

/** "ngày 05 tháng 3 năm 2037": days 1–9 and months 1–2 written with a leading zero, as official letters do. */
export function letterDate(date: IsoDate): string {
  const { year, month, day } = parts(date);
  return `ngày ${String(day).padStart(2, '0')} tháng ${month <= 2 ? String(month).padStart(2, '0') : month} năm ${year}`;
}

/** "17 giờ 00 phút, ngày 16/03/2037". */
export function returnTime(appointment: Appointment): string {
  const [h, m] = vietnamClock(new Date(appointment.at)).split(':');
  return `${h} giờ ${m} phút, ngày ${formatVietnamese(appointment.date)}`;
}

function upper(text: string): string {
  return text.normalize('NFC').toLocaleUpperCase('vi');
}

export function apologyLetter(view: FileView): ApologyLetter {
  const { file, apology } = view;
  const draft = apology === null;
  const issuerName = apology?.agency ?? view.holder;
  // A person is "Ông/Bà …"; an organisation is addressed by its name.
  const applicant = addresseeOf(file.applicant.name);
  const organisation = isOrganisation(file.applicant.name);
  const original = apology?.originalAppointment ?? view.appointment;
  const received = vietnamDateOf(new Date(file.receivedAt));
  const reason = apology ? apology.reason.replace(/[.\s]+$/, '') : BLANK;
  const newDate = apology ? returnTime(apology.newAppointment) : `${BLANK} giờ ${BLANK} phút, ngày ${BLANK}`;
  const identity = file.applicant.idNumber
    ? `${organisation ? 'Số định danh cá nhân của người nộp hồ sơ' : 'Số định danh cá nhân'}: ${file.applicant.idNumber}. `
    : '';
  const paragraphs = [
    `Ngày ${formatVietnamese(received)}, ${file.receivingUnit} tiếp nhận hồ sơ của ${applicant} đề nghị giải quyết thủ tục hành chính: ${file.procedure.name} (mã thủ tục ${file.procedure.code}).`,
    `${identity}Mã hồ sơ: ${file.code}.`,
    `Thời gian hẹn trả kết quả giải quyết hồ sơ: ${original ? returnTime(original) : BLANK}.`,
    `Tuy nhiên, ${issuerName} không thể trả kết quả giải quyết hồ sơ của ${applicant} đúng thời gian đã hẹn. Lý do: ${reason}.`,
    `Sự chậm trễ này đã gây phiền hà cho ${applicant}. ${issuerName} thành thật xin lỗi ${applicant} và đề nghị gia hạn thời gian giải quyết hồ sơ; thời gian trả kết quả được hẹn lại vào ${newDate}.`,
    `Rất mong nhận được sự thông cảm của ${applicant}.`,
  ];
  const channel = file.online ? ' (gửi qua thư điện tử hoặc tin nhắn và tài khoản trên Cổng Dịch vụ công quốc gia)' : '';
  return {
    draft,
    superiorBody: apology?.superiorBody ? upper(apology.superiorBody) : null,
    issuer: upper(issuerName),
    number: apology ? apology.number : `${BLANK}/PXL`,
    placeAndDate: apology ? `${apology.place ?? BLANK}, ${letterDate(apology.date)}` : `${BLANK}, ngày ${BLANK} tháng ${BLANK} năm ${BLANK}`,
    title: LETTER_TITLE,
    salutation: `Kính gửi: ${applicant}.`,
    paragraphs,
    signature: { title: upper(apology?.signerTitle ?? 'Thủ trưởng cơ quan'), note: '(Ký, ghi rõ họ tên và đóng dấu)', name: apology?.signer ?? '' },
    recipients: [`- Như trên${channel};`, `- ${file.receivingUnit};`, '- Lưu: VT.'],
    fileCode: file.code,
  };
}

/** The letter as plain text (documentation, logs, tests). */
export function letterText(letter: ApologyLetter): string {
  const lines = [
    ...(letter.draft ? ['DỰ THẢO', ''] : []),
    ...(letter.superiorBody ? [letter.superiorBody] : []),
    letter.issuer,
    `Số: ${letter.number}`,
    '',
    NATIONAL_TITLE,
    MOTTO,
    letter.placeAndDate,
    '',
    letter.title,
    '',
    letter.salutation,
    '',
    ...letter.paragraphs.flatMap((p) => [p, '']),
    letter.signature.title,
    letter.signature.note,
    letter.signature.name,
    '',
    'Nơi nhận:',
    ...letter.recipients,
  ];
  return lines.join('\n');
}

/**
 * A printable A4 page; every value from the file or the apology is escaped. The heading follows
 * Nghị định 30/2020/NĐ-CP (Phụ lục I): two columns, the issuing body on the left (upper case, bold,
 * a short rule under it of about a third to a half of its length), the Quốc hiệu on ONE line and
 * the Tiêu ngữ on the right with a rule as long as the motto under it, the place and date in
 * italics under them.
 */
export function renderLetterHtml(letter: ApologyLetter): string {
  const e = escapeHtml;
  const paragraphs = letter.paragraphs.map((p) => `    <p class="body">${e(p)}</p>`).join('\n');
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>${e(letter.title)} – ${e(letter.fileCode)}</title>
<style>
  @page { size: A4; margin: 20mm 15mm 20mm 30mm; }
  body { font-family: "Times New Roman", Times, serif; font-size: 14pt; line-height: 1.4; max-width: 165mm; margin: 0 auto; }
  table.heading { width: 100%; border-collapse: collapse; table-layout: fixed; }
  table.heading td { vertical-align: top; text-align: center; padding: 0; }
  table.heading td.agency { width: 40%; font-size: 13pt; }
  table.heading td.nation { width: 60%; }
  .superior { text-transform: none; }
  .issuer-box { display: inline-block; max-width: 100%; }
  .issuer { font-weight: bold; }
  .rule { display: block; margin: 1pt auto 6pt; border-top: 1px solid #000; height: 0; }
  .issuer-box .rule { width: 40%; }
  .nation-title { font-weight: bold; font-size: 12pt; white-space: nowrap; }
  .motto { display: inline-block; font-weight: bold; font-size: 13pt; white-space: nowrap; border-bottom: 1px solid #000; padding-bottom: 1pt; }
  .date { font-style: italic; margin: 6pt 0 0; }
  .title { font-weight: bold; text-align: center; margin: 18pt 0 12pt; }
  p.body { text-indent: 1cm; text-align: justify; margin: 0 0 6pt; }
  .salutation { text-align: center; margin-bottom: 12pt; }
  table.closing { width: 100%; margin-top: 12pt; }
  table.closing td { vertical-align: top; width: 50%; }
  .recipients { font-size: 11pt; }
  .recipients b { font-style: italic; font-size: 12pt; }
  .sign { text-align: center; }
  .sign-title { font-weight: bold; }
  .sign-note { font-style: italic; }
  .sign-name { font-weight: bold; margin-top: 60pt; }
  .draft { color: #b00; font-weight: bold; text-align: center; letter-spacing: 4pt; }
  @media print { .draft { color: #000; } }
</style>
</head>
<body>
${letter.draft ? '  <p class="draft">DỰ THẢO</p>\n' : ''}  <table class="heading">
    <tr>
      <td class="agency">${letter.superiorBody ? `<span class="superior">${e(letter.superiorBody)}</span><br>` : ''}<span class="issuer-box"><span class="issuer">${e(letter.issuer)}</span><span class="rule"></span></span><br>Số: ${e(letter.number)}</td>
      <td class="nation"><span class="nation-title">${e(NATIONAL_TITLE)}</span><br><span class="motto">${e(MOTTO)}</span><p class="date">${e(letter.placeAndDate)}</p></td>
    </tr>
  </table>
  <p class="title">${e(letter.title)}</p>
  <p class="salutation">${e(letter.salutation)}</p>
${paragraphs}
  <table class="closing">
    <tr>
      <td class="recipients"><b>Nơi nhận:</b><br>${letter.recipients.map(e).join('<br>')}</td>
      <td class="sign"><span class="sign-title">${e(letter.signature.title)}</span><br><span class="sign-note">${e(letter.signature.note)}</span><br><p class="sign-name">${e(letter.signature.name)}</p></td>
    </tr>
  </table>
</body>
</html>
`;
}
