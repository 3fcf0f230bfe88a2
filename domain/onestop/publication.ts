/**
 * The public side of an apology: what is published for 30 days (seed 002, III.3: "công khai 30
 * ngày") and the public page that lists it. Only what the public needs is copied here; the
 * applicant's contact details and identification number are never part of it, and the name is
 * shortened to initials plus the given name.
 */
import { formatVietnamese, vietnamDateOf, type IsoDate } from '../dates';
import { escapeHtml } from '../messages/text';
import type { FileView } from './view';

export type PublicApology = {
  code: string;
  jurisdiction: string;
  procedure: string;
  agency: string;
  number: string;
  date: IsoDate;
  /** Initials and given name only ("N. V. An"). */
  applicant: string;
  receivedOn: IsoDate;
  originalAppointment: IsoDate;
  newAppointment: IsoDate;
  reason: string;
  publishedAt: string;
  until: string;
};

/** "Nguyễn Văn An" → "N. V. An": enough for the applicant to recognise the case, not more. */
export function maskName(name: string): string {
  const words = name.normalize('NFC').trim().split(/\s+/).filter(Boolean);
  if (words.length <= 1) return words[0] ? `${Array.from(words[0])[0]}.` : '';
  return [...words.slice(0, -1).map((w) => `${Array.from(w)[0]}.`), words.at(-1)].join(' ');
}

export function publicApologyOf(view: FileView, publishedAt: Date, until: Date): PublicApology {
  const { apology, file } = view;
  if (!apology) throw new Error(`file ${file.code} has no apology to publish`);
  return {
    code: file.code,
    jurisdiction: file.jurisdiction,
    procedure: file.procedure.name,
    agency: apology.agency,
    number: apology.number,
    date: apology.date,
    applicant: maskName(file.applicant.name),
    receivedOn: vietnamDateOf(new Date(file.receivedAt)),
    originalAppointment: apology.originalAppointment.date,
    newAppointment: apology.newAppointment.date,
    reason: apology.reason,
    publishedAt: publishedAt.toISOString(),
    until: until.toISOString(),
  };
}

/** The public page (no login): newest first. */
export function renderPublicPage(items: PublicApology[], options: { generatedAt: Date; title?: string }): string {
  const e = escapeHtml;
  const d = (iso: string) => formatVietnamese(vietnamDateOf(new Date(iso)));
  const sorted = [...items].sort((a, b) => (a.publishedAt < b.publishedAt ? 1 : a.publishedAt > b.publishedAt ? -1 : a.code.localeCompare(b.code)));
  const rows = sorted
    .map(
      (a) => `      <tr>
        <td>${e(a.number)}<br><small>${formatVietnamese(a.date)}</small></td>
        <td>${e(a.agency)}</td>
        <td>${e(a.code)}</td>
        <td>${e(a.procedure)}</td>
        <td>${e(a.applicant)}</td>
        <td>${formatVietnamese(a.receivedOn)}</td>
        <td>${formatVietnamese(a.originalAppointment)}</td>
        <td>${formatVietnamese(a.newAppointment)}</td>
        <td>${e(a.reason)}</td>
        <td>${d(a.until)}</td>
      </tr>`,
    )
    .join('\n');
  const title = options.title ?? 'Công khai phiếu xin lỗi tổ chức, cá nhân do giải quyết hồ sơ trễ hẹn';
  const table =
    sorted.length === 0
      ? '  <p class="empty">Hiện không có phiếu xin lỗi nào đang được công khai.</p>'
      : `  <table>
    <thead>
      <tr><th>Số phiếu, ngày</th><th>Cơ quan xin lỗi</th><th>Mã hồ sơ</th><th>Thủ tục hành chính</th><th>Người nộp</th><th>Ngày tiếp nhận</th><th>Hẹn trả ban đầu</th><th>Hẹn trả mới</th><th>Lý do chậm trễ</th><th>Công khai đến</th></tr>
    </thead>
    <tbody>
${rows}
    </tbody>
  </table>`;
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<style>
  body { font-family: system-ui, "Segoe UI", Arial, sans-serif; margin: 24px; color: #222; }
  h1 { font-size: 1.4rem; }
  table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
  th, td { border: 1px solid #bbb; padding: 6px 8px; vertical-align: top; text-align: left; }
  th { background: #f1f1f1; }
  .note { color: #555; }
</style>
</head>
<body>
  <h1>${e(title)}</h1>
  <p class="note">Các cơ quan giải quyết thủ tục hành chính công khai phiếu xin lỗi và ngày hẹn trả kết quả mới trong 30 ngày kể từ ngày gửi phiếu. Cập nhật ngày ${e(d(options.generatedAt.toISOString()))}; có ${sorted.length} phiếu đang công khai.</p>
${table}
</body>
</html>
`;
}
