/**
 * What a task or file owes its recipients *now*.
 *
 * Normally each agenda action is sent at its own time. When several notices about the same item are
 * owed at once — a plan whose deadlines are already past is imported today, the worker was down for
 * days, or a level to one person for the whole task (Văn phòng UBND, the chair) fires for many
 * members of a group at the same instant — they are merged here:
 * - each recipient gets one notice per late item: the most severe one that names them (a chair
 *   told of level 3 is not also told of level 2, the overdue notice is not sent when level 1 goes to
 *   the same officer);
 * - a notice whose recipients include one person for the whole task (monitor, chair) is one message
 *   listing every late item; a notice only to an agency's own people stays per agency.
 *
 * Pure: used by the workflows and by the import preview ("how many messages would go out now, and
 * to whom").
 */
import { addDays, vietnamDateOf, vietnamInstant, type IsoDate } from './dates';
import { occurrences } from './deadline/occurrences';
import { officeTime } from './policy';
import type { Recurrence, ScheduleKind } from './schedule';
import { agenda, type AgendaAction, type Obligation, type WorkingDays } from './agenda';
import type { EscalationTarget, TaskPolicy } from './policy';
import type { MessageKind, Recipient } from './notification';

/** An action late by more than this was missed (start after the fact, outage), not just performed a little late. */
export const MISSED_AFTER_MS = 60 * 60_000;

/** One notice an agenda action would send on its own. */
export type NoticeCandidate = {
  /** The agenda action's key. */
  key: string;
  obligationId: string;
  agency: string;
  due: IsoDate;
  kind: MessageKind;
  level?: number;
  to: Recipient[];
};

/** One message to send now, standing for one or more candidates. */
export type Notice = {
  kind: MessageKind;
  level?: number;
  /** The late items it is about, in order. */
  items: { obligationId: string; agency: string; due: IsoDate }[];
  to: Recipient[];
  /** The candidates' keys it stands for (one: the message keeps that action's key). */
  keys: string[];
};

export function recipientId(r: Recipient): string {
  return 'agency' in r ? `${r.role}:${r.agency}` : `${r.role}:${r.jurisdiction}`;
}

/** Monitor and chair are one person (office) for the whole task. */
export function isTaskWide(r: Recipient): boolean {
  return r.role === 'monitor' || r.role === 'chair';
}

const KIND_SEVERITY: Partial<Record<MessageKind, number>> = {
  reminder: 10,
  due_today: 20,
  apology_required: 30,
  overdue: 40,
  apology_overdue: 40,
};

/** Higher is more severe: escalation levels above everything else, the higher level first. */
export function severity(kind: MessageKind, level?: number): number {
  return kind === 'escalation' ? 100 + (level ?? 0) : (KIND_SEVERITY[kind] ?? 0);
}

/**
 * Merges the candidates: per (recipient, item) only the most severe notice; then one message per
 * kind and level, across items when it goes to someone for the whole task, else per item.
 */
export function mergeNotices(candidates: NoticeCandidate[]): Notice[] {
  const ordered = [...candidates].sort((a, b) => severity(b.kind, b.level) - severity(a.kind, a.level));
  const told = new Set<string>();
  const groups = new Map<string, Notice>();
  for (const c of ordered) {
    const remaining = c.to.filter((r) => !told.has(`${c.obligationId}|${recipientId(r)}`));
    for (const r of c.to) told.add(`${c.obligationId}|${recipientId(r)}`);
    if (remaining.length === 0) continue;
    const scope = remaining.some(isTaskWide) ? '*' : c.obligationId;
    const groupKey = `${c.kind}|${c.level ?? ''}|${scope}`;
    let notice = groups.get(groupKey);
    if (!notice) {
      notice = { kind: c.kind, ...(c.level !== undefined ? { level: c.level } : {}), items: [], to: [], keys: [] };
      groups.set(groupKey, notice);
    }
    if (!notice.items.some((i) => i.obligationId === c.obligationId)) notice.items.push({ obligationId: c.obligationId, agency: c.agency, due: c.due });
    for (const r of remaining) if (!notice.to.some((x) => recipientId(x) === recipientId(r))) notice.to.push(r);
    notice.keys.push(c.key);
  }
  return [...groups.values()];
}

/** Who a task's notice goes to (docs/messages.md): the agency's officer; its head, Văn phòng UBND or the chair as the ladder climbs. */
export function taskRecipients(kind: MessageKind, target: EscalationTarget | undefined, agency: string, jurisdiction: string): Recipient[] {
  if (kind !== 'escalation') return [{ role: 'officer', agency }];
  switch (target) {
    case 'monitor':
      return [{ role: 'monitor', jurisdiction }, { role: 'head', agency }];
    case 'chair':
      return [{ role: 'chair', jurisdiction }, { role: 'monitor', jurisdiction }];
    default:
      return [{ role: 'head', agency }, { role: 'officer', agency }];
  }
}

/** The notice a task's agenda action sends on its own, or null (the overdue status sends nothing). */
export function taskCandidate(action: AgendaAction, agency: string, policy: TaskPolicy, jurisdiction: string): NoticeCandidate | null {
  const base = { key: action.key, obligationId: action.obligationId, agency, due: action.due };
  switch (action.type) {
    case 'overdue_status':
      return null;
    case 'reminder': {
      const kind = action.offset === 0 ? 'due_today' : 'reminder';
      return { ...base, kind, to: taskRecipients(kind, undefined, agency, jurisdiction) };
    }
    case 'overdue':
      return { ...base, kind: 'overdue', to: taskRecipients('overdue', undefined, agency, jurisdiction) };
    case 'escalation': {
      const step = policy.escalation.find((e) => e.level === action.level);
      return { ...base, kind: 'escalation', level: action.level, to: taskRecipients('escalation', step?.to, agency, jurisdiction) };
    }
  }
}

/** An action that sends a notice about a late item (the overdue notice, an escalation). */
export function isLateNotice(action: AgendaAction): boolean {
  return action.type === 'overdue' || action.type === 'escalation';
}

/**
 * The actions owed together now, when the first pending one (in agenda order) is a late notice that
 * was missed: every pending late notice due by `now`. Null when nothing was missed or when only one
 * action is owed (it is performed as usual, under its own key).
 */
export function missedActions(pending: AgendaAction[], now: Date): AgendaAction[] | null {
  const first = pending[0];
  if (!first || !isLateNotice(first) || new Date(first.at).getTime() >= now.getTime() - MISSED_AFTER_MS) return null;
  const owed = pending.filter((a) => isLateNotice(a) && new Date(a.at) <= now);
  return owed.length > 1 ? owed : null;
}

/**
 * The escalations that fire together with `action`: the same level at the same instant for other
 * items, when the level goes to someone for the whole task (one message lists every late member).
 */
export function firingTogether(action: AgendaAction, pending: AgendaAction[], policy: TaskPolicy): AgendaAction[] {
  if (action.type !== 'escalation') return [action];
  const step = policy.escalation.find((e) => e.level === action.level);
  if (!step || step.to === 'head') return [action];
  return [action, ...pending.filter((a) => a !== action && a.type === 'escalation' && a.level === action.level && a.at === action.at)];
}

// ---------------------------------------------------------------- import preview

/**
 * How an import starts a plan already under way (issue 15), chosen by the user:
 * - 'track' (default): today's situation — one current notice per late item and recipient, then
 *   the ladder from today;
 * - 'history': a past plan kept for reports — statuses only, no messages at all.
 */
export const START_MODES = ['track', 'history'] as const;
export type StartMode = (typeof START_MODES)[number];

export type PreviewInput = {
  milestones: { label: string; due: IsoDate }[];
  /** Lead agencies (group leads expanded to their members). */
  leads: string[];
  policy: TaskPolicy;
  jurisdiction: string;
  calendar: WorkingDays;
  now: Date;
};

export type NoticePreview = {
  /** Messages that go out at the task's first start. */
  messages: number;
  notices: Notice[];
  /** Messages per recipient (role and agency or jurisdiction), most first. */
  perRecipient: { recipient: Recipient; messages: number }[];
};

/**
 * What a task sends at once when it starts now (import, dry run): today's reminders, and for what is
 * already late one current notice per recipient and item. Uses the same agenda and merge as the
 * workflow.
 */
export function previewFirstNotices(input: PreviewInput): NoticePreview {
  const { policy, jurisdiction, calendar, now } = input;
  const obligations: (Obligation & { agency: string })[] = input.milestones.flatMap((m, i) =>
    [...new Set(input.leads)].map((agency) => ({ id: `${i}:${agency}`, agency, due: m.due, acknowledgedLevels: [] })),
  );
  const agencyOf = new Map(obligations.map((o) => [o.id, o.agency]));
  const actions = agenda(obligations, policy, calendar, { now, until: addDays(vietnamDateOf(now), 1), missed: 'workflow' }).filter((a) => new Date(a.at) <= now);
  // As the workflow does: what was missed goes out as one catch-up, the rest (today's reminders, a
  // notice due within the hour) one by one, a level for the whole task firing together as one message.
  const missed = new Set(missedActions(actions.filter((a) => a.type !== 'overdue_status'), now) ?? []);
  const candidates = [...missed].map((a) => taskCandidate(a, agencyOf.get(a.obligationId)!, policy, jurisdiction)!);
  const notices = mergeNotices(candidates);
  const single = actions.filter((a) => !missed.has(a));
  const done = new Set<AgendaAction>();
  for (const a of single) {
    if (done.has(a)) continue;
    const together = firingTogether(a, single, policy);
    together.forEach((x) => done.add(x));
    const group = together.map((x) => taskCandidate(x, agencyOf.get(x.obligationId)!, policy, jurisdiction)).filter((c): c is NoticeCandidate => c !== null);
    if (group.length > 0) notices.push(...mergeNotices(group));
  }
  const counts = new Map<string, { recipient: Recipient; messages: number }>();
  for (const n of notices) {
    for (const r of n.to) {
      const entry = counts.get(recipientId(r)) ?? { recipient: r, messages: 0 };
      entry.messages++;
      counts.set(recipientId(r), entry);
    }
  }
  return {
    messages: notices.length,
    notices,
    perRecipient: [...counts.values()].sort((a, b) => b.messages - a.messages || recipientId(a.recipient).localeCompare(recipientId(b.recipient))),
  };
}

export type TaskPreviewInput = Omit<PreviewInput, 'milestones'> & {
  kind: ScheduleKind;
  milestones: { label: string; due: IsoDate }[];
  /** Recurring duties: the periods of the plan year (each starts one instance with its own due date). */
  recurrence: Recurrence[];
  planYear: number;
  /** 'history' sends nothing; 'track' (default) as described below. */
  mode?: StartMode;
};

/** The periods of a recurring duty that have begun by `now` (each is one instance with its own due date). */
function begunPeriods(input: Pick<TaskPreviewInput, 'recurrence' | 'planYear' | 'now'>): { label: string; due: IsoDate }[] {
  return input.recurrence
    .flatMap((r) => occurrences(r, `${input.planYear}-01-01`, `${input.planYear}-12-31`))
    .filter((p) => vietnamInstant(p.start).getTime() <= input.now.getTime());
}

/**
 * The task's items already past their due date when it starts now: dated checkpoints, and periods
 * of a recurring duty. 0 for a task not yet late, an ongoing, event-triggered or undated duty.
 */
export function lateItems(input: Pick<TaskPreviewInput, 'kind' | 'milestones' | 'recurrence' | 'planYear' | 'now'>): number {
  const today = vietnamDateOf(input.now);
  const dues = input.kind === 'recurring' ? begunPeriods(input).map((p) => p.due) : input.milestones.map((m) => m.due);
  return dues.filter((due) => due < today).length;
}

/**
 * What a task of any kind sends at once when it starts now, as the workflow would: dated tasks as
 * above; a recurring duty starts one instance per period already begun, each previewed with its own
 * due date; a task without a deadline asks Văn phòng UBND to set one (once, from office hour);
 * ongoing and event-triggered duties send nothing at start. Imported as history: nothing, ever.
 */
export function previewTaskNotices(input: TaskPreviewInput): NoticePreview {
  const { kind, now } = input;
  const today = vietnamDateOf(now);
  if (input.mode === 'history') return combine([]);
  if (kind === 'once' || kind === 'milestones') return previewFirstNotices(input);
  if (kind === 'recurring') {
    return combine(begunPeriods(input).map((p) => previewFirstNotices({ ...input, milestones: [{ label: p.label, due: p.due }] })));
  }
  if (kind === 'unspecified' && input.milestones.length === 0) {
    const { hour, minute } = officeTime(input.policy);
    if (vietnamInstant(today, hour, minute).getTime() > now.getTime()) return combine([]);
    const monitor: Recipient = { role: 'monitor', jurisdiction: input.jurisdiction };
    return combine([{ messages: 1, notices: [{ kind: 'needs_deadline', items: [], to: [monitor], keys: [`needs-deadline:${today}`] }], perRecipient: [{ recipient: monitor, messages: 1 }] }]);
  }
  if (kind === 'unspecified') return previewFirstNotices(input);
  return combine([]);
}

/** Several previews as one (a recurring duty's instances; every task of a plan). */
export function combine(previews: NoticePreview[]): NoticePreview {
  const counts = new Map<string, { recipient: Recipient; messages: number }>();
  for (const p of previews) {
    for (const r of p.perRecipient) {
      const entry = counts.get(recipientId(r.recipient)) ?? { recipient: r.recipient, messages: 0 };
      entry.messages += r.messages;
      counts.set(recipientId(r.recipient), entry);
    }
  }
  return {
    messages: previews.reduce((n, p) => n + p.messages, 0),
    notices: previews.flatMap((p) => p.notices),
    perRecipient: [...counts.values()].sort((a, b) => b.messages - a.messages || recipientId(a.recipient).localeCompare(recipientId(b.recipient))),
  };
}
