/** The Vietnamese sentences that tell a person how a deadline was read, so they can check it. */
import { formatVietnamese, type IsoDate } from '../dates';
import type { Recurrence } from '../schedule';
import { WEEKDAY_NAMES } from './calendar';
import type { Due } from './resolve';

const fmt = formatVietnamese;

export function explainOnce(due: Due, start: IsoDate | null): string {
  const from = start !== null && !due.reason.startsWith('từ ') ? `, bắt đầu từ ${fmt(start)}` : '';
  return `Hạn cuối: ${fmt(due.due)} (${due.reason})${from}`;
}

export function explainMilestones(dues: Due[], start: IsoDate | null): string {
  const list = dues.map((d) => `${fmt(d.due)} (${d.reason})`).join(', ');
  const last = dues[dues.length - 1];
  const from = start !== null ? `, bắt đầu từ ${fmt(start)}` : '';
  return `Các mốc: ${list}; hạn cuối: ${last ? fmt(last.due) : ''}${from}`;
}

const PERIOD_NAMES: Record<Recurrence['every'], string> = {
  week: 'hằng tuần',
  month: 'hằng tháng',
  quarter: 'hằng quý',
  'half-year': '6 tháng',
  year: 'hằng năm',
};

const PERIOD_NOUNS: Record<Recurrence['every'], string> = {
  week: 'tuần',
  month: 'tháng',
  quarter: 'quý',
  'half-year': 'kỳ 6 tháng',
  year: 'năm',
};

export function recurrenceNames(list: Recurrence[]): string {
  return [...new Set(list.map((r) => PERIOD_NAMES[r.every]))].join(', ');
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** A rule whose instance reports on the period before its due day says so. */
function ruleWithPeriod(r: Recurrence): string {
  if (r.afterEnd) return `hạn là ${r.afterEnd.amount} ${r.afterEnd.unit === 'day' ? 'ngày' : 'tháng'} sau khi kết thúc mỗi ${PERIOD_NOUNS[r.every]}`;
  const text = ruleText(r);
  if (r.reportsOn !== 'previous') return text;
  const noun = PERIOD_NOUNS[r.every];
  const moved = text.includes(`mỗi ${noun}`) ? text.replace(`mỗi ${noun}`, `${noun} kế tiếp`) : `${text} kế tiếp`;
  return `${moved}, báo cáo cho ${noun} liền trước`;
}

/** "hạn là ngày 30 của tháng cuối mỗi quý". */
function ruleText(r: Recurrence): string {
  const noun = PERIOD_NOUNS[r.every];
  const beforeOf = (what: string): string => `hạn là ngày liền trước ${what}`;
  switch (r.every) {
    case 'week': {
      const time = r.time ? `, trước ${r.time}` : '';
      if (r.weekday === undefined) return `hạn là Chủ nhật mỗi tuần${time}`;
      const day = WEEKDAY_NAMES[r.weekday - 1] ?? '';
      if (!r.before) return `hạn là ${day} mỗi tuần${time}`;
      const dayBefore = WEEKDAY_NAMES[(r.weekday + 5) % 7] ?? '';
      return `hạn là ${dayBefore} mỗi tuần (trước ${day})${time}`;
    }
    case 'month':
      if (r.day === undefined) break;
      if (r.before && r.day > 1) return `hạn là ngày ${pad(r.day - 1)} mỗi tháng (trước ngày ${pad(r.day)})`;
      return r.before ? `${beforeOf(`ngày ${pad(r.day)}`)} mỗi tháng` : `hạn là ngày ${pad(r.day)} mỗi tháng`;
    case 'quarter':
    case 'half-year': {
      if (r.monthOfPeriod === undefined) break;
      const which = r.monthOfPeriod === 'first' ? 'đầu' : r.monthOfPeriod === 'second' ? 'thứ hai' : 'cuối';
      const day = r.day === undefined ? `ngày cuối cùng của tháng ${which} mỗi ${noun}` : `ngày ${pad(r.day)} của tháng ${which} mỗi ${noun}`;
      return r.before ? beforeOf(day) : `hạn là ${day}`;
    }
    case 'year': {
      if (r.month !== undefined && r.day !== undefined) {
        if (r.before && r.day > 1) return `hạn là ngày ${pad(r.day - 1)}/${pad(r.month)} mỗi năm (trước ngày ${pad(r.day)}/${pad(r.month)})`;
        return r.before ? `${beforeOf(`ngày ${pad(r.day)}/${pad(r.month)}`)} mỗi năm` : `hạn là ngày ${pad(r.day)}/${pad(r.month)} mỗi năm`;
      }
      if (r.month !== undefined) return `hạn là ngày cuối cùng của tháng ${r.month} mỗi năm`;
      if (r.day !== undefined) return `hạn là ngày ${pad(r.day)}/12 mỗi năm`;
      break;
    }
  }
  return `hạn là ngày cuối cùng của mỗi ${noun}`;
}

export function explainRecurring(list: Recurrence[], start: IsoDate | null): string {
  const plain = list.every((r) => r.day === undefined && r.month === undefined && r.weekday === undefined && r.time === undefined);
  const rules = plain && list.length > 1 ? 'hạn là ngày cuối cùng của mỗi kỳ' : [...new Set(list.map(ruleWithPeriod))].join('; ');
  const from = start !== null ? `, bắt đầu từ ${fmt(start)}` : '';
  return `Định kỳ ${recurrenceNames(list)}: ${rules}${from}`;
}

export function explainOngoing(start: IsoDate | null, until: string | null, daily: boolean): string {
  const what = daily ? 'Thực hiện hằng ngày' : 'Thường xuyên';
  const from = start !== null ? ` từ ${fmt(start)}` : '';
  const to = until !== null ? ` ${until}` : '';
  return `${what}${from}${to}: không có hạn cuối, cần báo cáo tiến độ định kỳ`;
}

export function explainEvent(trigger: string, after: string | null): string {
  const rule = after !== null ? `hạn là ${after} sau khi sự kiện xảy ra` : 'hạn được đặt khi sự kiện xảy ra';
  return `Phát sinh theo sự kiện (${trigger}): ${rule}`;
}

export function explainUnspecified(reason: string): string {
  return `Chưa xác định thời hạn (${reason}): cần cơ quan theo dõi đặt hạn`;
}

export function explainParts(shorts: string[], due: IsoDate | null): string {
  const list = shorts.map((s, k) => `(${k + 1}) ${s}`).join('; ');
  return `Gồm ${shorts.length} phần: ${list}${due !== null ? `; hạn cuối chung: ${fmt(due)}` : ''}`;
}
