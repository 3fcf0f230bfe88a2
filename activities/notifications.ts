/**
 * The notification activities: `notify` sends one message exactly once (by its key), in
 * Vietnamese, to recipients looked up in the directory at send time; agencies in digest mode get
 * their routine notices in one daily email (`sendDailyDigests`); a message that cannot be
 * delivered is recorded and reported to the monitoring office (`reportDeliveryFailure`).
 *
 * The functions are plain async functions: they run under Temporal (retries, heartbeats) and in
 * tests alike. The protocol that makes a send exactly-once is described in docs/messages.md.
 */
import { ApplicationFailure, asyncLocalStorage } from '@temporalio/activity';
import { pino, type Logger } from 'pino';
import { vietnamDateOf, type IsoDate } from '../domain/dates';
import type { Directory, ContactRole } from '../domain/directory';
import type { NotifyRequest, NotifyResult } from '../domain/notification';
import { renderMessage, parseNotifyRequest, MessageInputError } from '../domain/messages/render';
import { isDigestKind } from '../domain/messages/digest';
import { isFileSubject } from '../domain/messages/facts';
import { currentCalendar } from './calendar';
import { deliveryFailureKey, deliveryFailureRequest } from '../domain/messages/failure';
import { findAgency, findJurisdiction, resolveRecipients, type ResolvedContact } from '../domain/messages/recipients';
import type { RenderedMessage } from '../domain/messages/layout';
import type { ParsedRequest } from '../domain/messages/templates';
import { agenciesConcerned, describeAll, describeContacts, emails, failureReason, refusedReason, toAddress } from './mail/addressing';
import { createOutboxChannel, type Channel } from './mail/channel';
import { mailConfigFromEnv, parseFrom, redact, type MailConfig } from './mail/config';
import { sendDailyDigests as sendDigests, type DigestResult } from './mail/daily-digest';
import type { Database } from '../storage';
import { DigestQueue } from '../storage/digest-queue';
import { Outbox, isSettled, type LedgerRecord, type ListOptions, type OutboxEntry } from '../storage/outbox';
import { ERROR_TYPES, errorText, sendOnce, settledAs, type SendPlan } from './mail/send-once';
import { createSmtpChannel } from './mail/smtp';
import { TemplateStore, TemplateStoreError } from '../storage/templates';
import { parseTemplateRef } from '../domain/templates/policy';
import type { MessageTexts } from '../domain/messages/custom-texts';
import type { Template } from '../domain/templates/schema';
import { UserStore, type AccountSummary } from '../storage/accounts';
import { routeToAccount } from './mail/account-recipient';

export { NOTIFY_RETRY_POLICY, DIGEST_ACTIVITY_OPTIONS } from './mail/policy';
export { ERROR_TYPES } from './mail/send-once';
export type { DigestResult } from './mail/daily-digest';
export type { OutboxEntry, LedgerStatus, OutboxCursor } from '../storage/outbox';

export type NotificationDeps = {
  /** dondoc's database: the outbox ledger and the digest queue. */
  db: Database;
  /** The agency directory, read at every send so that a changed contact reaches running workflows. */
  directory: () => Promise<Directory>;
  /** Overrides of the settings read from the environment (SMTP_URL, MAIL_FROM, DASHBOARD_URL, …). */
  config?: Partial<MailConfig>;
  /** Delivery channel; default: SMTP when smtpUrl is set, else the outbox alone. */
  channel?: Channel;
  logger?: Logger;
  now?: () => Date;
};

export type NotificationActivities = {
  notify(request: NotifyRequest): Promise<NotifyResult>;
  sendDailyDigests(date: IsoDate): Promise<DigestResult[]>;
  reportDeliveryFailure(request: NotifyRequest, reason: string): Promise<NotifyResult>;
};

/** Whom a message goes to, as `address` found them in the directory at send time. */
type Addressed = {
  request: ParsedRequest;
  directory: Directory;
  resolution: { contacts: ResolvedContact[]; description: string };
  texts: MessageTexts | undefined;
  undeliverable: { who: string; reason: string }[];
  /** Contacts whose agency takes routine notices in its daily digest. */
  digested: ResolvedContact[];
  immediate: ResolvedContact[];
  /** Everyone reached now: nobody in a digest, nobody missing. */
  immediateOnly: boolean;
};

export function createNotificationActivities(deps: NotificationDeps): NotificationActivities {
  const config: MailConfig = { ...mailConfigFromEnv(), ...deps.config };
  const now = deps.now ?? (() => new Date());
  const outbox = new Outbox(deps.db, { now });
  const queue = new DigestQueue(deps.db);
  const from = parseFrom(config.from, 'MAIL_FROM');
  const channel =
    deps.channel ??
    (config.smtpUrl ? createSmtpChannel({ url: config.smtpUrl, tlsRejectUnauthorized: config.tlsRejectUnauthorized }) : createOutboxChannel());
  const baseLog = (deps.logger ?? pino({ level: process.env.LOG_LEVEL ?? 'info', base: { app: 'dondoc' } })).child({
    component: 'notifications',
    channel: channel.name,
  });
  baseLog.debug({ smtp: config.smtpUrl ? redact(config.smtpUrl) : null }, 'notification activities ready');

  const send = (plan: SendPlan) => sendOnce({ outbox, channel, from, now }, plan);

  /** A child logger with the Temporal attempt number when running as an activity. */
  function logFor(fields: Record<string, unknown>): Logger {
    const ctx = asyncLocalStorage.getStore();
    return baseLog.child(ctx ? { ...fields, attempt: ctx.info.attempt, activityId: ctx.info.activityId } : fields);
  }

  function heartbeat(details: unknown): void {
    asyncLocalStorage.getStore()?.heartbeat(details);
  }

  function parseOrFail(input: NotifyRequest): ParsedRequest {
    try {
      return parseNotifyRequest(input);
    } catch (error) {
      throw invalid(error);
    }
  }

  /**
   * Renders the message as of the moment it is sent: its status line and its day counts use the
   * later of `asOf` (the day the workflow meant) and today in Vietnam, so a notice sent late, or
   * the third of three escalations sent seconds apart, states today's facts. The monthly report
   * keeps its date: its figures were computed for it.
   */
  function render(request: ParsedRequest, description: string, texts?: MessageTexts): RenderedMessage {
    try {
      return renderMessage(atSendTime(request), description, { dashboardUrl: config.dashboardUrl, calendar: currentCalendar(), texts });
    } catch (error) {
      throw invalid(error);
    }
  }

  function atSendTime(request: ParsedRequest): ParsedRequest {
    if (request.kind === 'monthly_report') return request;
    const today = vietnamDateOf(now());
    return today > request.asOf ? { ...request, asOf: today } : request;
  }

  const templates = new TemplateStore(deps.db);
  const users = new UserStore(deps.db);
  /** Template versions never change once saved: each is read once per process. */
  const templateCache = new Map<string, Promise<Template | undefined>>();

  /** The template version a task follows (`details.template`), if it names one that exists. */
  function templateOf(request: ParsedRequest): Promise<Template | undefined> {
    const ref = parseTemplateRef(request.details.template);
    if (!ref) return Promise.resolve(undefined);
    const key = `${ref.id}@${ref.version}`;
    let found = templateCache.get(key);
    if (!found) {
      found = templates.get(ref.id, ref.version).then(
        (v) => v.template,
        (error: unknown) => {
          templateCache.delete(key);
          // A version that is not there (a database restored from before it): the default texts and roles, not a message stuck in retries.
          if (error instanceof TemplateStoreError) {
            baseLog.warn({ template: key }, 'template version not found: default texts');
            return undefined;
          }
          throw error;
        },
      );
      templateCache.set(key, found);
    }
    return found;
  }

  /** The texts of the template version a task follows, if it names one. */
  async function templateTexts(request: ParsedRequest): Promise<MessageTexts | undefined> {
    const ref = parseTemplateRef(request.details.template);
    if (!ref) return undefined;
    return (await templateOf(request))?.messages ?? {};
  }

  /** The account with this login (disabled ones too), or null. */
  async function findAccount(login: string): Promise<AccountSummary | null> {
    return (await users.accounts({ login }))[0] ?? null;
  }

  // ---- notify ---------------------------------------------------------------------------------

  async function notify(input: NotifyRequest): Promise<NotifyResult> {
    const request = parseOrFail(input);
    const log = logFor({ key: request.key, kind: request.kind });
    const target = await address(request, await deps.directory(), log);
    // Everyone reached now and nobody missing, as nearly every message: the claim itself leaves a
    // settled message alone and says how it ended, one statement fewer per send (issue 17).
    if (target.immediateOnly) return dispatch(target, log);
    const existing = await outbox.get(request.key);
    if (existing && isSettled(existing.status)) return settledResult(request, existing, log);
    return dispatch(target, log, existing?.queuedFor ?? []);
  }

  /** The result for a message the ledger already settled, finishing any failure report it still owes. */
  async function settledResult(request: ParsedRequest, record: LedgerRecord, log: Logger): Promise<NotifyResult> {
    if (record.status === 'sent') {
      if (record.rejected.length > 0) await reportFailure(request, null, record.rejected.join(', '), refusedReason(record.response), log);
      log.info({ recipients: record.recipients }, 'message already sent: not sending it again');
    }
    if (record.status === 'failed') await reportFailure(request, null, record.recipients.join(', ') || describeAll(null, request), failureReason(record.error), log);
    return settledAs(record);
  }

  /** Who a message goes to: now, in a digest, or nobody (and why). */
  async function address(asked: ParsedRequest, directory: Directory, log: Logger): Promise<Addressed> {
    // A level naming an account goes to its address, or to the monitoring office saying why.
    const routing = await routeToAccount(asked, await templateOf(asked), findAccount);
    const request = routing.kind === 'fallback' ? routing.request : asked;
    if (routing.kind === 'fallback')
      log.warn({ account: routing.login, reason: routing.reason }, 'level names an account that cannot receive it: monitoring office');
    const resolution =
      routing.kind === 'account'
        ? { contacts: [routing.contact], undeliverable: [], description: routing.description, fallbacks: [] }
        : resolveRecipients(directory, request.to, { jurisdiction: request.details.jurisdiction });
    for (const f of resolution.fallbacks) log.warn(f, 'agency has no contact in the requested role: using its other role');
    const undeliverable = resolution.undeliverable.map(({ who, reason }) => ({ who, reason }));
    // A one-stop file's warnings go out at once: its appointment is days away, not weeks.
    const digestible = isDigestKind(request.kind) && !isFileSubject(request.subject);
    const digested = digestible ? resolution.contacts.filter((c) => c.digest && c.agencyId !== null) : [];
    const immediate = resolution.contacts.filter((c) => !digested.includes(c));
    const immediateOnly = immediate.length > 0 && digested.length === 0 && undeliverable.length === 0;
    return { request, directory, resolution, texts: await templateTexts(request), undeliverable, digested, immediate, immediateOnly };
  }

  /** Sends a message to whom `address` found. @param alreadyQueued agencies an earlier attempt queued it for (not queued twice). */
  async function dispatch(target: Addressed, log: Logger, alreadyQueued: string[] = []): Promise<NotifyResult> {
    const { request, directory, resolution, texts, undeliverable, digested, immediate } = target;
    // Reported first: a retry after the main send would find the key sent and return early.
    if (undeliverable.length > 0) {
      log.warn({ undeliverable }, 'recipients cannot be reached');
      await reportFailure(request, directory, undeliverable.map((u) => u.who).join('; '), undeliverable.map((u) => u.reason).join('; '), log);
    }

    const queuedFor = await queueForDigests(request, digested, alreadyQueued);
    const agencies = agenciesConcerned(request, resolution.contacts);

    if (immediate.length === 0 && queuedFor.length > 0) {
      const subject = render(request, resolution.description, texts).subject;
      await outbox.markNotSent(request.key, 'queued', { kind: request.kind, subject, recipients: emails(digested), agencies, queuedFor });
      log.info({ queuedFor }, 'queued for the daily digest');
      return { key: request.key, status: 'queued', recipients: emails(digested) };
    }
    if (immediate.length === 0) {
      const reason = undeliverable.map((u) => `${u.who}: ${u.reason}`).join('; ');
      await outbox.markNotSent(request.key, 'undeliverable', { kind: request.kind, subject: request.subject.title, recipients: [], agencies }, reason);
      log.error({ reason }, 'message has nobody to go to');
      return { key: request.key, status: 'undeliverable', recipients: [], undeliverable };
    }

    const result = await send({
      key: request.key,
      kind: request.kind,
      rendered: render(request, queuedFor.length > 0 ? describeContacts(immediate) : resolution.description, texts),
      to: immediate.map(toAddress),
      agencies,
      queuedFor,
      log,
      settled: (record) => settledResult(request, record, log),
      onPermanentFailure: (reason) => reportFailure(request, directory, describeContacts(immediate), failureReason(reason), log),
      onRejected: (rejected, response) => reportFailure(request, directory, rejected.join(', '), refusedReason(response), log),
    });
    return undeliverable.length > 0 ? { ...result, undeliverable } : result;
  }

  async function queueForDigests(request: ParsedRequest, contacts: ResolvedContact[], alreadyQueued: string[]): Promise<string[]> {
    const byAgency = new Map<string, { name: string; roles: Set<ContactRole> }>();
    for (const c of contacts) {
      if (c.agencyId === null || c.role === 'chair') continue;
      const entry = byAgency.get(c.agencyId) ?? { name: c.agencyName, roles: new Set<ContactRole>() };
      entry.roles.add(c.role);
      byAgency.set(c.agencyId, entry);
    }
    for (const [agencyId, { name, roles }] of byAgency) {
      // A retry must not queue again a notice that a digest may already have taken.
      if (alreadyQueued.includes(agencyId)) continue;
      await queue.add({ key: request.key, agencyId, agencyName: name, roles: [...roles], request, queuedAt: now().toISOString() });
    }
    return [...byAgency.keys()];
  }

  // ---- failure reports ------------------------------------------------------------------------

  /**
   * Tells the monitoring office(s) that `original` missed `who`. Idempotent: the report has its
   * own key. With no jurisdiction to tell, the report is kept in the outbox as undeliverable.
   */
  async function reportFailure(original: ParsedRequest, known: Directory | null, who: string, reason: string, log: Logger, link?: string): Promise<void> {
    if (original.kind === 'delivery_failed') {
      log.error({ who, reason }, 'a delivery failure report could not be delivered: see the outbox');
      return;
    }
    const reportKey = deliveryFailureKey(original.key);
    const existing = await outbox.get(reportKey);
    if (existing?.status === 'sent' || existing?.status === 'failed') return;
    const directory = known ?? (await deps.directory());
    const report = deliveryFailureRequest(original, { failedRecipients: who, reason, jurisdictions: jurisdictionsOf(original, directory), link });
    if (report === null) {
      log.error({ who, reason }, 'undeliverable message and no jurisdiction whose monitoring office could be told');
      await outbox.markNotSent(
        reportKey,
        'undeliverable',
        { kind: 'delivery_failed', subject: `[Không gửi được thông báo] ${original.subject.title}`, recipients: [], agencies: agenciesConcerned(original, []) },
        `no jurisdiction to report to; missed: ${who}; reason: ${reason}`,
      );
      return;
    }
    const parsed = parseNotifyRequest(report);
    const reportLog = log.child({ report: parsed.key });
    await dispatch(await address(parsed, directory, reportLog), reportLog);
  }

  /** The jurisdictions whose monitoring offices hear of a failure: the request's, else its recipients'. */
  function jurisdictionsOf(request: ParsedRequest, directory: Directory): string[] {
    const given = request.details.jurisdiction;
    if (given) return [given];
    const found = new Set<string>();
    for (const r of request.to) {
      const id = 'jurisdiction' in r ? findJurisdiction(directory, r.jurisdiction)?.id : findAgency(directory, r.agency)?.jurisdiction;
      if (id) found.add(id);
    }
    return [...found];
  }

  async function reportDeliveryFailure(input: NotifyRequest, reason: string): Promise<NotifyResult> {
    const request = parseOrFail(input);
    const log = logFor({ key: request.key, kind: request.kind });
    const existing = await outbox.get(request.key);
    if (existing?.status === 'sent') return { key: request.key, status: 'duplicate', recipients: existing.recipients };
    if (existing?.status === 'queued' || existing?.status === 'digested') return { key: request.key, status: 'queued', recipients: existing.recipients };
    const directory = await deps.directory();
    const record = await outbox.markFailed(request.key, reason, {
      kind: request.kind,
      subject: request.subject.title,
      recipients: [],
      agencies: agenciesConcerned(request, []),
    });
    log.error({ reason }, 'workflow gave up on this message: reporting to the monitoring office');
    const who = record.recipients.length > 0 ? record.recipients.join(', ') : describeAll(directory, request);
    await reportFailure(request, directory, who, failureReason(reason), log);
    return { key: request.key, status: 'failed', recipients: [] };
  }

  return {
    notify,
    reportDeliveryFailure,
    sendDailyDigests: (date) =>
      sendDigests({ outbox, queue, dashboardUrl: config.dashboardUrl, directory: deps.directory, send, reportFailure, logFor, heartbeat, invalid }, date),
  };
}

/** A rendering or validation error as the non-retryable error Temporal must not retry. */
function invalid(error: unknown): ApplicationFailure {
  if (error instanceof ApplicationFailure) return error;
  const message = error instanceof MessageInputError ? error.message : errorText(error);
  return ApplicationFailure.nonRetryable(message, ERROR_TYPES.invalidRequest);
}

// ---- the default instance, for `typeof import('./notifications')` in workflow code ---------------

let defaultActivities: NotificationActivities | undefined;

/**
 * Sets the dependencies of the module-level `notify`, `sendDailyDigests` and
 * `reportDeliveryFailure`, for a worker that registers this module's functions directly.
 */
export function configureNotifications(deps: NotificationDeps): NotificationActivities {
  defaultActivities = createNotificationActivities(deps);
  return defaultActivities;
}

function configured(): NotificationActivities {
  if (!defaultActivities) {
    throw new Error('notification activities are not configured: call configureNotifications({ db, directory }) or use createNotificationActivities');
  }
  return defaultActivities;
}

export function notify(request: NotifyRequest): Promise<NotifyResult> {
  return configured().notify(request);
}

export function sendDailyDigests(date: IsoDate): Promise<DigestResult[]> {
  return configured().sendDailyDigests(date);
}

export function reportDeliveryFailure(request: NotifyRequest, reason: string): Promise<NotifyResult> {
  return configured().reportDeliveryFailure(request, reason);
}

/**
 * The outbox, newest first: what was sent, queued or failed, and whether its `.eml` is kept; at
 * most `limit` (default 200, at most 1000) after the `before` cursor.
 */
export async function listOutbox(db: Database, options: ListOptions = {}): Promise<OutboxEntry[]> {
  return new Outbox(db).list(options);
}

/** One message of the outbox as it was (or would have been) sent, RFC 5322; null when there is none. */
export async function readOutboxMessage(db: Database, key: string): Promise<{ record: LedgerRecord; eml: Buffer | null } | null> {
  const outbox = new Outbox(db);
  const record = await outbox.get(key);
  return record ? { record, eml: await outbox.readEml(key) } : null;
}
