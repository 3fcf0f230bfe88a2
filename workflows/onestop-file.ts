/**
 * One one-stop-shop file as a durable workflow (id `file:<code>`): it counts the processing time in
 * working days, warns the agency holding the file before the appointment, demands an apology from
 * one working day before, escalates a file that reaches its appointment without a result and
 * without an apology to Văn phòng UBND then to the chair, sends a file late again after its one
 * re-appointment straight to the chair, publishes the apology for 30 days, and records its facts
 * for the monthly report. The rules are in docs/one-stop.md.
 *
 * Like the task workflow, everything the loop does is an agenda action with a stable key (built by
 * domain/agenda.ts with the file's ladder); performed keys are remembered, so a replay, a retry or
 * a worker restart never sends a message twice.
 *
 * The monthly report workflow is at the end of this module.
 */
import * as wf from '@temporalio/workflow';
import { ApplicationFailure } from '@temporalio/workflow';
import { addDays, endOfVietnamDay, formatVietnamese, isSupportedYear, SUPPORTED_YEARS, vietnamDateOf, vietnamInstant, type IsoDate } from '../domain/dates';
import { backdateNote, backdateProblem } from '../domain/backdating';
import type { AgendaAction } from '../domain/agenda';
import { isLateNotice, mergeNotices, missedActions, type NoticeCandidate } from '../domain/catch-up';
import type { NotifyRequest, Recipient } from '../domain/notification';
import { sameName, vietnameseDayAndDate } from '../domain/messages/text';
import { agendaPolicy, MONITOR_LEVEL } from '../domain/onestop/policy';
import { clockExplanation, isApologyTimely, OUTCOME_NAMES, outcomeOf, vietnamClock, type FileOutcome } from '../domain/onestop/clock';
import { ApologyError, apologyProblems, type ApologyContext, type ApologyFields } from '../domain/onestop/apology';
import { publicApologyOf } from '../domain/onestop/publication';
import { monthLabel, recordOf, reportFigures } from '../domain/onestop/report';
import { fileNotice } from '../domain/onestop/notices';
import { NOTIFY_RETRY_POLICY } from '../activities/mail/policy';
import type * as calendarActivities from '../activities/calendar';
import type { NotificationActivities } from '../activities/notifications';
import type { OneStopActivities } from '../activities/onestop';
import { SA } from './search-attributes';
import { compact } from './update-guard';
import { registerUpdates, row } from './update-table';
import { AgendaCache, andThen, AttributePublisher, CALENDAR_ACTIVITY_OPTIONS, eagerWake, fromSnapshot, notifyOrReport, pushCapped, RunLoop, type AgendaRequest, type MaybePromise, type Wake } from './run-loop';
import type { Actor } from './task-api';
import { CURRENT_GENERATION, LOCAL_NOTIFY, patched } from './patches';
import {
  AcknowledgeFileSchema,
  DocumentsReceivedSchema,
  RequestDocumentsSchema,
  ResultSchema,
  SubmitApologySchema,
  TransferSchema,
  WithdrawSchema,
  acknowledgeFileUpdate,
  documentsReceivedUpdate,
  fileStateQuery,
  requestDocumentsUpdate,
  resultReadyUpdate,
  resultReturnedUpdate,
  submitApologyUpdate,
  transferUpdate,
  withdrawUpdate,
  type Appointment,
  type ApologyRecord,
  type FileStatus,
  type FileTimelineEntry,
  type FileView,
  type OneStopFileWorkflowInput,
} from './onestop-api';

const calendar = wf.proxyLocalActivities<Pick<typeof calendarActivities, 'planAgenda' | 'addWorkingDays'>>(CALENDAR_ACTIVITY_OPTIONS);
const clock = wf.proxyLocalActivities<Pick<OneStopActivities, 'oneStopDeadline' | 'oneStopDayInfo' | 'oneStopFirstWorkingDay'>>(CALENDAR_ACTIVITY_OPTIONS);
/**
 * The report record is one small database statement made at every change of a file: a local activity
 * keeps it inside the workflow task (no separate activity task per change), which matters with tens
 * of thousands of open files. Retried like any activity until it succeeds.
 */
const records = wf.proxyLocalActivities<Pick<OneStopActivities, 'oneStopRecord'>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});
const notifications = wf.proxyActivities<Pick<NotificationActivities, 'notify'>>(NOTIFY_RETRY_POLICY);
const stores = wf.proxyActivities<Pick<OneStopActivities, 'oneStopPublish' | 'oneStopUnpublish' | 'oneStopMonthlyReports'>>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/**
 * How far ahead escalation repeats are planned; the agenda is planned again when they run out.
 * Short, because most files never need them and tens of thousands are open at once.
 */
const AGENDA_HORIZON_DAYS = 45;
const HISTORY_LIMIT = 4_000;
const TIMELINE_LIMIT = 500;
/** Clock skew tolerated for event times a one-stop system reports (`at`). */
const FUTURE_SKEW_MS = 5 * 60_000;
/** Timeline entries an Update returns (the `state` query returns them all): results stay far below Temporal's payload limit. */
const UPDATE_TIMELINE_ENTRIES = 20;

/**
 * Patches (checked through workflows/patches.ts, which takes the ones below as one generation and
 * so one marker): behaviour added after runs were recorded; replays of older histories take the old path.
 * - DELIVERY_FAILURE: a message that still fails after its retries is reported to Văn phòng UBND.
 * - AS_OF_SEND_TIME: messages state their facts as of the day they are sent.
 * - AGENDA_NO_RESEND: an acknowledged level sends nothing more (no catch-up of repeat 0).
 */
const PATCH = {
  DELIVERY_FAILURE: 'file-delivery-failure-reported',
  AS_OF_SEND_TIME: 'notice-as-of-send-time',
  AGENDA_NO_RESEND: 'file-acknowledge-sends-nothing',
  CATCH_UP: 'file-catch-up-merged-notices',
  AGENDA_FROM_SNAPSHOT: 'file-agenda-from-snapshot',
} as const;

/** The agenda as runs recorded before the snapshot computed it: by a local activity. */
function legacyAgenda(r: AgendaRequest, until: IsoDate): Promise<AgendaAction[]> {
  return calendar.planAgenda(r.obligations, r.policy, new Date().toISOString(), until, ...(r.missed() === 'workflow' ? (['workflow'] as const) : []));
}

type Carried = {
  holder: string;
  /** From the processing time (recomputed when additional documents arrive), before any apology. */
  appointment: Appointment | null;
  clockStart: IsoDate | null;
  explanation: string | null;
  apologyBy: IsoDate | null;
  restarts: number;
  pausedSince: string | null;
  /** The appointment is being computed (start, or documents just arrived). */
  computing: boolean;
  documentRequests: FileView['documentRequests'];
  apology: ApologyRecord | null;
  result: FileView['result'];
  returnedAt: string | null;
  withdrawn: FileView['withdrawn'];
  late: FileView['late'];
  lateAgain: FileView['lateAgain'];
  firedLevels: number[];
  /** Levels notified by a catch-up, whose repeats go on from its date. */
  caughtUp?: { date: IsoDate; levels: number[] };
  acknowledged: FileView['acknowledged'];
  done: string[];
  timeline: FileTimelineEntry[];
  publication: (FileView['publication'] & { publishRequested: boolean }) | null;
  revision: number;
};


/** Timeline entries of events in the file's processing: a reported time cannot go back before the last of them. */
const EVENT_TYPES = new Set<FileTimelineEntry['type']>(['transferred', 'documents_requested', 'documents_received', 'result_ready', 'returned', 'withdrawn']);

export async function oneStopFileWorkflow(input: OneStopFileWorkflowInput): Promise<FileView> {
  return new FileRun(input).execute();
}

class FileRun {
  private readonly input: OneStopFileWorkflowInput;
  private readonly id = wf.workflowInfo().workflowId;
  private s: Carried;
  /** Every handler that changes state bumps it: the loop wakes up and plans again. */
  private readonly runLoop = new RunLoop();
  private readonly agenda = new AgendaCache(
    this.runLoop,
    () => this.s.done,
    () => eagerWake(this.input),
  );
  private readonly attributes = new AttributePublisher();
  private lastRecord = '';
  /** While a catch-up runs: the notices its actions would send, merged before sending. */
  private collecting: (NoticeCandidate & { details: Record<string, string> })[] | null = null;

  constructor(input: OneStopFileWorkflowInput) {
    this.input = input;
    this.s = (input.carried as Carried | undefined) ?? this.initialState();
  }

  private get file() {
    return this.input.file;
  }

  /** Whether this run takes patch `id` (workflows/patches.ts). */
  private patched(id: string): boolean {
    return patched(id, this.input.patches);
  }

  private initialState(): Carried {
    return {
      holder: this.input.file.agencies[0]!,
      appointment: null,
      clockStart: null,
      explanation: null,
      apologyBy: null,
      restarts: 0,
      pausedSince: null,
      computing: true,
      documentRequests: [],
      apology: null,
      result: null,
      returnedAt: null,
      withdrawn: null,
      late: null,
      lateAgain: null,
      firedLevels: [],
      acknowledged: [],
      done: [],
      timeline: [],
      publication: null,
      revision: 0,
    };
  }

  async execute(): Promise<FileView> {
    this.registerHandlers();
    if (this.s.computing && !this.s.appointment) await this.firstAppointment();
    await this.loop();
    this.publishAttributes();
    await this.syncRecord();
    await wf.condition(wf.allHandlersFinished);
    return this.view();
  }

  // ---------------------------------------------------------------- clock

  private async firstAppointment(): Promise<void> {
    const f = this.file;
    if (f.appointment) {
      const [h, m] = f.appointment.time.split(':').map(Number) as [number, number];
      this.s.appointment = { date: f.appointment.date, at: vietnamInstant(f.appointment.date, h, m).toISOString() };
      this.s.explanation = `Ngày hẹn ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả: ${f.appointment.time} ${vietnameseDayAndDate(f.appointment.date)} (thời hạn giải quyết ${f.procedure.workingDays} ngày làm việc).`;
      this.s.apologyBy = await calendar.addWorkingDays(f.appointment.date, -1);
    } else {
      await this.countFrom(f.receivedAt, false);
    }
    this.s.computing = false;
    this.log({
      type: 'received',
      agency: this.s.holder,
      text: `Tiếp nhận hồ sơ tại ${f.receivingUnit}${f.online ? ' (nộp trực tuyến)' : ''}; cơ quan giải quyết: ${f.agencies.join(' → ')}. ${this.s.explanation}`,
      at: new Date(f.receivedAt).toISOString(),
    });
    this.changed();
  }

  /** The appointment counted from `fromIso` (reception, or arrival of the additional documents). */
  private async countFrom(fromIso: string, restart: boolean): Promise<void> {
    const { workingDays, cutoff } = this.file.procedure;
    const a = await clock.oneStopDeadline(fromIso, workingDays, cutoff);
    this.s.appointment = { date: a.due, at: a.dueAt };
    this.s.apologyBy = a.apologyBy;
    this.s.clockStart = a.start;
    this.s.explanation = clockExplanation({ from: new Date(fromIso), start: a.start, due: a.due, workingDays, cutoff, restart });
  }

  private currentAppointment(): Appointment | null {
    return this.s.apology?.newAppointment ?? this.s.appointment;
  }

  private clockRunning(): boolean {
    return !!this.s.appointment && !this.s.computing && !this.s.pausedSince && !this.s.result && !this.s.withdrawn && !this.s.returnedAt;
  }

  private closed(): boolean {
    return !!this.s.returnedAt || !!this.s.withdrawn;
  }

  private finished(): boolean {
    const p = this.s.publication;
    return this.closed() && (!p || !!p.unpublishedAt);
  }

  // ---------------------------------------------------------------- main loop

  private async loop(): Promise<void> {
    await this.runLoop.run({
      finished: () => this.finished(),
      beforeWake: eagerWake(this.input)
        ? () => {
            this.publishAttributes();
            return andThen(this.syncRecord(), () => this.syncPublication());
          }
        : async () => {
            this.publishAttributes();
            await this.syncRecord();
            await this.syncPublication();
          },
      nextWake: () => (eagerWake(this.input) ? this.nextWake() : this.legacyNextWake()),
      continueAsNew: () => {
        this.pruneDone();
        return wf.continueAsNew<typeof oneStopFileWorkflow>({ ...this.input, carried: this.s, patches: CURRENT_GENERATION });
      },
      historyLimit: HISTORY_LIMIT,
    });
  }

  private nextWake(): MaybePromise<Wake | undefined> {
    return andThen(this.nextAgendaAction(), (action) => this.earliestWake(action));
  }

  /** `nextWake` with a promise at every step, as runs started before eager wakes took it (run-loop.ts, `eagerWake`). */
  private async legacyNextWake(): Promise<Wake | undefined> {
    return this.earliestWake(await (async () => this.nextAgendaAction())());
  }

  private earliestWake(action: AgendaAction | undefined): Wake | undefined {
    const candidates: Wake[] = [];
    if (action) candidates.push({ at: new Date(action.at), run: () => this.performNext(action) });
    const p = this.s.publication;
    if (p?.publishedAt && !p.unpublishedAt) candidates.push({ at: new Date(p.until), run: () => this.unpublish() });
    return candidates.sort((a, b) => a.at.getTime() - b.at.getTime())[0];
  }

  private nextAgendaAction(): MaybePromise<AgendaAction | undefined> {
    const due = this.currentAppointment()?.date;
    if (!due || !this.clockRunning()) return undefined;
    // One way to get the agenda, as for tasks: computed here from a calendar snapshot. Runs recorded
    // before had a local activity compute it (planAgenda); they keep doing so on replay.
    const snapshot = (r: AgendaRequest, until: IsoDate) => (this.patched(PATCH.AGENDA_FROM_SNAPSHOT) ? fromSnapshot(r, until) : legacyAgenda(r, until));
    return this.agenda.next(
      this.today(),
      AGENDA_HORIZON_DAYS,
      () => ({
        obligations: [{ id: 'file', due, acknowledgedLevels: this.s.acknowledged.map((a) => a.level), ...(this.s.caughtUp ? { caughtUp: this.s.caughtUp } : {}) }],
        policy: agendaPolicy(this.input.policy, this.s.apology !== null),
        today: this.today(),
        missed: () => (this.patched(PATCH.AGENDA_NO_RESEND) ? 'workflow' : 'legacy'),
      }),
      snapshot,
    );
  }

  // ---------------------------------------------------------------- actions

  /**
   * The next action; when several notices were missed (a backlog file received long ago, a worker
   * that was down) they go out as one catch-up: each recipient once, at the most severe level that
   * names them, and the ladder goes on from today.
   */
  private async performNext(action: AgendaAction): Promise<void> {
    if (!this.patched(PATCH.CATCH_UP)) return this.perform(action);
    const missed = isLateNotice(action) ? missedActions(this.agenda.owedWith(action), new Date()) : null;
    if (!missed) return this.perform(action);
    const collected: (NoticeCandidate & { details: Record<string, string> })[] = [];
    this.collecting = collected;
    try {
      for (const a of missed) await this.perform(a);
    } finally {
      this.collecting = null;
    }
    const levels = missed.filter((a) => a.type === 'escalation' && this.s.firedLevels.includes(a.level!)).map((a) => a.level!);
    if (levels.length > 0) {
      this.s.caughtUp = { date: this.today(), levels: [...new Set([...(this.s.caughtUp?.levels ?? []), ...levels])].sort() };
      // The ladder goes on from today: plan it again.
      this.agenda.invalidate();
    }
    for (const notice of mergeNotices(collected)) {
      const first = collected.find((c) => c.key === notice.keys[0])!;
      await this.send(first.key, notice.kind, notice.to, this.today(), first.details, notice.level);
    }
  }

  private async perform(action: AgendaAction): Promise<void> {
    this.s.done.push(action.key);
    if (!this.clockRunning() || action.due !== this.currentAppointment()?.date) return;
    const holder = this.s.holder;
    const due = action.due;
    const reappointed = this.s.apology !== null;
    const officer: Recipient = { role: 'officer', agency: holder };
    const head: Recipient = { role: 'head', agency: holder };
    switch (action.type) {
      case 'reminder': {
        if (action.offset === this.input.policy.warnWorkingDays) {
          const note = reappointed
            ? 'Hồ sơ đã được hẹn lại một lần; theo quy định không được hẹn lại lần nữa. Nếu trễ hẹn lần này, hồ sơ được báo cáo Chủ tịch UBND.'
            : `Nếu dự kiến không kịp trả kết quả đúng hẹn, cơ quan phải gửi Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết chậm nhất hết ngày ${formatVietnamese(this.s.apologyBy!)}.`;
          await this.send(action.key, 'reminder', [officer], action.date, { 'Lưu ý': note });
          this.log({ type: 'warning', agency: holder, key: action.key, text: `Cảnh báo ${holder}: còn ${action.offset} ngày làm việc đến ngày hẹn ${formatVietnamese(due)}. ${note}` });
        } else if (action.offset === 1) {
          await this.send(action.key, 'apology_required', [officer, head], action.date, { apologyBy: action.date });
          this.log({
            type: 'apology_required',
            agency: holder,
            key: action.key,
            text: `Yêu cầu ${holder} gửi phiếu xin lỗi nếu không kịp trả kết quả ngày ${formatVietnamese(due)} (hạn gửi: hết ngày ${formatVietnamese(action.date)}).`,
          });
        } else if (action.offset === 0) {
          await this.send(action.key, 'apology_overdue', [officer, head], action.date);
          this.log({ type: 'apology_overdue', agency: holder, key: action.key, text: `${holder} chưa gửi phiếu xin lỗi dù đã đến ngày hẹn ${formatVietnamese(due)} mà chưa có kết quả.` });
        }
        return;
      }
      case 'overdue_status':
        if (reappointed) {
          this.s.lateAgain = { since: action.date, agency: holder };
          this.log({ type: 'late_again', agency: holder, key: action.key, text: `Trễ hẹn lần hai: quá ngày hẹn lại ${formatVietnamese(due)} mà chưa có kết quả (${holder}).` });
        } else {
          this.s.late = { since: action.date, agency: holder };
          this.log({ type: 'late', agency: holder, key: action.key, text: `Trễ hẹn không xin lỗi: quá ngày hẹn ${formatVietnamese(due)} mà chưa có kết quả và chưa có phiếu xin lỗi (${holder}).` });
        }
        return;
      case 'overdue':
        // The escalation ladder speaks for a late file; nothing is sent on the calendar day after.
        return;
      case 'escalation': {
        const level = action.level!;
        if (!this.s.firedLevels.includes(level)) this.s.firedLevels.push(level);
        const jurisdiction = this.file.jurisdiction;
        const to: Recipient[] =
          level === MONITOR_LEVEL
            ? [{ role: 'monitor', jurisdiction }]
            : reappointed
              ? [{ role: 'chair', jurisdiction }, { role: 'monitor', jurisdiction }, head]
              : [{ role: 'chair', jurisdiction }, { role: 'monitor', jurisdiction }];
        const state = reappointed ? `Trễ cả ngày hẹn lại (${formatVietnamese(due)}) sau khi đã xin lỗi một lần` : 'Trễ hẹn, chưa có phiếu xin lỗi';
        await this.send(action.key, 'escalation', to, action.date, { 'Tình trạng hồ sơ': state, 'Cơ quan đang giữ hồ sơ': holder }, level);
        const target = level === MONITOR_LEVEL ? 'Văn phòng UBND' : 'Chủ tịch UBND';
        this.log({
          type: 'escalation',
          agency: holder,
          level,
          key: action.key,
          text: `Báo cáo ${target}${action.repeat ? ` (nhắc lại lần ${action.repeat})` : ''}: ${state.toLowerCase()}, ngày hẹn ${formatVietnamese(due)}, ${holder}.`,
        });
        if (!reappointed) {
          await this.send(`${action.key}:apology`, 'apology_overdue', [officer, head], action.date);
          this.log({ type: 'apology_overdue', agency: holder, key: `${action.key}:apology`, text: `Tiếp tục yêu cầu ${holder} gửi phiếu xin lỗi và hẹn lại ngày trả kết quả.` });
        }
        return;
      }
    }
  }

  private async unpublish(): Promise<void> {
    const p = this.s.publication!;
    await stores.oneStopUnpublish(this.file.code);
    p.unpublishedAt = new Date().toISOString();
    this.log({ type: 'unpublished', key: `unpublish:${p.number}`, text: `Hết thời hạn công khai phiếu xin lỗi số ${p.number}; đã gỡ khỏi trang công khai.` });
  }

  /** A promise only when a publication waits to be written. */
  private syncPublication(): MaybePromise<void> {
    const p = this.s.publication;
    if (!p || !p.publishRequested || p.publishedAt) return;
    return this.publishApology(p);
  }

  private async publishApology(p: NonNullable<Carried['publication']>): Promise<void> {
    const view = this.view();
    await stores.oneStopPublish(publicApologyOf(view, new Date(), new Date(p.until)));
    p.publishedAt = new Date().toISOString();
    this.log({ type: 'published', key: `publish:${p.number}`, text: `Công khai phiếu xin lỗi số ${p.number} đến ${vietnamClock(new Date(p.until))} ngày ${formatVietnamese(vietnamDateOf(new Date(p.until)))}.` });
  }

  private async send(key: string, kind: NotifyRequest['kind'], to: Recipient[], asOf: IsoDate, details: Record<string, string> = {}, level?: number): Promise<void> {
    if (this.collecting) {
      // A catch-up: the notice is merged with the others owed now before anything goes out.
      this.collecting.push({ key, obligationId: 'file', agency: this.s.holder, due: this.currentAppointment()!.date, kind, to, details, ...(level !== undefined ? { level } : {}) });
      return;
    }
    // Facts as of the day the message goes out, not the day the action was planned for.
    const dated = this.patched(PATCH.AS_OF_SEND_TIME) ? this.today() : asOf;
    const request = fileNotice(this.view(), { key, kind, to, asOf: dated, level, details });
    // Retries ran out: the ledger marks the message failed and the monitoring office is told (runs
    // recorded before this was added only noted it).
    let reporting = false;
    const delivery = await notifyOrReport(request, { report: () => (reporting = this.patched(PATCH.DELIVERY_FAILURE)), local: () => this.patched(LOCAL_NOTIFY) });
    if (delivery === 'sent') return;
    const told = !reporting ? 'đã ghi nhận để Văn phòng UBND xử lý' : delivery === 'failed_reported' ? 'đã báo Văn phòng UBND' : 'chưa báo được Văn phòng UBND';
    this.log({ type: 'notification_failed', key, text: `Không gửi được thông báo (${kind}); ${told}.` });
  }

  // ---------------------------------------------------------------- handlers

  private registerHandlers(): void {
    wf.setHandler(fileStateQuery, () => this.view());

    registerUpdates([
      row({
        update: transferUpdate,
        schema: TransferSchema,
        rule: (input) => {
          this.assertOpen();
          if (this.s.result) throw new Error('Hồ sơ đã có kết quả: không chuyển tiếp nữa.');
          this.assertMayAct(input.actor, ['holder']);
          this.eventTime(input.at, input.actor);
          this.transferTarget(input.to);
        },
        effect: (input) => {
          const from = this.s.holder;
          this.s.holder = this.transferTarget(input.to);
          this.log({ type: 'transferred', by: input.actor.name, agency: this.s.holder, at: this.eventTime(input.at, input.actor), text: `${from} chuyển hồ sơ cho ${this.s.holder}${input.note ? ` (${input.note})` : ''}.` });
          return this.changed();
        },
      }),

      row({
        update: requestDocumentsUpdate,
        schema: RequestDocumentsSchema,
        rule: (input) => {
          this.assertOpen();
          this.assertMayAct(input.actor, ['holder', 'desk']);
          this.eventTime(input.at, input.actor);
          if (this.s.pausedSince) throw new Error('Hồ sơ đang chờ bổ sung theo yêu cầu trước; chưa nhận được giấy tờ bổ sung.');
          if (this.s.apology) {
            throw new Error(`Hồ sơ đã được hẹn lại ngày trả kết quả (phiếu xin lỗi số ${this.s.apology.number}): không yêu cầu bổ sung để tính lại thời hạn.`);
          }
        },
        effect: (input) => {
          const at = this.eventTime(input.at, input.actor);
          this.s.pausedSince = at;
          this.s.documentRequests.push({ requestedAt: at, reason: input.reason, by: input.actor.name });
          this.log({ type: 'documents_requested', by: input.actor.name, agency: this.s.holder, at, text: `${this.s.holder} yêu cầu bổ sung, hoàn thiện hồ sơ: ${input.reason}. Dừng tính thời gian giải quyết.` });
          return this.changed();
        },
      }),

      row({
        update: documentsReceivedUpdate,
        schema: DocumentsReceivedSchema,
        rule: (input) => {
          this.assertOpen();
          this.assertMayAct(input.actor, ['holder', 'desk']);
          const at = this.eventTime(input.at, input.actor);
          if (!this.s.pausedSince) throw new Error('Hồ sơ không có yêu cầu bổ sung nào đang chờ.');
          if (at < this.s.pausedSince) throw new Error('Thời điểm nhận hồ sơ bổ sung trước thời điểm yêu cầu bổ sung.');
        },
        effect: async (input) => {
          const at = this.eventTime(input.at, input.actor);
          const pausedSince = this.s.pausedSince;
          this.s.pausedSince = null;
          this.s.computing = true;
          try {
            await this.countFrom(at, true);
          } catch (err) {
            // The calendar could not answer: the file stays paused, and the update reports the failure.
            this.s.pausedSince = pausedSince;
            this.s.computing = false;
            throw err;
          }
          this.s.documentRequests.at(-1)!.receivedAt = at;
          this.s.restarts++;
          this.s.firedLevels = [];
          delete this.s.caughtUp;
          this.s.acknowledged = [];
          this.s.computing = false;
          this.log({ type: 'documents_received', by: input.actor.name, agency: this.s.holder, at, text: `Nhận đủ hồ sơ bổ sung. ${this.s.explanation}` });
          return this.changed();
        },
      }),

      row({
        update: resultReadyUpdate,
        schema: ResultSchema,
        rule: (input) => {
          this.assertOpen();
          this.assertMayAct(input.actor, ['holder']);
          this.eventTime(input.at, input.actor);
          if (this.s.result) throw new Error('Hồ sơ đã có kết quả.');
          if (this.s.pausedSince) throw new Error('Hồ sơ đang chờ bổ sung: ghi nhận giấy tờ bổ sung trước khi có kết quả.');
        },
        effect: (input) => {
          this.setResult(input.actor, this.eventTime(input.at, input.actor), input.note);
          return this.changed();
        },
      }),

      row({
        update: resultReturnedUpdate,
        schema: ResultSchema,
        rule: (input) => {
          this.assertOpen();
          this.assertMayAct(input.actor, ['holder', 'desk']);
          this.eventTime(input.at, input.actor);
          if (!this.s.result && this.s.pausedSince) throw new Error('Hồ sơ đang chờ bổ sung: chưa có kết quả để trả.');
        },
        effect: (input) => {
          const at = this.eventTime(input.at, input.actor);
          if (!this.s.result) this.setResult(input.actor, at, input.note);
          this.s.returnedAt = at;
          this.log({ type: 'returned', by: input.actor.name, at, text: 'Trả kết quả cho người nộp hồ sơ.' });
          return this.changed();
        },
      }),

      row({
        update: withdrawUpdate,
        schema: WithdrawSchema,
        rule: (input) => {
          this.assertOpen();
          this.assertMayAct(input.actor, ['desk']);
          this.eventTime(input.at, input.actor);
          if (this.s.result) throw new Error('Hồ sơ đã có kết quả: không rút được, hãy trả kết quả.');
        },
        effect: (input) => {
          const at = this.eventTime(input.at, input.actor);
          this.s.withdrawn = { at, reason: input.reason, by: input.actor.name };
          this.log({ type: 'withdrawn', by: input.actor.name, at, text: `Người nộp rút hồ sơ: ${input.reason}.` });
          return this.changed();
        },
      }),

      row({
        update: submitApologyUpdate,
        schema: SubmitApologySchema,
        rule: (input) => {
          const year = Number(input.newAppointment.slice(0, 4));
          if (!isSupportedYear(year)) throw new Error(`Ngày hẹn mới: năm ${year} ngoài phạm vi lịch làm việc ${SUPPORTED_YEARS.first}–${SUPPORTED_YEARS.last}.`);
          const problems = apologyProblems(input, this.apologyContext(input.actor));
          if (problems.length > 0) throw new ApologyError(problems);
        },
        effect: async (input) => {
          // Validated again after the calendar answers: a concurrent update may have changed the file.
          const day = await clock.oneStopDayInfo(input.newAppointment);
          const problems = apologyProblems(input, this.apologyContext(input.actor, day));
          if (problems.length > 0) throw ApplicationFailure.create({ message: problems.join(' '), type: 'InvalidApology', nonRetryable: true });
          this.recordApology(input.actor, input);
          return this.changed();
        },
      }),

      row({
        update: acknowledgeFileUpdate,
        schema: AcknowledgeFileSchema,
        who: { roles: ['monitor', 'admin'], action: 'xác nhận báo cáo hồ sơ trễ hẹn' },
        rule: (input) => {
          if (!this.s.firedLevels.includes(input.level)) throw new Error(`Chưa có báo cáo cấp ${input.level} nào cần xác nhận.`);
          if (this.s.acknowledged.some((a) => a.level === input.level)) throw new Error(`Báo cáo cấp ${input.level} đã được xác nhận.`);
        },
        effect: (input) => {
          this.s.acknowledged.push({ level: input.level, by: input.actor.name, at: new Date().toISOString(), comment: input.comment });
          const target = input.level === MONITOR_LEVEL ? 'Văn phòng UBND' : 'Chủ tịch UBND';
          this.log({ type: 'acknowledged', by: input.actor.name, level: input.level, text: `Xác nhận báo cáo ${target} về hồ sơ trễ hẹn: ${input.comment}` });
          return this.changed();
        },
      }),
    ]);
  }

  // ---------------------------------------------------------------- handler helpers

  private apologyContext(actor: Actor, newDay?: { working: boolean; name: string | null }): ApologyContext {
    const state: ApologyContext['state'] = this.s.withdrawn
      ? 'withdrawn'
      : this.s.returnedAt
        ? 'returned'
        : this.s.result
          ? 'result_ready'
          : this.s.pausedSince
            ? 'waiting_documents'
            : 'open';
    const a = this.s.apology;
    return {
      actor,
      today: this.today(),
      holder: this.s.holder,
      receivedOn: vietnamDateOf(new Date(this.file.receivedAt)),
      appointment: this.s.computing ? null : (this.currentAppointment()?.date ?? null),
      state,
      existing: a ? { number: a.number, date: a.date, newAppointment: a.newAppointment.date } : null,
      newDay,
    };
  }

  private recordApology(actor: Actor, input: ApologyFields): void {
    const original = this.s.appointment!;
    const now = new Date();
    const [h, m] = (input.newAppointmentTime ?? vietnamClock(new Date(original.at))).split(':').map(Number) as [number, number];
    const timely = isApologyTimely(this.today(), original.date);
    this.s.apology = {
      number: input.number.replace(/\s+/g, ''),
      date: input.date,
      signer: input.signer,
      signerTitle: input.signerTitle,
      superiorBody: input.superiorBody ?? null,
      place: input.place ?? null,
      reason: input.reason,
      newAppointment: { date: input.newAppointment, at: vietnamInstant(input.newAppointment, h, m).toISOString() },
      agency: this.s.holder,
      by: actor.name,
      submittedAt: now.toISOString(),
      timely,
      originalAppointment: original,
    };
    // A new appointment, a new ladder: levels fired for the old one no longer apply.
    this.s.firedLevels = [];
    delete this.s.caughtUp;
    this.s.acknowledged = [];
    const until = new Date(now.getTime() + this.input.policy.publishDays * 86_400_000);
    this.s.publication = { number: this.s.apology.number, publishedAt: null, until: until.toISOString(), unpublishedAt: null, publishRequested: true };
    this.log({
      type: 'apology',
      by: actor.name,
      agency: this.s.holder,
      text:
        `${this.s.holder} gửi phiếu xin lỗi số ${this.s.apology.number} ngày ${formatVietnamese(input.date)}, hẹn lại ngày trả kết quả ${formatVietnamese(input.newAppointment)}; lý do: ${input.reason}` +
        (timely ? '.' : ` (gửi muộn: hạn gửi là hết ngày ${formatVietnamese(this.s.apologyBy ?? original.date)}).`),
    });
  }

  private setResult(actor: Actor, at: string, note: string | undefined): void {
    this.s.result = { at, agency: this.s.holder, by: actor.name, ...(note ? { note } : {}) };
    const resultOn = vietnamDateOf(new Date(at));
    // A result dated back to before a deadline undoes the lateness recorded when the deadline passed.
    if (this.s.late && this.s.appointment && resultOn <= this.s.appointment.date) this.s.late = null;
    if (this.s.lateAgain && this.s.apology && resultOn <= this.s.apology.newAppointment.date) this.s.lateAgain = null;
    const outcome = this.outcome()!;
    this.log({ type: 'result_ready', by: actor.name, agency: this.s.holder, at, text: `${this.s.holder} có kết quả giải quyết hồ sơ: ${OUTCOME_NAMES[outcome].toLowerCase()}.` });
  }

  private assertOpen(): void {
    if (this.s.withdrawn) throw new Error('Hồ sơ đã được rút.');
    if (this.s.returnedAt) throw new Error('Hồ sơ đã trả kết quả.');
    if (this.s.computing) throw new Error('Hồ sơ đang được khởi tạo (chưa tính xong ngày hẹn); thử lại sau giây lát.');
  }

  /** Admin, monitor and system act for anyone; an agency only as the holder or as the receiving desk, as allowed. */
  private assertMayAct(actor: Actor, as: ('holder' | 'desk')[]): void {
    if (actor.role !== 'agency') return;
    const agency = actor.agency ?? '';
    if (as.includes('holder') && sameName(agency, this.s.holder)) return;
    if (as.includes('desk') && sameName(agency, this.file.receivingUnit)) return;
    const who = as.map((w) => (w === 'holder' ? `cơ quan đang giải quyết (${this.s.holder})` : `nơi tiếp nhận (${this.file.receivingUnit})`)).join(' hoặc ');
    throw new Error(`${agency || 'Tài khoản này'} không được thực hiện thao tác này: chỉ ${who}.`);
  }

  private transferTarget(to: string | undefined): string {
    const agencies = this.file.agencies;
    if (to) {
      const target = agencies.find((a) => sameName(a, to));
      if (!target) throw new Error(`${to} không có trong quy trình giải quyết hồ sơ (${agencies.join(' → ')}).`);
      if (sameName(target, this.s.holder)) throw new Error(`Hồ sơ đang ở ${target}.`);
      return target;
    }
    const index = agencies.findIndex((a) => sameName(a, this.s.holder));
    const next = agencies[index + 1];
    if (!next) throw new Error(`${this.s.holder} là cơ quan cuối cùng trong quy trình giải quyết; không còn cơ quan tiếp theo.`);
    return next;
  }

  /**
   * The time an event happened: `at` when given, else now. Not in the future, not before reception
   * nor before the last event recorded, and at most a few days back unless a monitor or an admin
   * records it (domain/backdating.ts).
   */
  private eventTime(at: string | undefined, actor: Actor): string {
    if (!at) return new Date().toISOString();
    const ms = Date.parse(at);
    if (ms > Date.now() + FUTURE_SKEW_MS) throw new Error(`Thời điểm ${at} chưa đến.`);
    if (ms < Date.parse(this.file.receivedAt)) throw new Error(`Thời điểm ${at} trước thời điểm tiếp nhận hồ sơ.`);
    const last = this.s.timeline.filter((e) => EVENT_TYPES.has(e.type)).reduce((max, e) => Math.max(max, Date.parse(e.at)), Date.parse(this.file.receivedAt));
    const problem = backdateProblem({
      what: `thời điểm ${at}`,
      at: ms,
      now: Date.now(),
      notBefore: { at: last, what: 'sự kiện đã ghi nhận gần nhất của hồ sơ' },
      role: actor.role,
      futureSkewMs: FUTURE_SKEW_MS,
    });
    if (problem) throw new Error(problem);
    return new Date(Math.min(ms, Date.now())).toISOString();
  }

  // ---------------------------------------------------------------- state and view

  /** Marks a change (the loop plans again) and returns what an Update answers: the view with its latest timeline entries. */
  private changed(): FileView {
    this.runLoop.changed();
    return compact(this.view(), UPDATE_TIMELINE_ENTRIES);
  }

  private log(entry: Omit<FileTimelineEntry, 'at'> & { at?: string }): void {
    // An event someone dates back says so: who, and by how much.
    const backdated = entry.by && entry.at && EVENT_TYPES.has(entry.type) ? backdateNote(entry.by, Date.parse(entry.at), Date.now()) : null;
    const text = backdated ? `${entry.text} (${backdated})` : entry.text;
    pushCapped(this.s.timeline, { ...entry, text, at: entry.at ?? new Date().toISOString() }, TIMELINE_LIMIT);
  }

  private today(): IsoDate {
    return vietnamDateOf(Date.now());
  }

  private outcome(): FileOutcome | null {
    const original = this.s.apology?.originalAppointment ?? this.s.appointment;
    if (!original) return this.s.withdrawn ? 'withdrawn' : null;
    return outcomeOf({
      appointment: original.date,
      resultOn: this.s.result ? vietnamDateOf(new Date(this.s.result.at)) : null,
      apologyTimely: this.s.apology?.timely ?? null,
      withdrawn: !!this.s.withdrawn,
    });
  }

  private status(): FileStatus {
    if (this.s.withdrawn) return 'withdrawn';
    if (this.s.returnedAt) return 'returned';
    if (this.s.result) return 'result_ready';
    if (this.s.pausedSince) return 'waiting_documents';
    const due = this.currentAppointment()?.date;
    if (!due) return 'not_due';
    if (Date.now() >= endOfVietnamDay(due).getTime()) return 'overdue';
    return this.s.done.some((k) => k.startsWith(`file@${due}:reminder:`)) ? 'due_soon' : 'not_due';
  }

  private escalationLevel(): number {
    return Math.max(0, ...this.s.firedLevels);
  }

  view(): FileView {
    const { publication } = this.s;
    return {
      workflowId: this.id,
      file: this.file,
      status: this.status(),
      outcome: this.outcome(),
      holder: this.s.holder,
      appointment: this.currentAppointment(),
      originalAppointment: this.s.apology?.originalAppointment ?? this.s.appointment,
      clock: { start: this.s.clockStart, explanation: this.s.explanation, paused: !!this.s.pausedSince, restarts: this.s.restarts },
      apologyBy: this.s.apologyBy,
      apology: this.s.apology,
      documentRequests: this.s.documentRequests,
      result: this.s.result,
      returnedAt: this.s.returnedAt,
      withdrawn: this.s.withdrawn,
      late: this.s.late,
      lateAgain: this.s.lateAgain,
      escalationLevel: this.escalationLevel(),
      acknowledged: this.s.acknowledged,
      publication: publication
        ? { number: publication.number, publishedAt: publication.publishedAt, until: publication.until, unpublishedAt: publication.unpublishedAt }
        : null,
      timeline: this.s.timeline,
    };
  }

  /** Writes the file's record for the monthly report when its facts changed. */
  /** A promise only when the record changed and is written. */
  private syncRecord(): MaybePromise<void> {
    if (this.s.computing) return;
    const record = recordOf(this.view());
    const signature = JSON.stringify(record);
    if (signature === this.lastRecord) return;
    this.s.revision++;
    return records.oneStopRecord({ ...record, revision: this.s.revision }).then(() => {
      this.lastRecord = signature;
    });
  }

  /** Keeps the search attributes current so the dashboard can filter files through visibility. */
  private publishAttributes(): void {
    const due = this.currentAppointment()?.date ?? null;
    const attributes = { status: this.status(), due, escalation: this.escalationLevel(), extended: this.s.apology !== null, holder: this.s.holder, outcome: this.outcome() };
    this.attributes.publish(attributes, () => [
      { key: SA.type, value: 'file' },
      { key: SA.jurisdiction, value: this.file.jurisdiction },
      { key: SA.leads, value: [this.s.holder] },
      { key: SA.status, value: attributes.status },
      { key: SA.due, value: due ? endOfVietnamDay(due) : null },
      { key: SA.escalation, value: attributes.escalation },
      { key: SA.extended, value: attributes.extended },
      { key: SA.outcome, value: attributes.outcome },
    ]);
  }

  private pruneDone(): void {
    const due = this.currentAppointment()?.date;
    this.s.done = this.s.done.filter((k) => due !== undefined && k.startsWith(`file@${due}:`));
  }
}

// ---------------------------------------------------------------- monthly report

export type MonthlyReportResult = { month: string; sentTo: string[]; asOf: IsoDate; sentAt: string };

/**
 * The monthly report of a month (default: the month before the workflow's start) to each
 * jurisdiction's Văn phòng UBND, sent at 08:00 on the first working day of the next month: started
 * earlier (a schedule on the 1st), the workflow waits until then. Idempotent per jurisdiction and
 * month (the message key), so a second run sends nothing new.
 */
export async function oneStopMonthlyReportWorkflow(month?: string): Promise<MonthlyReportResult> {
  const today = vietnamDateOf(Date.now());
  const target = month ?? previousMonth(today.slice(0, 7));
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(target)) throw ApplicationFailure.nonRetryable(`Tháng ${target} không hợp lệ: cần dạng YYYY-MM.`);
  const sendOn = await clock.oneStopFirstWorkingDay(nextMonth(target));
  const sendAt = vietnamInstant(sendOn, 8);
  const start = Date.now();
  if (sendAt.getTime() > start) await wf.sleep(sendAt.getTime() - start);
  const sentAt = new Date().toISOString();
  const asOf = vietnamDateOf(Date.now());
  const reports = await stores.oneStopMonthlyReports(target, asOf);
  const sentTo: string[] = [];
  for (const report of reports) {
    const jurisdiction = report.jurisdiction!;
    const title = 'Tình hình giải quyết hồ sơ một cửa và thực hiện xin lỗi khi trễ hẹn';
    await notifications.notify({
      key: `onestop-report:${jurisdiction}:${target}`,
      kind: 'monthly_report',
      to: [{ role: 'monitor', jurisdiction }],
      asOf,
      subject: {
        workflowId: wf.workflowInfo().workflowId,
        planTitle: 'quy định về gửi thư xin lỗi trong giải quyết thủ tục hành chính (khi có hồ sơ trễ hẹn)',
        title,
        product: null,
        lead: [],
        deadlineText: null,
        explanation: null,
        due: null,
      },
      details: { jurisdiction, period: monthLabel(target), ...reportFigures(report) },
    });
    sentTo.push(jurisdiction);
  }
  return { month: target, sentTo, asOf, sentAt };
}

function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
