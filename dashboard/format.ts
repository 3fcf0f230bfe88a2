/** Dates and times as people in Vietnam write them. */
export const vnDate = (iso: string | null | undefined): string => (iso ? iso.slice(0, 10).split('-').reverse().join('/') : '—');
export const vnTime = (iso: string | null | undefined): string =>
  iso ? new Date(iso).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric' }) : '—';
export const percent = (rate: number | null): string => (rate === null ? '—' : `${Math.round(rate * 100)}%`);
/** "Sở A, Sở B và 18 cơ quan khác". */
export function names(list: string[], max = 3): string {
  if (list.length <= max) return list.join(', ');
  return `${list.slice(0, max).join(', ')} và ${list.length - max} cơ quan khác`;
}
