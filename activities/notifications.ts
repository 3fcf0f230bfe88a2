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
import { IsoDateSchema, formatVietnamese, type IsoDate } from '../domain/dates';
import type { Directory, ContactRole } from '../domain/directory';
import type { NotifyRequest, NotifyResult } from '../domain/notification';
import { renderMessage, parseNotifyRequest, MessageInputError } from '../domain/messages/render';
import { renderDigest, isDigestKind } from '../domain/messages/digest';
import { deliveryFailureKey, deliveryFailureRequest } from '../domain/messages/failure';
import { contactsInRole, describeRecipient, findAgency, findJurisdiction, resolveRecipients, type ResolvedContact } from '../domain/messages/recipients';
import type { RenderedMessage } from '../domain/messages/layout';
import type { ParsedRequest } from '../domain/messages/templates';
import { createOutboxChannel, DeliveryError, type Address, type Channel } from './mail/channel';
import { composeEmail } from './mail/compose';
import { mailConfigFromEnv, outboxDirOf, parseFrom, redact, type MailConfig } from './mail/config';
import { DigestQueue } from './mail/digest-queue';
import { Outbox, type LedgerRecord, type LedgerStatus, type OutboxEntry } from './mail/outbox';
import { createSmtpChannel } from './mail/smtp';

export { NOTIFY_RETRY_POLICY, DIGEST_ACTIVITY_OPTIONS } from './mail/policy';

export type NotificationDeps = {
  /** The agency directory, read at every send so that a changed contact reaches running workflows. */
  directory: () => Promise<Directory>;
  /** Overrides of the settings read from the environment (SMTP_URL, MAIL_FROM, DASHBOARD_URL, DATA_DIR, …). */
  config?: Partial<MailConfig>;
  /** Delivery channel; default: SMTP when smtpUrl is set, else the outbox alone. */
  channel?: Channel;
  logger?: Logger;
  now?: () => Date;
};

export type DigestResult = {
  agencyId: string;
  agency: string;
  key: string;
  status: 'sent' | 'duplicate' | 'failed' | 'undeliverable';
  /** Notices listed in the digest. */
  items: number;
  recipients: string[];
};

export type NotificationActivities = {
  notify(request: NotifyRequest): Promise<NotifyResult>;
  sendDailyDigests(date: IsoDate): Promise<DigestResult[]>;
  reportDeliveryFailure(request: NotifyRequest, reason: string): Promise<NotifyResult>;
};

/** Error types a workflow sees in ActivityFailure.cause.type. */
export const ERROR_TYPES = {
  invalidRequest: 'InvalidNotifyRequest',
  deliveryFailed: 'DeliveryTemporarilyFailed',
  inProgress: 'SendInProgress',
} as const;

export function createNotificationActivities(deps: NotificationDeps): NotificationActivities {
  const config: MailConfig = { ...mailConfigFromEnv(), ...deps.config };
  const now = deps.now ?? (() => new Date());
  const outboxDir = outboxDirOf(config.dataDir);
  const outbox = new Outbox(outboxDir, { now });
  const queue = new DigestQueue(`${outboxDir}/queue`);
  const from = parseFrom(config.from, 'MAIL_FROM');
  const channel = deps.channel ?? (config.smtpUrl ? createSmtpChannel({ url: config.smtpUrl, tlsRejectUnauthorized: config.tlsRejectUnauthorized }) : createOutboxChannel(outboxDir));
  const baseLog = (deps.logger ?? pino({ level: process.env.LOG_LEVEL ?? 'info', base: { app: 'dondoc' } })).child({
    component: 'notifications',
    channel: channel.name,
  });
  baseLog.debug({ outboxDir, smtp: config.smtpUrl ? redact(config.smtpUrl) : null }, 'notification activities ready');

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

  function render(request: ParsedRequest, description: string): RenderedMessage {
    try {
      return renderMessage(request, description, { dashboardUrl: config.dashboardUrl });
    } catch (error) {
      throw invalid(error);
    }
  }

  // ---- notify ---------------------------------------------------------------------------------

  async function notify(input: NotifyRequest): Promise<NotifyResult> {
    const request = parseOrFail(input);
    const log = logFor({ key: request.key, kind: request.kind });
    const existing = await outbox.get(request.key);
    const settled = existing ? await settledResult(request, existing, log) : null;
    if (settled) return settled;
    return deliver(request, await deps.directory(), log);
  }

  /** The result for a message the ledger already settled, finishing any failure report it still owes. */
  async function settledResult(request: ParsedRequest, record: LedgerRecord, log: Logger): Promise<NotifyResult | null> {
    switch (record.status) {
      case 'sent':
        if (record.rejected.length > 0) await reportRejected(request, record.rejected, record.response, null, log);
        log.info({ recipients: record.recipients }, 'message already sent: not sending it again');
        return { key: request.key, status: 'duplicate', recipients: record.recipients };
      case 'queued':
      case 'digested':
        return { key: request.key, status: 'queued', recipients: record.recipients };
      case 'failed':
        await reportFailure(request, null, record.recipients.join(', ') || describeAll(null, request), failureReason(record.error), log);
        return { key: request.key, status: 'failed', recipients: [] };
      default:
        return null;
    }
  }

  async function deliver(request: ParsedRequest, directory: Directory, log: Logger): Promise<NotifyResult> {
    const resolution = resolveRecipients(directory, request.to);
    for (const f of resolution.fallbacks) log.warn(f, 'agency has no contact in the requested role: using its other role');

    if (resolution.undeliverable.length > 0) {
      log.warn({ undeliverable: resolution.undeliverable }, 'recipients cannot be reached');
      await reportFailure(
        request,
        directory,
        resolution.undeliverable.map((u) => u.who).join('; '),
        resolution.undeliverable.map((u) => u.reason).join('; '),
        log,
      );
    }

    const digested = isDigestKind(request.kind) ? resolution.contacts.filter((c) => c.digest && c.agencyId !== null) : [];
    const immediate = resolution.contacts.filter((c) => !digested.includes(c));
    const queuedFor = await queueForDigests(request, digested);
    const agencies = agenciesConcerned(request, resolution.contacts);

    if (immediate.length === 0) {
      if (queuedFor.length > 0) {
        await outbox.markNotSent(request.key, 'queued', {
          kind: request.kind,
          subject: render(request, resolution.description).subject,
          recipients: addresses(digested),
          agencies,
          queuedFor,
        });
        log.info({ queuedFor }, 'queued for the daily digest');
        return { key: request.key, status: 'queued', recipients: addresses(digested) };
      }
      const reason = resolution.undeliverable.map((u) => `${u.who}: ${u.reason}`).join('; ');
      await outbox.markNotSent(request.key, 'undeliverable', { kind: request.kind, subject: request.subject.title, recipients: [], agencies }, reason);
      log.error({ reason }, 'message has nobody to go to');
      return { key: request.key, status: 'undeliverable', recipients: [], undeliverable: resolution.undeliverable.map(({ who, reason }) => ({ who, reason })) };
    }

    const description = queuedFor.length > 0 ? describeContacts(immediate) : resolution.description;
    const result = await sendOnce({
      key: request.key,
      kind: request.kind,
      rendered: render(request, description),
      to: immediate.map(toAddress),
      agencies,
      queuedFor,
      log,
      onPermanentFailure: (reason) => reportFailure(request, directory, describeContacts(immediate), failureReason(reason), log),
      onRejected: (rejected, response) => reportRejected(request, rejected, response, directory, log),
    });
    return resolution.undeliverable.length > 0
      ? { ...result, undeliverable: resolution.undeliverable.map(({ who, reason }) => ({ who, reason })) }
      : result;
  }

  async function queueForDigests(request: ParsedRequest, contacts: ResolvedContact[]): Promise<string[]> {
    const byAgency = new Map<string, { name: string; roles: Set<ContactRole> }>();
    for (const c of contacts) {
      if (c.agencyId === null || c.role === 'chair') continue;
      const entry = byAgency.get(c.agencyId) ?? { name: c.agencyName, roles: new Set<ContactRole>() };
      entry.roles.add(c.role);
      byAgency.set(c.agencyId, entry);
    }
    for (const [agencyId, { name, roles }] of byAgency) {
      await queue.add({ key: request.key, agencyId, agencyName: name, roles: [...roles], request, queuedAt: now().toISOString() });
    }
    return [...byAgency.keys()];
  }

  // ---- the exactly-once send ----------------------------------------------------------------

  type SendPlan = {
    key: string;
    kind: ParsedRequest['kind'];
    rendered: RenderedMessage;
    to: Address[];
    agencies: string[];
    queuedFor: string[];
    log: Logger;
    onPermanentFailure: (reason: string) => Promise<void>;
    onRejected: (rejected: string[], response: string | null) => Promise<void>;
  };

  /**
   * Claim ('sending') → store the .eml → send → record 'sent'. A temporary failure records
   * 'retrying' and throws a retryable error; a permanent one records 'failed' and reports it.
   */
  async function sendOnce(plan: SendPlan): Promise<NotifyResult> {
    const { key, log } = plan;
    const recipients = plan.to.map((a) => a.address);
    const claim = await outbox.claim(key, { kind: plan.kind, subject: plan.rendered.subject, recipients, agencies: plan.agencies, queuedFor: plan.queuedFor });
    if (claim.outcome === 'sent') return { key, status: 'duplicate', recipients: claim.record.recipients };
    if (claim.outcome === 'failed') return { key, status: 'failed', recipients: [] };
    if (claim.outcome === 'busy') {
      const lease = claim.record.lease;
      throw ApplicationFailure.retryable(
        `message "${key}" is being sent by another attempt (pid ${lease?.pid} on ${lease?.host}, claim valid until ${lease?.until})`,
        ERROR_TYPES.inProgress,
      );
    }
    if (claim.record.attempts > 1) log.warn({ attempts: claim.record.attempts }, 'resending a message whose earlier attempt did not record its outcome');

    let receipt;
    try {
      const message = await composeEmail({ key, kind: plan.kind, from, to: plan.to, rendered: plan.rendered, date: now() });
      await outbox.storeEml(key, message.raw);
      receipt = await channel.send(message);
    } catch (error) {
      const failure = error instanceof DeliveryError ? error : new DeliveryError(errorText(error), false);
      if (failure.permanent) {
        await outbox.markFailed(key, failure.message);
        log.error({ error: failure.message, recipients }, 'message refused permanently: reporting to the monitoring office');
        await plan.onPermanentFailure(failure.message);
        return { key, status: 'failed', recipients: [] };
      }
      await outbox.markRetrying(key, failure.message);
      log.warn({ error: failure.message }, 'delivery failed for now: Temporal will retry');
      throw ApplicationFailure.retryable(`delivery of "${key}" failed, to be retried: ${failure.message}`, ERROR_TYPES.deliveryFailed);
    }
    await outbox.markSent(key, receipt);
    log.info({ recipients: receipt.accepted, rejected: receipt.rejected, response: receipt.response }, 'message sent');
    if (receipt.rejected.length > 0) await plan.onRejected(receipt.rejected, receipt.response);
    return { key, status: 'sent', recipients: receipt.accepted };
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
    await deliver(parsed, directory, log.child({ report: parsed.key }));
  }

  async function reportRejected(request: ParsedRequest, rejected: string[], response: string | null, directory: Directory | null, log: Logger) {
    await reportFailure(request, directory, rejected.join(', '), `máy chủ thư từ chối địa chỉ${response ? ` (${response})` : ''}`, log);
  }

  /** The jurisdictions whose monitoring offices hear of a failure: the request's, else its recipients'. */
  function jurisdictionsOf(request: ParsedRequest, directory: Directory): string[] {
    const given = request.details.jurisdiction;
    if (given) return [given];
    const found = new Set<string>();
    for (const r of request.to) {
      if ('jurisdiction' in r) {
        const j = findJurisdiction(directory, r.jurisdiction);
        if (j) found.add(j.id);
      } else {
        const agency = findAgency(directory, r.agency);
        if (agency) found.add(agency.jurisdiction);
      }
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

  // ---- daily digests ----------------------------------------------------------------------------

  async function sendDailyDigests(date: IsoDate): Promise<DigestResult[]> {
    if (!IsoDateSchema.safeParse(date).success) {
      throw ApplicationFailure.nonRetryable(`sendDailyDigests needs a date like 2025-12-31 (got ${JSON.stringify(date)})`, ERROR_TYPES.invalidRequest);
    }
    const directory = await deps.directory();
    const results: DigestResult[] = [];
    let retryLater: unknown = null;
    for (const agencyId of await queue.agencies()) {
      heartbeat({ agencyId, date });
      const key = `digest:${agencyId}:${date}`;
      const log = logFor({ key, kind: 'daily_digest', agencyId });
      try {
        const result = await sendDigest(agencyId, date, key, directory, log);
        if (result) results.push(result);
      } catch (error) {
        if (error instanceof ApplicationFailure && error.nonRetryable) throw error;
        log.warn({ error: errorText(error) }, 'digest not sent: the other agencies go on, this one is retried');
        retryLater ??= error;
      }
    }
    if (retryLater) throw retryLater;
    return results;
  }

  async function sendDigest(agencyId: string, date: IsoDate, key: string, directory: Directory, log: Logger): Promise<DigestResult | null> {
    const existing = await outbox.get(key);
    if (existing?.status === 'sent' || existing?.status === 'failed') {
      // Already settled: list nothing new; finish marking its notices if a crash interrupted that.
      const listed = await queue.batch(agencyId, date);
      if (existing.status === 'sent') for (const n of listed) await outbox.markDigested(n.key, key);
      const agencyName = directory.agencies.find((a) => a.id === agencyId)?.name ?? listed[0]?.agencyName ?? agencyId;
      return {
        agencyId,
        agency: agencyName,
        key,
        status: existing.status === 'sent' ? 'duplicate' : 'failed',
        items: listed.length,
        recipients: existing.status === 'sent' ? existing.recipients : [],
      };
    }
    const notices = await queue.gather(agencyId, date);
    if (notices.length === 0) return null;
    const agency = directory.agencies.find((a) => a.id === agencyId);
    const agencyName = agency?.name ?? notices[0]!.agencyName;
    const roles = [...new Set(notices.flatMap((n) => n.roles))];
    const contacts = agency ? dedupe(roles.flatMap((role) => contactsInRole(agency, role).contacts)) : [];
    const pseudo = digestAsRequest(key, agencyId, agencyName, date, agency?.jurisdiction ?? notices[0]!.request.details.jurisdiction);
    const base = { agencyId, agency: agencyName, key, items: notices.length };

    if (contacts.length === 0) {
      const reason = agency ? `${agency.name} chưa có địa chỉ thư điện tử trong danh bạ` : `không tìm thấy cơ quan “${agencyName}” (${agencyId}) trong danh bạ`;
      await reportFailure(pseudo, directory, agencyName, reason, log, config.dashboardUrl);
      await outbox.markNotSent(key, 'undeliverable', { kind: 'daily_digest', subject: `Tổng hợp ngày ${formatVietnamese(date)}`, recipients: [], agencies: [agencyName, agencyId] }, reason);
      return { ...base, status: 'undeliverable', recipients: [] };
    }

    let rendered: RenderedMessage;
    try {
      rendered = renderDigest({ agency: agencyName, date, items: notices.map((n) => n.request), recipientsDescription: agencyName }, { dashboardUrl: config.dashboardUrl });
    } catch (error) {
      throw invalid(error);
    }
    const result = await sendOnce({
      key,
      kind: 'daily_digest',
      rendered,
      to: contacts.map((c) => ({ name: c.name, address: c.email })),
      agencies: [agencyName, agencyId],
      queuedFor: [],
      log,
      onPermanentFailure: (reason) => reportFailure(pseudo, directory, agencyName, failureReason(reason), log, config.dashboardUrl),
      onRejected: (rejected, response) =>
        reportFailure(pseudo, directory, rejected.join(', '), `máy chủ thư từ chối địa chỉ${response ? ` (${response})` : ''}`, log, config.dashboardUrl),
    });
    if (result.status === 'sent' || result.status === 'duplicate') {
      for (const n of notices) await outbox.markDigested(n.key, key);
    }
    const status = result.status === 'sent' || result.status === 'duplicate' || result.status === 'failed' ? result.status : 'undeliverable';
    return { ...base, status, recipients: result.recipients };
  }

  /** A digest described as a request, for the report sent when it cannot be delivered. */
  function digestAsRequest(key: string, agencyId: string, agencyName: string, date: IsoDate, jurisdiction: string | undefined): ParsedRequest {
    return parseNotifyRequest({
      key,
      kind: 'daily_digest',
      to: [{ role: 'officer', agency: agencyName }],
      subject: {
        workflowId: `digest:${agencyId}`,
        planTitle: null,
        title: `Bản tổng hợp nhắc việc ngày ${formatVietnamese(date)} của ${agencyName}`,
        product: null,
        lead: [agencyName],
        deadlineText: null,
        explanation: null,
        due: null,
      },
      asOf: date,
      details: jurisdiction ? { jurisdiction } : {},
    });
  }

  return { notify, sendDailyDigests, reportDeliveryFailure };
}

// ---- helpers ------------------------------------------------------------------------------------

function invalid(error: unknown): ApplicationFailure {
  if (error instanceof ApplicationFailure) return error;
  const message = error instanceof MessageInputError ? error.message : errorText(error);
  return ApplicationFailure.nonRetryable(message, ERROR_TYPES.invalidRequest);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function failureReason(error: string | null): string {
  return error ? `gửi không thành công (${error})` : 'gửi không thành công';
}

function toAddress(c: ResolvedContact): Address {
  return { name: c.name, address: c.email };
}

function addresses(contacts: ResolvedContact[]): string[] {
  return contacts.map((c) => c.email);
}

function dedupe<T extends { email: string }>(contacts: T[]): T[] {
  const seen = new Set<string>();
  return contacts.filter((c) => {
    const k = c.email.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** "Kính gửi" line for contacts: their agencies (heads as "Thủ trưởng …"), or the chair by name. */
function describeContacts(contacts: ResolvedContact[]): string {
  const names = contacts.map((c) => (c.role === 'chair' ? `đồng chí ${c.name}` : c.role === 'head' ? `Thủ trưởng ${c.agencyName}` : c.agencyName));
  return [...new Set(names)].join('; ');
}

function describeAll(directory: Directory | null, request: ParsedRequest): string {
  return request.to.map((r) => describeRecipient(directory, r)).join('; ');
}

/** Names and ids a message concerns, for listing the outbox by agency. */
function agenciesConcerned(request: ParsedRequest, contacts: ResolvedContact[]): string[] {
  const names = new Set<string>();
  for (const c of contacts) {
    names.add(c.agencyName);
    if (c.agencyId) names.add(c.agencyId);
  }
  for (const r of request.to) if ('agency' in r) names.add(r.agency);
  return [...names];
}

// ---- the default instance, for `typeof import('./notifications')` in workflow code ---------------

let defaultActivities: NotificationActivities | undefined;

/**
 * Sets the dependencies of the module-level `notify`, `sendDailyDigests` and
 * `reportDeliveryFailure` (the worker calls this once at start).
 */
export function configureNotifications(deps: NotificationDeps): NotificationActivities {
  defaultActivities = createNotificationActivities(deps);
  return defaultActivities;
}

function configured(): NotificationActivities {
  if (!defaultActivities) {
    throw new Error('notification activities are not configured: call configureNotifications({ directory }) or use createNotificationActivities');
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

/** The outbox, newest first: what was sent, queued or failed, each with its `.eml` file. */
export async function listOutbox(
  options: { agency?: string; limit?: number; status?: LedgerStatus; dataDir?: string } = {},
): Promise<OutboxEntry[]> {
  const dataDir = options.dataDir ?? mailConfigFromEnv().dataDir;
  return new Outbox(outboxDirOf(dataDir)).list(options);
}
