/** Small text helpers shared by the message templates: escaping, name matching, Vietnamese dates. */
import escapeHtmlText from 'escape-html';
import { dayOfWeek, formatVietnamese, type IsoDate } from '../dates';

/** Escapes text for HTML element content and quoted attribute values (& < > " '). */
export function escapeHtml(text: string): string {
  return escapeHtmlText(text);
}

/** NFC, trimmed, inner whitespace collapsed, lower-cased: how two spellings of a name are compared. */
export function nameKey(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

export function sameName(a: string, b: string): boolean {
  return nameKey(a) === nameKey(b);
}

const WEEKDAYS = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];

/** "Thứ Tư, 31/12/2025". */
export function vietnameseDayAndDate(date: IsoDate): string {
  return `${WEEKDAYS[dayOfWeek(date)]}, ${formatVietnamese(date)}`;
}
