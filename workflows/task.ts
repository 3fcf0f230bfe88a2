/**
 * One plan task as a durable workflow. It knows its deadline(s), reminds the lead agencies before,
 * turns overdue, climbs the escalation ladder until someone acknowledges, and records completion,
 * progress, extensions and reassignment. Recurring and event-triggered tasks start one instance
 * (a child run of this same workflow) per period or per event.
 *
 * Everything the loop does is an "action" with a stable key; performed keys are remembered, so a
 * replay, a retry or a worker restart never performs an action twice.
 */
import * as wf from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/common';
import { addDays, formatVietnamese, isSupportedYear, SUPPORTED_YEARS, vietnamDateOf, vietnamInstant, endOfVietnamDay, type IsoDate } from '../domain/dates';
import { backdateNote, backdateProblem } from '../domain/backdating';
import { officeTime, type EscalationStep, type TaskPolicy } from '../domain/policy';
import type { AgendaAction } from '../domain/agenda';
import { snapshotRange } from '../domain/workdays';
import { firingTogether, isLateNotice, mergeNotices, missedActions, taskCandidate, taskRecipients, type Notice, type NoticeCandidate } from '../domain/catch-up';
import { occurrences } from '../domain/deadline/occurrences';
import { addMonths } from '../domain/deadline/calendar';
import type { NotifyRequest, Recipient } from '../domain/notification';
import { templateRefText as templateText } from '../domain/templates/policy';
import { SA } from './search-attributes';
import { isHashedLead, LEADS_MEMO, partsOf, taskListAttributes } from '../domain/part-tokens';
import { compact } from './update-guard';
import { registerUpdates, row } from './update-table';
import { AgendaCache, andThen, AttributePublisher, eagerWake, notifyOrReport, pushCapped, RunLoop, workingDays, type MaybePromise, type Wake } from './run-loop';
import { CURRENT_GENERATION, inGeneration, LOCAL_NOTIFY, patched, START_ATTRIBUTES } from './patches';
import {
  AcknowledgeSchema,
  CancelSchema,
  CompleteSchema,
  DeclineExtensionSchema,
  ExtendPartSchema,
  MoveTemplateSchema,
  RequestExtensionSchema,
  ProgressSchema,
  ReassignSchema,
  ReviseSchema,
  SetDeadlineSchema,
  TriggerSchema,
  acknowledgeUpdate,
  cancelUpdate,
  completeUpdate,
  declineExtensionUpdate,
  extendDeadlineUpdate,
  requestExtensionUpdate,
  instanceStatusSignal,
  moveTemplateUpdate,
  reassignUpdate,
  reportProgressUpdate,
  reviseUpdate,
  setDeadlineUpdate,
  stateQuery,
  triggerUpdate,
  TASK_AGENDA_HORIZON_DAYS,
  type Actor,
  type ExtendPartInput,
  type ExtensionRequest,
  type InstanceView,
  type ObligationView,
  type TaskStatus,
  type TaskFacts,
  type TaskView,
  type TaskWorkflowInput,
  type ReviseInput,
  milestoneLeads,
  type Milestone,
  type TemplateRef,
  type TimelineEntry,
} from './task-api';

const HISTORY_LIMIT = 4_000;
const TIMELINE_LIMIT = 1_000;
/** Timeline entries an Update returns (the `state` query returns them all): results stay far below Temporal's payload limit. */
const UPDATE_TIMELINE_ENTRIES = 20;

/**
 * Patches (checked through workflows/patches.ts, which takes the ones below as one generation and
 * so one marker): behaviour added after runs were recorded; replays of older histories take the old path.
 * - CATCH_UP: missed notices are merged (one per recipient and item) and the ladder goes on from the
 *   catch-up; an acknowledged level sends nothing more; a level to one person for the whole task is
 *   one message per firing, listing every late member.
 * - AS_OF_SEND_TIME: messages state their facts as of the day they are sent.
 * - ACK_COVERS_GROUP: a monitor's acknowledgement covers every member at that level.
 * - PERIODS_BY_START: recurrences with anchored days (`reportsOn`, `afterEnd`), a horizon beyond the plan
 *   year or a first due date take the periods that start in the horizon (only inputs that carry them).
 * - EVENT_OFFSET: an event instance is due the cell's offset after the event (only inputs with `eventAfter`).
 * - TEMPLATE_MOVE: a task started from a template names it in its memo (only inputs with `template`);
 *   the moveToTemplate Update replaces the policy and template a running task follows.
 */
const PATCH = {
  /** Anchored recurrences ("… tháng đầu quý sau"), ranges beyond the plan year and a first due date: periods chosen by their start. */
  PERIODS_BY_START: 'periods-by-start',
  /** An event's instance is due the parsed offset after it ("trong 05 ngày làm việc kể từ khi …"). */
  EVENT_OFFSET: 'event-offset-from-schedule',
  CATCH_UP: 'catch-up-merged-notices',
  AS_OF_SEND_TIME: 'notice-as-of-send-time',
  ACK_COVERS_GROUP: 'acknowledge-covers-group',
  TEMPLATE_MOVE: 'template-move',
  /** A plan imported as history: statuses only, no message (only inputs with `importedAs`). */
  IMPORTED_AS_HISTORY: 'imported-as-history',
  /**
   * An agency asks for a later due date (requestExtension; the monitoring office is told); the office
   * declines (declineExtension; the agency is told) or approves through extendDeadline, which may name
   * the one member extended and tells the agency that asked.
   */
  EXTENSION_REQUEST: 'extension-request',
  /**
   * Each upsert of the search attributes also sets DondocUpdated (the workflow's time), so the API's
   * task mirror lists only the tasks that changed since its last poll (api/task-mirror.ts).
   */
  UPDATED_ATTRIBUTE: 'updated-attribute',
} as const;

type ObligationState = Omit<ObligationView, 'status' | 'escalationLevel'> & {
  firedLevels: number[];
  /** Levels notified by a catch-up, whose repeats go on from its date. */
  caughtUp?: { date: IsoDate; levels: number[] };
};

type Carried = {
  facts: TaskFacts;
  createdOn: IsoDate;
  obligations: ObligationState[];
  done: string[];
  timeline: TimelineEntry[];
  extended: boolean;
  cancelled: boolean;
  closedAs?: TaskStatus;
  leads: string[];
  kind: TaskWorkflowInput['kind'];
  instances: InstanceView[];
  lastNudge?: IsoDate;
  checkin?: { date: IsoDate; graceDate: IsoDate; reminded: boolean };
  /** Set by a move to another template version: the policy and template followed since (the input's before). */
  policy?: TaskPolicy;
  template?: TemplateRef;
};

export async function taskWorkflow(input: TaskWorkflowInput): Promise<TaskView> {
  const run = new TaskRun(input);
  return run.execute();
}

class TaskRun {
  private readonly input: TaskWorkflowInput;
  private readonly id = wf.workflowInfo().workflowId;
  private s: Carried;
  /** Every handler that changes state bumps it: the loop wakes up and plans again. */
  private readonly runLoop = new RunLoop();
  private readonly agenda = new AgendaCache(
    this.runLoop,
    () => this.s.done,
    () => eagerWake(this.input),
  );
  /** A task shows at first what its start gave it, when the start gave it all (worker/import-runner.ts: `startAttributes`). */
  private readonly attributes = new AttributePublisher(() => inGeneration(START_ATTRIBUTES, this.input.patches), SA.updated);
  /** The leads the memo holds (written only when DondocLead holds hashes; a start may have written them). */
  private memoLeads = JSON.stringify(wf.workflowInfo().memo?.[LEADS_MEMO] ?? null);
  private lastParentSignal = '';

  constructor(input: TaskWorkflowInput) {
    this.input = input;
    this.s = (input.carried as Carried | undefined) ?? this.initialState();
    if (!input.carried) this.agenda.startWith(input.calendar);
  }

  /** Whether this run takes patch `id` (workflows/patches.ts). */
  private patched(id: string): boolean {
    return patched(id, this.input.patches);
  }

  private initialState(): Carried {
    const today = this.today();
    const s: Carried = {
      facts: this.input.facts,
      createdOn: today,
      obligations: [],
      done: [],
      timeline: [],
      extended: false,
      cancelled: false,
      leads: this.input.leads,
      kind: this.input.kind,
      instances: [],
    };
    this.s = s;
    this.setMilestones(this.input.milestones);
    this.log({
      type: 'created',
      text: this.history() ? `Nhập làm hồ sơ lịch sử (chỉ ghi trạng thái, không gửi thông báo): ${this.s.facts.explanation}` : `Bắt đầu theo dõi: ${this.s.facts.explanation}`,
    });
    // Lists find a template's tasks by their memo (moving them all to a newer version).
    if (this.input.template && this.patched(PATCH.TEMPLATE_MOVE)) wf.upsertMemo({ template: templateText(this.input.template) });
    return s;
  }

  async execute(): Promise<TaskView> {
    this.registerHandlers();
    try {
      await this.loop();
    } catch (err) {
      if (!wf.isCancellation(err)) throw err;
      this.s.cancelled = true;
      this.log({ type: 'cancelled', text: 'Nhiệm vụ bị hủy cùng nhiệm vụ gốc.' });
    }
    return wf.CancellationScope.nonCancellable(async () => {
      this.publish();
      await this.tellParent();
      await wf.condition(wf.allHandlersFinished);
      if (this.outgoing.size > 0) await this.sent();
      return this.view();
    });
  }

  // ---------------------------------------------------------------- main loop

  private async loop(): Promise<void> {
    await this.runLoop.run({
      finished: () => this.finished(),
      beforeWake: eagerWake(this.input)
        ? () => {
            this.publish();
            return this.tellParent();
          }
        : async () => {
            this.publish();
            await this.tellParent();
          },
      nextWake: () => (eagerWake(this.input) ? this.nextWake() : this.legacyNextWake()),
      continueAsNew: async () => {
        if (this.outgoing.size > 0) await this.sent();
        this.pruneDone();
        return wf.continueAsNew<typeof taskWorkflow>({ ...this.input, calendar: undefined, leads: this.s.leads, carried: this.s, patches: CURRENT_GENERATION });
      },
      historyLimit: this.input.historyLimit ?? HISTORY_LIMIT,
    });
  }

  private finished(): boolean {
    if (this.s.cancelled || this.s.closedAs) return true;
    switch (this.s.kind) {
      case 'once':
      case 'milestones':
        return this.s.obligations.length > 0 && this.s.obligations.every((o) => o.completed);
      case 'recurring':
        return this.allPeriods().every((p) => this.instanceStarted(p.workflowId)) && this.s.instances.every((i) => isClosed(i.status));
      default:
        return false;
    }
  }

  /** Imported as history: no reminder, escalation, nudge or check-in, ever. */
  private history(): boolean {
    return this.input.importedAs === 'history' && this.patched(PATCH.IMPORTED_AS_HISTORY);
  }

  /** As history: recurring periods still start (their instances keep statuses); the status is published when a due date ends. */
  private nextHistoryWake(): Wake | undefined {
    const candidates: Wake[] = [];
    const now = Date.now();
    const ends = this.s.obligations.filter((o) => !o.completed).map((o) => endOfVietnamDay(o.due)).filter((at) => at.getTime() > now);
    if (ends.length > 0) candidates.push({ at: ends.sort((a, b) => a.getTime() - b.getTime())[0]!, run: async () => {} });
    if (this.s.kind === 'recurring') {
      const period = this.allPeriods().find((p) => !this.instanceStarted(p.workflowId));
      if (period) candidates.push({ at: vietnamInstant(period.start), run: async () => void (await this.startInstance(period.label, period.due, period.workflowId)) });
    }
    return candidates.sort((a, b) => a.at.getTime() - b.at.getTime())[0];
  }

  private nextWake(): MaybePromise<Wake | undefined> {
    if (this.history()) return this.nextHistoryWake();
    return andThen(this.nextAgendaAction(), (action) => this.earliestWake(action));
  }

  /** `nextWake` with a promise at every step, as runs started before eager wakes took it (run-loop.ts, `eagerWake`). */
  private async legacyNextWake(): Promise<Wake | undefined> {
    if (this.history()) return this.nextHistoryWake();
    return this.earliestWake(await (async () => this.nextAgendaAction())());
  }

  private earliestWake(action: AgendaAction | undefined): Wake | undefined {
    const candidates: Wake[] = [];
    if (action) candidates.push({ at: new Date(action.at), run: () => this.performNext(action) });
    if (this.s.kind === 'unspecified' && this.s.obligations.length === 0) candidates.push(this.nextNudge());
    if (this.s.kind === 'ongoing') candidates.push(this.nextCheckin());
    if (this.s.kind === 'recurring') {
      const period = this.allPeriods().find((p) => !this.instanceStarted(p.workflowId));
      if (period) candidates.push({ at: vietnamInstant(period.start), run: async () => void (await this.startInstance(period.label, period.due, period.workflowId)) });
    }
    return candidates.sort((a, b) => a.at.getTime() - b.at.getTime())[0];
  }

  private nextAgendaAction(): MaybePromise<AgendaAction | undefined> {
    const open = this.s.obligations.filter((o) => !o.completed);
    if (open.length === 0) return undefined;
    return this.agenda.next(this.today(), TASK_AGENDA_HORIZON_DAYS, () => ({
      obligations: open.map((o) => ({ id: o.id, due: o.due, acknowledgedLevels: o.acknowledged.map((a) => a.level), ...(o.caughtUp ? { caughtUp: o.caughtUp } : {}) })),
      policy: this.policy(),
      today: this.today(),
      missed: () => (this.patched(PATCH.CATCH_UP) ? 'workflow' : 'legacy'),
    }));
  }

  /** Due date of an event instance: the cell's offset when it gives one, else the policy's default. */
  private async eventDue(): Promise<IsoDate> {
    const after = this.input.eventAfter;
    if (after === undefined || !this.patched(PATCH.EVENT_OFFSET)) return this.addWorkingDays(this.today(), this.policy().eventDefaultWorkingDays);
    if (after.workingDays && after.unit === 'day') return this.addWorkingDays(this.today(), after.amount);
    if (after.unit === 'day') return addDays(this.today(), after.amount);
    if (after.unit === 'week') return addDays(this.today(), after.amount * 7);
    return addMonths(this.today(), after.unit === 'month' ? after.amount : after.amount * 12);
  }

  private async addWorkingDays(date: IsoDate, n: number): Promise<IsoDate> {
    const range = snapshotRange(addDays(date, -10), addDays(date, n * 3 + 60));
    return (await workingDays(range.from, range.to)).addWorkingDays(date, n);
  }

  // ---------------------------------------------------------------- actions

  /**
   * The next action, with those owed together with it: everything missed (late start, outage) as one
   * catch-up, or a level to one person for the whole task firing for several members as one message.
   */
  private async performNext(action: AgendaAction): Promise<void> {
    if (!this.patched(PATCH.CATCH_UP)) return this.perform(action);
    const pending = this.agenda.owedWith(action);
    const missed = isLateNotice(action) ? missedActions(pending, new Date()) : null;
    if (missed) return this.performMerged(missed, true);
    const together = firingTogether(action, pending, this.policy());
    if (together.length > 1) return this.performMerged(together, false);
    return this.perform(action);
  }

  /** Several late notices as few messages: one per recipient and item, one per level for the whole task. */
  private async performMerged(actions: AgendaAction[], catchUp: boolean): Promise<void> {
    const candidates: NoticeCandidate[] = [];
    const levels = new Map<ObligationState, number[]>();
    for (const action of actions) {
      this.s.done.push(action.key);
      const o = this.s.obligations.find((x) => x.id === action.obligationId);
      if (!o || o.completed || o.due !== action.due) continue;
      const candidate = taskCandidate(action, o.agency, this.policy(), this.s.facts.jurisdiction);
      if (candidate) candidates.push(candidate);
      if (action.type === 'escalation') {
        if (!o.firedLevels.includes(action.level!)) o.firedLevels.push(action.level!);
        levels.set(o, [...(levels.get(o) ?? []), action.level!]);
      }
    }
    if (catchUp) {
      const today = this.today();
      for (const [o, caught] of levels) o.caughtUp = { date: today, levels: [...new Set([...(o.caughtUp?.levels ?? []), ...caught])].sort() };
      // The ladder goes on from today: plan it again.
      this.agenda.invalidate();
    }
    for (const notice of mergeNotices(candidates)) await this.sendNotice(notice, catchUp);
  }

  private async sendNotice(notice: Notice, catchUp: boolean): Promise<void> {
    const ids = new Set(notice.items.map((i) => i.obligationId));
    const members = this.s.obligations.filter((o) => ids.has(o.id));
    const one = members.length === 1 ? members[0] : undefined;
    const tag = `${notice.kind}${notice.level ? `:${notice.level}` : ''}`;
    const key = notice.keys.length === 1 ? notice.keys[0]! : `together:${tag}@${new Date().toISOString()}`;
    const listed = members.map((o) => `${o.agency}${uniqueMilestones(this.s.obligations).length > 1 ? ` – ${o.label}` : ''} (hạn ${formatVietnamese(o.due)})`);
    const details: Record<string, string> = one ? {} : { 'Các cơ quan chưa hoàn thành': listed.join('; ') };
    await this.send(key, notice.kind, notice.to, this.today(), one, notice.level, details, one ? undefined : members);
    const who = one ? one.agency : members.map((o) => o.agency).join(', ');
    const dues = [...new Set(members.map((o) => formatVietnamese(o.due)))].join(', ');
    const missed = catchUp ? ' (thông báo một lần cho các lần đã lỡ)' : '';
    const step = this.policy().escalation.find((e) => e.level === notice.level);
    this.log({
      type: notice.kind === 'escalation' ? 'escalation' : notice.kind === 'overdue' ? 'overdue' : 'reminder',
      ...(one ? { agency: one.agency } : {}),
      ...(notice.level ? { level: notice.level } : {}),
      key,
      text:
        notice.kind === 'escalation' && step
          ? `Báo cáo cấp ${step.level} (${levelRecipient(step)})${missed}: ${who} quá hạn ${dues}.`
          : notice.kind === 'overdue'
            ? `${who}: quá hạn ${dues} mà chưa hoàn thành${missed}.`
            : `Nhắc ${who}: hạn ${dues}${missed}.`,
    });
  }

  private async perform(action: AgendaAction): Promise<void> {
    const o = this.s.obligations.find((x) => x.id === action.obligationId);
    this.s.done.push(action.key);
    if (!o || o.completed || o.due !== action.due) return;
    const daysLeft = action.offset ?? 0;
    switch (action.type) {
      case 'overdue_status':
        return;
      case 'reminder': {
        const kind = daysLeft === 0 ? 'due_today' : 'reminder';
        await this.send(action.key, kind, [{ role: 'officer', agency: o.agency }], action.date, o);
        this.log({
          type: 'reminder',
          agency: o.agency,
          key: action.key,
          text: daysLeft === 0 ? `Nhắc ${o.agency}: hôm nay là hạn cuối (${o.label}).` : `Nhắc ${o.agency}: còn ${daysLeft} ngày làm việc đến hạn ${formatVietnamese(o.due)} (${o.label}).`,
        });
        return;
      }
      case 'overdue':
        await this.send(action.key, 'overdue', [{ role: 'officer', agency: o.agency }], action.date, o);
        this.log({ type: 'overdue', agency: o.agency, key: action.key, text: `${o.agency}: quá hạn ${formatVietnamese(o.due)} (${o.label}) mà chưa hoàn thành.` });
        return;
      case 'escalation': {
        const step = this.policy().escalation.find((e) => e.level === action.level)!;
        if (!o.firedLevels.includes(step.level)) o.firedLevels.push(step.level);
        await this.send(action.key, 'escalation', taskRecipients('escalation', step.to, o.agency, this.s.facts.jurisdiction), action.date, o, step.level);
        this.log({
          type: 'escalation',
          agency: o.agency,
          level: step.level,
          key: action.key,
          text: `Báo cáo cấp ${step.level} (${levelRecipient(step)})${action.catchUp ? ' (bù cho các lần nhắc đã lỡ)' : action.repeat ? `, nhắc lại lần ${action.repeat}` : ''}: ${o.agency} quá hạn ${formatVietnamese(o.due)}.`,
        });
        return;
      }
    }
  }

  private async send(
    key: string,
    kind: NotifyRequest['kind'],
    to: Recipient[],
    asOf: IsoDate,
    o?: ObligationState,
    level?: number,
    details: Record<string, string> = {},
    members?: ObligationState[],
  ): Promise<void> {
    const f = this.s.facts;
    // Facts as of the day the message goes out, not the day the action was planned for.
    const dated = this.patched(PATCH.AS_OF_SEND_TIME) ? this.today() : asOf;
    const request: NotifyRequest = {
      key: `${this.id}:${key}`,
        kind,
        to,
        asOf: dated,
        level,
        subject: {
          workflowId: this.id,
          planTitle: f.planTitle,
          title: o && this.s.obligations.length > 1 ? `${f.title} (${o.label})` : f.title,
          product: f.product,
          lead: members ? [...new Set(members.map((m) => m.agency))] : o ? [o.agency] : this.s.leads,
          deadlineText: f.deadlineText,
          explanation: f.explanation,
          due: members ? members.map((m) => m.due).sort()[0]! : (o?.due ?? null),
        },
        details: { jurisdiction: f.jurisdiction, ...(this.template() ? { template: templateText(this.template()!) } : {}), ...details },
    };
    // Retries ran out: the ledger marks the message failed and the monitoring office is told.
    const delivery = await notifyOrReport(request, { report: () => true, local: () => this.patched(LOCAL_NOTIFY) });
    if (delivery !== 'sent') {
      const told = delivery === 'failed_reported' ? 'đã báo Văn phòng UBND' : 'chưa báo được Văn phòng UBND';
      this.log({ type: 'notification_failed', key, text: `Không gửi được thông báo (${kind}); ${told}.` });
    }
  }

  /** Messages an Update asked for, still being sent: the run waits for them before it ends or continues as new. */
  private readonly outgoing = new Set<Promise<void>>();

  /** Sends a message an Update asked for without holding up its answer (a mail server retried for hours never blocks the caller). */
  private notifyLater(key: string, kind: NotifyRequest['kind'], to: Recipient[], o: ObligationState, details: Record<string, string>): void {
    const sending: Promise<void> = this.send(key, kind, to, this.today(), o, undefined, details)
      .catch(() => undefined)
      .finally(() => this.outgoing.delete(sending));
    this.outgoing.add(sending);
  }

  /** Waits for the messages still being sent (none for runs without extension requests: no extra step). */
  private async sent(): Promise<void> {
    while (this.outgoing.size > 0) await Promise.all([...this.outgoing]);
  }

  private nextNudge(): Wake {
    const date = this.s.lastNudge ? addDays(this.s.lastNudge, this.policy().needsDeadlineEveryDays) : this.s.createdOn;
    return {
      at: this.officeInstant(date),
      run: async () => {
        this.s.lastNudge = date;
        await this.send(`needs-deadline:${date}`, 'needs_deadline', [{ role: 'monitor', jurisdiction: this.s.facts.jurisdiction }], date);
        this.log({ type: 'needs_deadline', text: 'Nhắc Văn phòng UBND đặt thời hạn cho nhiệm vụ chưa xác định thời gian.' });
      },
    };
  }

  private nextCheckin(): Wake {
    const c = this.s.checkin;
    if (c && !c.reminded) {
      return {
        at: this.officeInstant(c.graceDate),
        run: async () => {
          c.reminded = true;
          const silent = this.s.obligations.length === 0 && !this.s.timeline.some((t) => t.type === 'progress' && t.at >= vietnamInstant(c.date).toISOString());
          if (!silent) return;
          await this.send(`checkin-reminder:${c.date}`, 'checkin', this.s.leads.map((agency) => ({ role: 'officer' as const, agency })), c.graceDate, undefined, undefined, {
            'Nhắc lại': `Chưa nhận được báo cáo tiến độ kỳ ${formatVietnamese(c.date)}`,
          });
          this.log({ type: 'checkin', key: `checkin-reminder:${c.date}`, text: `Nhắc lại: chưa có báo cáo tiến độ sau kỳ ${formatVietnamese(c.date)}.` });
        },
      };
    }
    const after = c ? addDays(c.date, 1) : this.s.createdOn;
    const period = occurrences({ every: this.policy().checkinEvery }, after, addDays(after, 800))[0]!;
    return {
      at: this.officeInstant(period.due),
      run: async () => {
        const graceDate = await this.addWorkingDays(period.due, this.policy().checkinGraceWorkingDays);
        this.s.checkin = { date: period.due, graceDate, reminded: false };
        await this.send(`checkin:${period.due}`, 'checkin', this.s.leads.map((agency) => ({ role: 'officer' as const, agency })), period.due, undefined, undefined, {
          period: period.label,
        });
        this.log({ type: 'checkin', key: `checkin:${period.due}`, text: `Đề nghị báo cáo tiến độ kỳ ${period.label}.` });
      },
    };
  }

  // ---------------------------------------------------------------- instances (recurring, event)

  private allPeriods(): { label: string; start: IsoDate; due: IsoDate; workflowId: string }[] {
    const year = this.s.facts.planYear;
    const periods = this.usesPeriodsByStart()
      ? this.periodsByStart(`${year}-01-01`, `${year}-12-31`)
      : this.input.recurrence.flatMap((r) => occurrences(r, `${year}-01-01`, `${year}-12-31`));
    return periods
      .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.due < b.due ? -1 : 1))
      .map((p) => ({ ...p, workflowId: `${this.id}/${slug(p.label)}` }));
  }

  private periodsByStartPatched: boolean | undefined;

  /** Inputs with anchored periods, a horizon or a first due date take the newer rule (never older runs). */
  private usesPeriodsByStart(): boolean {
    const anchored = this.input.recurrence.some((r) => r.reportsOn !== undefined || r.afterEnd !== undefined) || this.input.horizon !== undefined || this.input.firstDue !== undefined;
    if (!anchored) return false;
    this.periodsByStartPatched ??= this.patched(PATCH.PERIODS_BY_START);
    return this.periodsByStartPatched;
  }

  /**
   * The periods that start within the horizon (the plan year unless the cell gives a range), each due
   * on its anchored day even when that falls after the horizon ("Quý IV" reported by 19/01 next year).
   * A first due date opens its own instance; periods due by then are covered by it.
   */
  private periodsByStart(planFrom: IsoDate, planTo: IsoDate): { label: string; start: IsoDate; end: IsoDate; due: IsoDate }[] {
    const from = this.input.horizon?.from ?? planFrom;
    // The working-day calendar ends with SUPPORTED_YEARS.last: no period is due after it.
    const lastDay: IsoDate = `${SUPPORTED_YEARS.last}-12-31`;
    const horizonTo = this.input.horizon?.to ?? planTo;
    const to = horizonTo < lastDay ? horizonTo : lastDay;
    const firstDue = this.input.firstDue;
    const periods = this.input.recurrence
      .flatMap((r) => occurrences(r, addDays(from, -400), addDays(to, 400)))
      .filter((p) => p.start >= from && p.start <= to && p.due <= lastDay && (firstDue === undefined || p.due > firstDue));
    if (firstDue === undefined) return periods;
    return [{ label: `Lần đầu (hạn ${formatVietnamese(firstDue)})`, start: from <= firstDue ? from : firstDue, end: firstDue, due: firstDue }, ...periods];
  }

  private instanceStarted(workflowId: string): boolean {
    return this.s.instances.some((i) => i.workflowId === workflowId);
  }

  private async startInstance(label: string, due: IsoDate, workflowId: string): Promise<InstanceView> {
    const instance: InstanceView = { workflowId, label, due, status: 'not_due' };
    this.s.instances.push(instance);
    try {
      await wf.startChild(taskWorkflow, {
        workflowId,
        args: [
          {
            ...this.input,
            ...this.followed(),
            kind: 'once',
            milestones: [{ label, due }],
            recurrence: [],
            leads: this.s.leads,
            parentId: this.id,
            carried: undefined,
            calendar: undefined,
            patches: CURRENT_GENERATION,
          },
        ],
        parentClosePolicy: wf.ParentClosePolicy.ABANDON,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      });
    } catch (err) {
      // Already started by an earlier run of this task: the instance is there, keep tracking it.
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    this.log({ type: 'instance_started', key: workflowId, text: `Bắt đầu kỳ ${label}, hạn ${formatVietnamese(due)}.` });
    return instance;
  }

  /** A promise only when the view changed and a signal goes out. */
  private tellParent(): MaybePromise<void> {
    if (!this.input.parentId) return;
    const o = this.s.obligations[0];
    const view: InstanceView = { workflowId: this.id, label: o?.label ?? '', due: o?.due ?? null, status: this.status() };
    const signature = JSON.stringify(view);
    if (signature === this.lastParentSignal) return;
    this.lastParentSignal = signature;
    return this.signalParent(this.input.parentId, view);
  }

  private async signalParent(parentId: string, view: InstanceView): Promise<void> {
    try {
      await wf.getExternalWorkflowHandle(parentId).signal(instanceStatusSignal, view);
    } catch (err) {
      if (wf.isCancellation(err)) throw err;
      // The parent has closed (cancelled, or its year is over): nothing to tell.
    }
  }

  // ---------------------------------------------------------------- handlers

  /** The Updates, as one table: schema, who may, the rule, the effect (workflows/update-table.ts). */
  private registerHandlers(): void {
    wf.setHandler(stateQuery, () => this.view());

    registerUpdates([
      row({
        update: completeUpdate,
        schema: CompleteSchema,
        rule: (input) => {
          if (input.completedAt) {
            const problem = backdateProblem({
              what: 'thời điểm hoàn thành',
              at: Date.parse(input.completedAt),
              now: Date.now(),
              notBefore: { at: vietnamInstant(this.s.createdOn, 0).getTime(), what: 'ngày bắt đầu theo dõi nhiệm vụ' },
              role: input.actor.role,
            });
            if (problem) throw new Error(problem);
          }
          if (this.s.kind === 'ongoing') return void (this.assertOpen(), this.agencyFor(input.actor, input.agency ?? input.actor.agency ?? this.s.leads[0]));
          this.obligationFor(input.actor, input.agency, input.milestone, 'complete');
        },
        effect: (input) => {
          if (this.s.kind === 'ongoing') return this.closeOngoing(input.actor, input.agency, input.evidence);
          const o = this.obligationFor(input.actor, input.agency, input.milestone, 'complete')!;
          const at = input.completedAt ? new Date(input.completedAt) : new Date();
          o.completed = { by: input.actor.name, at: at.toISOString(), evidence: input.evidence, note: input.note, onTime: vietnamDateOf(at) <= o.due };
          const backdated = backdateNote(input.actor.name, at.getTime(), Date.now());
          this.log({
            type: 'completed',
            by: input.actor.name,
            agency: o.agency,
            text: `${o.agency} hoàn thành${this.s.obligations.length > 1 ? ` (${o.label})` : ''} ${o.completed.onTime ? 'đúng hạn' : 'quá hạn'}${backdated ? ` (${backdated})` : ''}; minh chứng: ${input.evidence}.`,
          });
          return this.changed();
        },
      }),

      row({
        update: reportProgressUpdate,
        schema: ProgressSchema,
        rule: (input) => {
          this.assertOpen();
          this.agencyFor(input.actor, input.agency);
        },
        effect: (input) => {
          const agency = this.agencyFor(input.actor, input.agency);
          for (const o of this.s.obligations.filter((x) => x.agency === agency && !x.completed)) {
            o.progress = { percent: input.percent, note: input.note, at: new Date().toISOString(), by: input.actor.name };
          }
          this.log({ type: 'progress', by: input.actor.name, agency, text: `${agency} báo cáo tiến độ ${input.percent}%: ${input.note}` });
          return this.changed();
        },
      }),

      row({
        update: extendDeadlineUpdate,
        schema: ExtendPartSchema,
        who: { roles: ['monitor', 'admin'], action: 'gia hạn' },
        rule: (input) => {
          const o = input.agency !== undefined ? this.memberToExtend(input) : this.obligationFor(input.actor, undefined, input.milestone, 'extend')!;
          assertSupportedDate('hạn mới', input.newDue);
          if (input.newDue <= o.due) throw new Error(`Hạn mới (${formatVietnamese(input.newDue)}) phải sau hạn hiện tại (${formatVietnamese(o.due)}).`);
          if (input.newDue < this.today()) throw new Error(`Hạn mới (${formatVietnamese(input.newDue)}) đã qua.`);
        },
        effect: (input) => {
          // One member of a group task (approving its request): only inputs that name it.
          const member = input.agency !== undefined && this.patched(PATCH.EXTENSION_REQUEST);
          const o = member ? this.memberToExtend(input) : this.obligationFor(input.actor, undefined, input.milestone, 'extend')!;
          const targets = member ? [o] : this.s.obligations.filter((x) => x.milestone === o.milestone && !x.completed);
          // Requests the extension answers (only runs that have pending requests).
          const answered = targets.filter((t) => t.extensionRequest).map((t) => ({ o: t, request: t.extensionRequest! }));
          const approves = answered.length > 0 && this.patched(PATCH.EXTENSION_REQUEST);
          for (const t of targets) {
            t.due = input.newDue;
            t.firedLevels = [];
            t.acknowledged = [];
            delete t.caughtUp;
          }
          this.s.extended = true;
          if (approves) for (const { o: t } of answered) delete t.extensionRequest;
          const asked = approves ? `; theo đề nghị của ${answered.map((a) => a.o.agency).join(', ')}` : '';
          this.log({
            type: 'extended',
            by: input.actor.name,
            ...(member ? { agency: o.agency } : {}),
            text: `Gia hạn ${o.label}${member ? ` cho ${o.agency}` : ''} đến ${formatVietnamese(input.newDue)} (người phê duyệt: ${input.approvedBy}; lý do: ${input.reason}${asked}).`,
          });
          if (approves) {
            for (const { o: t, request } of answered) {
              this.notifyLater(`extension-approved:${t.id}@${request.at}`, 'extension_approved', [{ role: 'officer', agency: t.agency }], t, {
                requestedUntil: request.until,
                reason: input.reason,
              });
            }
          }
          return this.changed();
        },
      }),

      row({
        update: requestExtensionUpdate,
        schema: RequestExtensionSchema,
        who: { roles: ['agency', 'admin'], action: 'đề nghị gia hạn' },
        rule: (input) => {
          const o = this.partToExtend(input.actor, input.agency, input.milestone);
          if (o.extensionRequest)
            throw new Error(`${o.agency} đã có đề nghị gia hạn đến ${formatVietnamese(o.extensionRequest.until)} đang chờ Văn phòng UBND xem xét.`);
          if (input.until <= o.due) throw new Error(`Hạn đề nghị (${formatVietnamese(input.until)}) phải sau hạn hiện tại (${formatVietnamese(o.due)}).`);
          if (input.until < this.today()) throw new Error(`Hạn đề nghị (${formatVietnamese(input.until)}) đã qua.`);
        },
        effect: (input) => {
          if (!this.patched(PATCH.EXTENSION_REQUEST)) throw new Error('Nhiệm vụ này chưa nhận đề nghị gia hạn.');
          const o = this.partToExtend(input.actor, input.agency, input.milestone);
          const request: ExtensionRequest = { until: input.until, reason: input.reason, by: input.actor.name, at: new Date().toISOString() };
          o.extensionRequest = request;
          this.log({
            type: 'extension_requested',
            by: input.actor.name,
            agency: o.agency,
            text: `${o.agency} đề nghị gia hạn${this.s.obligations.length > 1 ? ` mốc “${o.label}”` : ''} đến ${formatVietnamese(input.until)} (hạn hiện tại ${formatVietnamese(o.due)}; lý do: ${input.reason}).`,
          });
          this.notifyLater(`extension-requested:${o.id}@${request.at}`, 'extension_requested', [{ role: 'monitor', jurisdiction: this.s.facts.jurisdiction }], o, {
            requestedUntil: request.until,
            reason: request.reason,
            requestedBy: request.by,
          });
          return this.changed();
        },
      }),

      row({
        update: declineExtensionUpdate,
        schema: DeclineExtensionSchema,
        who: { roles: ['monitor', 'admin'], action: 'không đồng ý gia hạn' },
        rule: (input) => void this.pendingRequest(input.agency, input.milestone),
        effect: (input) => {
          if (!this.patched(PATCH.EXTENSION_REQUEST)) throw new Error('Nhiệm vụ này chưa nhận đề nghị gia hạn.');
          const o = this.pendingRequest(input.agency, input.milestone);
          const request = o.extensionRequest!;
          delete o.extensionRequest;
          this.log({
            type: 'extension_declined',
            by: input.actor.name,
            agency: o.agency,
            text: `Không đồng ý đề nghị gia hạn đến ${formatVietnamese(request.until)} của ${o.agency}; hạn giữ nguyên ${formatVietnamese(o.due)} (lý do: ${input.reason}).`,
          });
          this.notifyLater(`extension-declined:${o.id}@${request.at}`, 'extension_declined', [{ role: 'officer', agency: o.agency }], o, {
            requestedUntil: request.until,
            reason: input.reason,
          });
          return this.changed();
        },
      }),

      row({
        update: setDeadlineUpdate,
        schema: SetDeadlineSchema,
        who: { roles: ['monitor', 'admin'], action: 'đặt thời hạn' },
        rule: (input) => {
          this.assertOpen();
          if (this.s.kind !== 'unspecified' || this.s.obligations.length > 0) throw new Error('Nhiệm vụ đã có thời hạn; hãy dùng gia hạn.');
          assertSupportedDate('thời hạn', input.due);
          if (input.due < this.today()) throw new Error(`Thời hạn ${formatVietnamese(input.due)} đã qua.`);
        },
        effect: (input) => {
          this.setMilestones([{ label: `hạn ${formatVietnamese(input.due)}`, due: input.due }]);
          this.s.kind = 'once';
          this.log({ type: 'deadline_set', by: input.actor.name, text: `Đặt thời hạn ${formatVietnamese(input.due)}${input.note ? ` (${input.note})` : ''}.` });
          return this.changed();
        },
      }),

      row({
        update: reassignUpdate,
        schema: ReassignSchema,
        who: { roles: ['monitor', 'admin'], action: 'giao lại' },
        rule: () => this.assertOpen(),
        effect: (input) => {
          const before = this.s.leads;
          this.applyLeads(input.leads);
          this.log({ type: 'reassigned', by: input.actor.name, text: `Giao lại từ ${before.join(', ')} cho ${this.s.leads.join(', ')} (lý do: ${input.reason}).` });
          return this.changed();
        },
      }),

      row({
        update: reviseUpdate,
        schema: ReviseSchema,
        who: { roles: ['system', 'admin'], action: 'cập nhật kế hoạch' },
        effect: (input) => {
          const changes: string[] = [];
          if (JSON.stringify(input.facts) !== JSON.stringify(this.s.facts)) changes.push('nội dung');
          this.s.facts = input.facts;
          if (input.leads.join('|') !== this.s.leads.join('|')) {
            changes.push(`cơ quan chủ trì: ${input.leads.join(', ')}`);
            this.applyLeads(input.leads);
          }
          if (this.reviseMilestones(input.milestones)) changes.push(`thời hạn: ${input.milestones.map((m) => formatVietnamese(m.due)).join(', ')}`);
          wf.upsertMemo({ fingerprint: input.fingerprint });
          this.log({ type: 'revised', by: input.actor.name, text: `Cập nhật từ kế hoạch sửa đổi (${changes.join('; ') || 'không đổi'}).` });
          return this.changed();
        },
      }),

      row({
        update: moveTemplateUpdate,
        schema: MoveTemplateSchema,
        who: { roles: ['admin', 'system'], action: 'chuyển nhiệm vụ sang phiên bản mẫu khác' },
        rule: (input) => {
          this.assertOpen();
          const current = this.template();
          if (current?.id === input.template.id && current.version === input.template.version)
            throw new Error(`Nhiệm vụ đang theo mẫu “${input.template.name}” phiên bản ${current.version}.`);
          if (current?.id === input.template.id && input.template.version < current.version)
            throw new Error(`Nhiệm vụ đang theo phiên bản ${current.version} của mẫu “${input.template.name}”; không chuyển về phiên bản cũ hơn (${input.template.version}).`);
        },
        effect: (input) => {
          const before = this.template();
          // Parsed by the Update's schema (defaults filled), as its validator checked it.
          const policy = input.policy;
          this.s.policy = policy;
          this.s.template = { id: input.template.id, version: input.template.version };
          wf.upsertMemo({ template: templateText(this.s.template) });
          const ladder = policy.escalation.map((e) => `cấp ${e.level} (${levelRecipient(e)}) sau ${e.afterWorkingDays} ngày làm việc, nhắc lại mỗi ${e.repeatEveryWorkingDays} ngày`).join('; ');
          this.log({
            type: 'template_moved',
            by: input.actor.name,
            text:
              `Chuyển sang mẫu “${input.template.name}” phiên bản ${input.template.version}${before ? ` (trước: ${templateText(before)})` : ''}: ` +
              `nhắc trước ${policy.reminderOffsets.join(', ')} ngày làm việc lúc ${policy.officeHour}; ${ladder || 'không báo cáo lên cấp trên'}. ` +
              'Lịch nhắc và báo cáo được lập lại theo mẫu mới; thông báo đã gửi không gửi lại.',
          });
          return this.changed();
        },
      }),

      row({
        update: acknowledgeUpdate,
        schema: AcknowledgeSchema,
        rule: (input) => void this.escalatedObligations(input.actor, input.level, input.agency, input.milestone),
        effect: (input) => {
          const covered = this.patched(PATCH.ACK_COVERS_GROUP)
            ? this.escalatedObligations(input.actor, input.level, input.agency, input.milestone)
            : [this.escalatedObligation(input.actor, input.level, input.agency, input.milestone)];
          const at = new Date().toISOString();
          for (const o of covered) o.acknowledged.push({ level: input.level, by: input.actor.name, at, comment: input.comment });
          const who = covered.map((o) => o.agency + (uniqueMilestones(this.s.obligations).length > 1 ? ` (${o.label})` : '')).join(', ');
          this.log({
            type: 'acknowledged',
            by: input.actor.name,
            ...(covered.length === 1 ? { agency: covered[0]!.agency } : {}),
            level: input.level,
            text: `Xác nhận báo cáo cấp ${input.level} về ${who}: ${input.comment}`,
          });
          return this.changed();
        },
      }),

      row({
        update: cancelUpdate,
        schema: CancelSchema,
        who: { roles: ['monitor', 'admin'], action: 'hủy nhiệm vụ' },
        rule: () => this.assertOpen(),
        effect: async (input) => {
          this.s.cancelled = true;
          this.log({ type: 'cancelled', by: input.actor.name, text: `Hủy nhiệm vụ: ${input.reason}` });
          for (const i of this.s.instances.filter((x) => !isClosed(x.status))) {
            await wf.getExternalWorkflowHandle(i.workflowId).cancel().catch(() => undefined);
          }
          return this.changed();
        },
      }),

      row({
        update: triggerUpdate,
        schema: TriggerSchema,
        rule: (input) => {
          this.assertOpen();
          if (this.s.kind !== 'event') throw new Error('Chỉ nhiệm vụ phát sinh theo sự kiện mới ghi nhận sự kiện.');
          if (input.actor.role === 'agency' && !this.s.leads.includes(input.actor.agency ?? '')) throw new Error('Cơ quan của bạn không chủ trì nhiệm vụ này.');
          if (input.due) assertSupportedDate('hạn của sự kiện', input.due);
          if (input.due && input.due < this.today()) throw new Error(`Hạn ${formatVietnamese(input.due)} đã qua.`);
        },
        effect: async (input) => {
          const count = this.s.instances.length + 1;
          const workflowId = `${this.id}/su-kien-${input.eventId ? slug(input.eventId) : count}`;
          const existing = this.s.instances.find((i) => i.workflowId === workflowId);
          if (existing) return existing;
          const due = input.due ?? (await this.eventDue());
          const instance = await this.startInstance(input.title, due, workflowId);
          this.changed();
          return instance;
        },
      }),
    ]);

    wf.setHandler(instanceStatusSignal, (view) => {
      const known = this.s.instances.find((i) => i.workflowId === view.workflowId);
      if (!known) return;
      const wasClosed = isClosed(known.status);
      Object.assign(known, view);
      if (!wasClosed && isClosed(view.status)) this.log({ type: 'instance_closed', key: view.workflowId, text: `Kỳ ${view.label}: ${STATUS_NAMES[view.status]}.` });
      this.changed();
    });
  }

  // ---------------------------------------------------------------- validation helpers

  private assertOpen(): void {
    if (this.s.cancelled) throw new Error('Nhiệm vụ đã bị hủy.');
    if (this.finished()) throw new Error('Nhiệm vụ đã hoàn thành.');
  }

  /** The agency an actor answers for: an agency user acts only for its own agency. */
  private agencyFor(actor: Actor, agency: string | undefined): string {
    if (actor.role === 'agency') {
      if (!actor.agency || !this.s.leads.includes(actor.agency)) throw new Error('Cơ quan của bạn không chủ trì nhiệm vụ này.');
      if (agency && agency !== actor.agency) throw new Error('Chỉ được cập nhật phần việc của cơ quan mình.');
      return actor.agency;
    }
    if (agency) {
      if (!this.s.leads.includes(agency)) throw new Error(`${agency} không chủ trì nhiệm vụ này.`);
      return agency;
    }
    if (this.s.leads.length === 1) return this.s.leads[0]!;
    throw new Error(`Nhiệm vụ có nhiều cơ quan chủ trì; cần chỉ rõ cơ quan (${this.s.leads.join(', ')}).`);
  }

  /** An ongoing duty ends when its lead declares the work finished. */
  private closeOngoing(actor: Actor, agency: string | undefined, evidence: string): TaskView {
    const who = this.agencyFor(actor, agency ?? actor.agency ?? this.s.leads[0]);
    this.s.closedAs = 'done_on_time';
    this.log({ type: 'completed', by: actor.name, agency: who, text: `${who} kết thúc nhiệm vụ thường xuyên; minh chứng: ${evidence}.` });
    return this.changed();
  }

  private obligationFor(actor: Actor, agency: string | undefined, milestone: number | undefined, purpose: 'complete' | 'extend'): ObligationState | undefined {
    this.assertOpen();
    if (this.s.obligations.length === 0) throw new Error('Nhiệm vụ chưa có thời hạn để hoàn thành hoặc gia hạn.');
    const candidates = this.s.obligations.filter((o) => !o.completed && (milestone === undefined || o.milestone === milestone));
    if (purpose === 'extend') {
      const o = candidates[0];
      if (!o) throw new Error(milestone === undefined ? 'Không còn mốc nào chưa hoàn thành.' : `Mốc ${milestone} không tồn tại hoặc đã hoàn thành.`);
      return o;
    }
    const who = this.agencyFor(actor, agency);
    const o = candidates.find((x) => x.agency === who);
    if (!o) throw new Error(milestone === undefined ? `${who} đã hoàn thành mọi mốc của nhiệm vụ.` : `Mốc ${milestone} của ${who} không tồn tại hoặc đã hoàn thành.`);
    return o;
  }

  /** The open part an agency asks to extend: its own (an agency officer), the named lead's, or the only lead's; the first open milestone unless named. */
  private partToExtend(actor: Actor, agency: string | undefined, milestone: number | undefined): ObligationState {
    this.assertOpen();
    if (this.s.obligations.length === 0) throw new Error('Nhiệm vụ chưa có thời hạn để đề nghị gia hạn.');
    const who = this.agencyFor(actor, agency);
    const o = this.s.obligations.find((x) => x.agency === who && !x.completed && (milestone === undefined || x.milestone === milestone));
    if (!o) throw new Error(milestone === undefined ? `${who} đã hoàn thành mọi mốc của nhiệm vụ.` : `Mốc ${milestone} của ${who} không tồn tại hoặc đã hoàn thành.`);
    return o;
  }

  /** The one pending extension request an answer is about (the agency must be named when several wait). */
  private pendingRequest(agency: string | undefined, milestone: number | undefined): ObligationState {
    this.assertOpen();
    const pending = this.s.obligations.filter(
      (x) => !x.completed && x.extensionRequest && (agency === undefined || x.agency === agency) && (milestone === undefined || x.milestone === milestone),
    );
    if (pending.length === 0) throw new Error(`Không có đề nghị gia hạn nào đang chờ${agency ? ` của ${agency}` : ''}.`);
    if (pending.length > 1) throw new Error(`Có ${pending.length} đề nghị gia hạn đang chờ; cần chỉ rõ cơ quan và mốc (${pending.map((x) => `${x.agency} – ${x.label}`).join('; ')}).`);
    return pending[0]!;
  }

  /** The one member an extension names (approving its request): a lead with that milestone (the first open one unless named) still open. */
  private memberToExtend(input: Pick<ExtendPartInput, 'agency' | 'milestone'>): ObligationState {
    this.assertOpen();
    const agency = input.agency!;
    if (!this.s.leads.includes(agency)) throw new Error(`${agency} không chủ trì nhiệm vụ này.`);
    const o = this.s.obligations.find((x) => x.agency === agency && !x.completed && (input.milestone === undefined || x.milestone === input.milestone));
    if (!o) throw new Error(input.milestone === undefined ? `${agency} đã hoàn thành mọi mốc của nhiệm vụ.` : `Mốc ${input.milestone} của ${agency} không tồn tại hoặc đã hoàn thành.`);
    return o;
  }

  /** Legacy runs (before ACK_COVERS_GROUP): an acknowledgement covers the first member notified at that level. */
  private escalatedObligation(actor: Actor, level: number, agency: string | undefined, milestone: number | undefined): ObligationState {
    const { fired } = this.notifiedAt(actor, level, agency, milestone);
    const o = fired[0]!;
    if (o.acknowledged.some((a) => a.level === level)) throw new Error(`Báo cáo cấp ${level} đã được xác nhận.`);
    return o;
  }

  /**
   * The members an acknowledgement covers: the one named (or the agency's own), else — for a
   * monitor or admin — every member notified at that level and not yet acknowledged.
   */
  private escalatedObligations(actor: Actor, level: number, agency: string | undefined, milestone: number | undefined): ObligationState[] {
    const { who, fired } = this.notifiedAt(actor, level, agency, milestone);
    const open = fired.filter((x) => !x.acknowledged.some((a) => a.level === level));
    if (open.length === 0) throw new Error(`Báo cáo cấp ${level}${who ? ` về ${who}` : ''} đã được xác nhận.`);
    return who === undefined ? open : open.slice(0, 1);
  }

  /** Who may acknowledge `level`, and the open obligations notified at it (at least one, else the reason). */
  private notifiedAt(actor: Actor, level: number, agency: string | undefined, milestone: number | undefined): { who: string | undefined; fired: ObligationState[] } {
    this.assertOpen();
    const step = this.policy().escalation.find((e) => e.level === level);
    if (!step) throw new Error(`Không có cấp báo cáo ${level}.`);
    const allowed: Actor['role'][] = step.to === 'head' ? ['agency', 'monitor', 'admin'] : ['monitor', 'admin'];
    requireRole(actor, allowed, `xác nhận báo cáo cấp ${level}`);
    const who = actor.role === 'agency' ? this.agencyFor(actor, agency) : agency;
    if (who !== undefined && !this.s.leads.includes(who)) throw new Error(`${who} không chủ trì nhiệm vụ này.`);
    const fired = this.s.obligations.filter(
      (x) => !x.completed && x.firedLevels.includes(level) && (who === undefined || x.agency === who) && (milestone === undefined || x.milestone === milestone),
    );
    if (fired.length === 0) throw new Error(`Chưa có báo cáo cấp ${level} nào cần xác nhận${who ? ` về ${who}` : ''}.`);
    return { who, fired };
  }

  // ---------------------------------------------------------------- state and view

  private setMilestones(milestones: Milestone[]): void {
    this.s.obligations = milestones.flatMap((m, i) => this.leadsOf(m).map((agency) => newObligation(agency, i, m.label, m.due, m.due)));
  }

  /** The leads a milestone binds (`milestoneLeads`). */
  private leadsOf(milestone: Milestone | undefined): string[] {
    return milestoneLeads(milestone, this.s.leads);
  }

  private applyLeads(leads: string[]): void {
    this.s.leads = [...new Set(leads)];
    const milestones = uniqueMilestones(this.s.obligations);
    const kept = this.s.obligations.filter((o) => o.completed || this.s.leads.includes(o.agency));
    const added = this.s.leads.flatMap((agency) =>
      milestones
        .filter((m) => this.leadsOf(this.input.milestones[m.milestone]).includes(agency) && !kept.some((o) => o.agency === agency && o.milestone === m.milestone))
        .map((m) => newObligation(agency, m.milestone, m.label, m.due, m.originalDue)),
    );
    this.s.obligations = [...kept, ...added].sort((a, b) => a.milestone - b.milestone || a.agency.localeCompare(b.agency));
  }

  /** Applies a corrected plan's dates to the milestones not yet completed; true when something changed. */
  private reviseMilestones(milestones: Milestone[]): boolean {
    const current = uniqueMilestones(this.s.obligations);
    const same = current.length === milestones.length && current.every((m, i) => m.originalDue === milestones[i]!.due);
    if (same || this.s.kind === 'recurring' || this.s.kind === 'event') return false;
    const done = this.s.obligations.filter((o) => o.completed && milestones[o.milestone]?.due === o.originalDue);
    this.s.obligations = milestones.flatMap((m, i) =>
      this.leadsOf(m).map((agency) => done.find((o) => o.milestone === i && o.agency === agency) ?? newObligation(agency, i, m.label, m.due, m.due)),
    );
    if (this.s.kind === 'unspecified' && milestones.length > 0) this.s.kind = milestones.length > 1 ? 'milestones' : 'once';
    return true;
  }

  /** Marks a change (the loop plans again) and returns what an Update answers: the view with its latest timeline entries. */
  private changed(): TaskView {
    this.runLoop.changed();
    return compact(this.view(), UPDATE_TIMELINE_ENTRIES);
  }

  private log(entry: Omit<TimelineEntry, 'at'>): void {
    pushCapped(this.s.timeline, { at: new Date().toISOString(), ...entry }, TIMELINE_LIMIT);
  }

  private today(): IsoDate {
    return vietnamDateOf(Date.now());
  }

  /** The policy the task follows: its input's, or the template version it was moved to. */
  private policy(): TaskPolicy {
    return this.s.policy ?? this.input.policy;
  }

  private template(): TemplateRef | undefined {
    return this.s.template ?? this.input.template;
  }

  /** What an instance inherits: the policy and template the task follows now (nothing new for tasks never moved). */
  private followed(): Partial<Pick<TaskWorkflowInput, 'policy' | 'template'>> {
    return { ...(this.s.policy ? { policy: this.s.policy } : {}), ...(this.s.template ? { template: this.s.template } : {}) };
  }

  private officeInstant(date: IsoDate): Date {
    const { hour, minute } = officeTime(this.policy());
    return vietnamInstant(date, hour, minute);
  }

  private obligationStatus(o: ObligationState): TaskStatus {
    if (o.completed) return o.completed.onTime ? 'done_on_time' : 'done_late';
    const now = Date.now();
    if (now >= endOfVietnamDay(o.due).getTime()) return 'overdue';
    const firstReminder = this.s.done.some((k) => k.startsWith(`${o.id}@${o.due}:reminder:`));
    return firstReminder ? 'due_soon' : 'not_due';
  }

  private status(): TaskStatus {
    if (this.s.cancelled) return 'cancelled';
    if (this.s.closedAs) return this.s.closedAs;
    const statuses =
      this.s.kind === 'recurring' || this.s.kind === 'event' ? this.s.instances.map((i) => i.status) : this.s.obligations.map((o) => this.obligationStatus(o));
    if (this.s.kind === 'unspecified' && this.s.obligations.length === 0) return 'needs_deadline';
    const open = statuses.filter((x) => !isClosed(x));
    for (const worst of ['overdue', 'due_soon', 'needs_deadline'] as const) if (open.includes(worst)) return worst;
    if (statuses.length > 0 && open.length === 0 && this.finished()) return statuses.includes('done_late') ? 'done_late' : 'done_on_time';
    return 'not_due';
  }

  private escalationLevel(): number {
    return Math.max(0, ...this.s.obligations.filter((o) => !o.completed).flatMap((o) => o.firedLevels));
  }

  private currentDue(): IsoDate | null {
    const open = this.s.obligations.filter((o) => !o.completed).map((o) => o.due);
    const all = open.length > 0 ? open : this.s.obligations.map((o) => o.due);
    const instanceDues = this.s.instances.filter((i) => !isClosed(i.status) && i.due).map((i) => i.due!);
    return [...all, ...instanceDues].sort()[0] ?? null;
  }

  view(): TaskView {
    return {
      workflowId: this.id,
      facts: this.s.facts,
      kind: this.s.kind,
      status: this.status(),
      due: this.currentDue(),
      escalationLevel: this.escalationLevel(),
      extended: this.s.extended,
      leads: this.s.leads,
      obligations: this.s.obligations.map(({ firedLevels, caughtUp: _caughtUp, ...o }) => ({
        ...o,
        status: this.obligationStatus({ ...o, firedLevels }),
        escalationLevel: Math.max(0, ...firedLevels),
      })),
      instances: this.s.instances,
      template: this.template() ?? null,
      timeline: this.s.timeline,
    };
  }

  /** Keeps the search attributes current so the dashboard can filter through visibility. */
  private publish(): void {
    const due = this.currentDue();
    const attributes = {
      status: this.status(),
      due,
      escalation: this.escalationLevel(),
      extended: this.s.extended,
      leads: this.s.leads,
      kind: this.s.kind,
    };
    // Patch 'part-attributes': each lead's own part and a pending extension request
    // (domain/part-tokens.ts), so lists and counts by agency and the office's queue of requests stay
    // visibility queries; and DondocLead within Temporal's size limit (hashed names for a large
    // group, their names in the memo). Histories recorded before it upsert no DondocParts.
    const lists = this.patched('part-attributes') ? this.listAttributes(attributes.status) : undefined;
    if (lists && [...lists.leads, ...lists.more].some(isHashedLead) && JSON.stringify(this.s.leads) !== this.memoLeads) {
      this.memoLeads = JSON.stringify(this.s.leads);
      wf.upsertMemo({ [LEADS_MEMO]: this.s.leads });
    }
    this.attributes.publish(lists ? { ...attributes, lists } : attributes, () => [
      { key: SA.type, value: this.input.parentId ? 'instance' : 'task' },
      { key: SA.plan, value: this.s.facts.planId },
      { key: SA.jurisdiction, value: this.s.facts.jurisdiction },
      { key: SA.leads, value: lists ? lists.leads : this.s.leads },
      { key: SA.status, value: attributes.status },
      { key: SA.kind, value: this.s.kind },
      { key: SA.due, value: due ? endOfVietnamDay(due) : null },
      { key: SA.escalation, value: attributes.escalation },
      { key: SA.extended, value: this.s.extended },
      // DondocMore is removed (null) when not needed. An upsert's values are not compared on replay,
      // so histories recorded before it replay unchanged.
      ...(lists ? [{ key: SA.parts, value: lists.parts }, { key: SA.more, value: lists.more.length > 0 ? lists.more : null }] : []),
      // Asked only when the attributes are upserted, at the same call site as 'part-attributes'.
      ...(this.patched(PATCH.UPDATED_ATTRIBUTE) ? [{ key: SA.updated, value: new Date() }] : []),
    ]);
  }

  /** DondocLead, DondocParts (`<status>:<agency>` and `level<n>:<agency>` of every lead's part, and the pending-request token while a request waits) and DondocMore. */
  private listAttributes(status: TaskStatus) {
    const obligations = this.s.obligations.map((o) => ({ agency: o.agency, status: this.obligationStatus(o), escalationLevel: Math.max(0, ...o.firedLevels), completed: o.completed }));
    return taskListAttributes(this.s.leads, partsOf(status, this.s.leads, obligations), this.s.obligations.some((o) => !o.completed && o.extensionRequest));
  }

  /** Performed keys of past due dates can never match again: drop them before carrying state over. */
  private pruneDone(): void {
    const live = new Set(this.s.obligations.filter((o) => !o.completed).map((o) => `${o.id}@${o.due}:`));
    this.s.done = this.s.done.filter((k) => [...live].some((prefix) => k.startsWith(prefix)) || !k.includes('@'));
  }
}

function newObligation(agency: string, milestone: number, label: string, due: IsoDate, originalDue: IsoDate): ObligationState {
  return { id: `${milestone}:${agency}`, agency, milestone, label, due, originalDue, acknowledged: [], firedLevels: [] };
}

function uniqueMilestones(obligations: ObligationState[]): { milestone: number; label: string; due: IsoDate; originalDue: IsoDate }[] {
  const seen = new Map<number, { milestone: number; label: string; due: IsoDate; originalDue: IsoDate }>();
  for (const o of obligations) if (!seen.has(o.milestone)) seen.set(o.milestone, { milestone: o.milestone, label: o.label, due: o.due, originalDue: o.originalDue });
  return [...seen.values()];
}

/** A date a client sends must fall in the years the working-day calendar answers for. */
function assertSupportedDate(label: string, date: IsoDate): void {
  const year = Number(date.slice(0, 4));
  if (!isSupportedYear(year)) throw new Error(`${label.charAt(0).toUpperCase()}${label.slice(1)}: năm ${year} ngoài phạm vi lịch làm việc ${SUPPORTED_YEARS.first}–${SUPPORTED_YEARS.last}.`);
}

function requireRole(actor: Actor, roles: Actor['role'][], what: string): void {
  if (!roles.includes(actor.role)) throw new Error(`Vai trò ${actor.role} không được ${what}.`);
}

function isClosed(status: TaskStatus): boolean {
  return status === 'done_on_time' || status === 'done_late' || status === 'cancelled';
}

/** ASCII slug for workflow ids ("Quý II/2025" → "quy-ii-2025"). */
export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

const TARGET_NAMES = { head: 'thủ trưởng cơ quan chủ trì', monitor: 'Văn phòng UBND', chair: 'Chủ tịch UBND' } as const;

/** Who a level goes to, as the timeline says it: the account a template's level names, else its role. */
function levelRecipient(step: EscalationStep): string {
  return step.account ? `tài khoản “${step.account}”` : TARGET_NAMES[step.to];
}

export const STATUS_NAMES: Record<TaskStatus, string> = {
  not_due: 'chưa đến hạn',
  due_soon: 'sắp đến hạn',
  overdue: 'quá hạn',
  done_on_time: 'hoàn thành đúng hạn',
  done_late: 'hoàn thành quá hạn',
  needs_deadline: 'chưa có thời hạn',
  cancelled: 'đã hủy',
};
