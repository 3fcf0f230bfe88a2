/**
 * A template's own texts for a kind of message (domain/templates): its subject, opening and action
 * label replace the default ones, with the named placeholders filled in from the request. What a
 * template leaves out keeps the default text; the facts table, the link and the footer stay.
 */
import { formatVietnamese } from '../dates';
import { fillPlaceholders, type TaskMessageKind } from '../templates/placeholders';
import type { MessageText, MessageTexts } from '../templates/schema';
import { daysLeft, overdueSince } from './facts';
import { escalationLevelName, paragraph, type ParsedRequest, type TemplateParts } from './templates';
import { vietnameseDayAndDate } from './text';

export type { MessageTexts } from '../templates/schema';

/**
 * The kind whose texts apply: a reminder sent on or after its due date reads as the due-day or
 * overdue notice (as the default templates do), a due-day notice sent late as the overdue one.
 */
export function effectiveKind(request: ParsedRequest): ParsedRequest['kind'] {
  const due = request.subject.due;
  if (due === null) return request.kind;
  if (request.kind === 'reminder') {
    const left = daysLeft(request.asOf, due);
    return left > 0 ? 'reminder' : left === 0 ? 'due_today' : 'overdue';
  }
  if (request.kind === 'due_today' && request.asOf > due) return 'overdue';
  return request.kind;
}

/** The value of every placeholder for this request. */
export function placeholderValues(request: ParsedRequest): Record<string, string> {
  const s = request.subject;
  const values: Record<string, string> = {
    tenNhiemVu: s.title,
    tenKeHoach: s.planTitle ?? '',
    sanPham: s.product ?? '',
    coQuanChuTri: s.lead.join('; '),
    thoiGianThucHien: s.deadlineText ?? '',
    ngayGui: formatVietnamese(request.asOf),
    ky: request.details.period ?? '',
  };
  if (s.due !== null) {
    const left = daysLeft(request.asOf, s.due);
    Object.assign(values, {
      han: formatVietnamese(s.due),
      thuHan: vietnameseDayAndDate(s.due),
      soNgayConLai: String(Math.max(0, left)),
      soNgayQuaHan: String(Math.max(0, -left)),
      quaHanTu: formatVietnamese(overdueSince(s.due)),
    });
  }
  if (request.level !== undefined) Object.assign(values, { capBaoCao: String(request.level), noiNhanCap: escalationLevelName(request.level) });
  return values;
}

/** The default parts with the template's texts for the kind, if it has any. */
export function withTexts(parts: TemplateParts, request: ParsedRequest, texts: MessageTexts | undefined): TemplateParts {
  const own: MessageText | undefined = texts?.[effectiveKind(request) as TaskMessageKind];
  if (!own) return parts;
  const values = placeholderValues(request);
  const fill = (text: string) => fillPlaceholders(text, values);
  return {
    ...parts,
    ...(own.subject ? { subject: fill(own.subject) } : {}),
    ...(own.body
      ? {
          opening: own.body
            .split(/\r?\n\s*\r?\n/)
            .map((p) => p.trim())
            .filter((p) => p !== '')
            .map((p, i) => paragraph(fill(p), i === 0)),
        }
      : {}),
    ...(own.action ? { action: { ...parts.action, label: fill(own.action) } } : {}),
  };
}
