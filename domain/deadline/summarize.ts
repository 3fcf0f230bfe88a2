/**
 * The top-level reading of a multi-part cell: every dated part contributes its dates as
 * milestones (due = the last); without dates the strongest kind wins
 * (recurring > ongoing > event > unspecified).
 */
import type { IsoDate } from '../dates';
import type { Recurrence, Schedule, ScheduleKind } from '../schedule';
import { recurrences } from '../schedule';
import { explainParts } from './explain';

export type PartReading = { agency: string; schedule: Schedule; short: string };

const REQUEST = /yêu\s+cầu|đề\s+nghị|đột\s+xuất/iu;
const PRECEDENCE: ScheduleKind[] = ['recurring', 'ongoing', 'event', 'unspecified'];

export function summarize(text: string, parts: PartReading[]): Schedule {
  const shorts = parts.map((p) => (p.agency !== '' ? `${p.agency}: ${p.short}` : p.short));
  const dates = [...new Set(parts.flatMap((p) => datesOf(p.schedule)))].sort();
  const starts = parts.map((p) => p.schedule.start ?? null).filter((d): d is IsoDate => d !== null).sort();
  const outParts = parts.map((p) => ({ agency: p.agency, schedule: p.schedule }));
  const due = dates[dates.length - 1];
  if (due !== undefined) {
    const start = starts[0] !== undefined && starts[0] <= due ? starts[0] : null;
    return { text, kind: 'milestones', due, start, milestones: dates, recurrence: null, parts: outParts, explanation: explainParts(shorts, due) };
  }
  const kind = PRECEDENCE.find((k) => parts.some((p) => p.schedule.kind === k)) ?? 'unspecified';
  let recurrence: Recurrence | Recurrence[] | null = null;
  if (kind === 'recurring') {
    const seen = new Map<string, Recurrence>();
    for (const r of parts.flatMap((p) => recurrences(p.schedule))) seen.set(JSON.stringify(r), r);
    const list = [...seen.values()];
    recurrence = list.length === 1 ? (list[0] as Recurrence) : list;
  }
  const start = kind === 'ongoing' || kind === 'recurring' ? (parts.find((p) => p.schedule.kind === kind && p.schedule.start)?.schedule.start ?? null) : null;
  // "- Hằng quý" + "- Đột xuất khi có yêu cầu": the recurrence stands, and is also owed on request.
  const onRequest = kind === 'recurring' && parts.some((p) => p.schedule.onRequest === true || (p.schedule.kind === 'event' && REQUEST.test(p.schedule.text)));
  return { text, kind, due: null, start, milestones: [], recurrence, parts: outParts, explanation: explainParts(shorts, null), ...(onRequest ? { onRequest } : {}) };
}

function datesOf(schedule: Schedule): IsoDate[] {
  return schedule.kind === 'once' || schedule.kind === 'milestones' ? schedule.milestones : [];
}
