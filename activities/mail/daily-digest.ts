/**
 * sendDailyDigests(date): for each agency with queued notices, one email listing them, sent once
 * per agency and day under the key `digest:<agency-id>:<date>`.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { Logger } from 'pino';
import { IsoDateSchema, formatVietnamese, type IsoDate } from '../../domain/dates';
import type { Directory } from '../../domain/directory';
import type { NotifyResult } from '../../domain/notification';
import { renderDigest } from '../../domain/messages/digest';
import { parseNotifyRequest } from '../../domain/messages/render';
import { contactsInRole } from '../../domain/messages/recipients';
import type { ParsedRequest } from '../../domain/messages/templates';
import { dedupeByEmail, failureReason, refusedReason, toAddress } from './addressing';
import type { DigestQueue } from '../../storage/digest-queue';
import type { Outbox } from '../../storage/outbox';
import { ERROR_TYPES, errorText, type SendPlan } from './send-once';

export type DigestResult = {
  agencyId: string;
  agency: string;
  key: string;
  status: 'sent' | 'duplicate' | 'failed' | 'undeliverable';
  /** Notices listed in the digest. */
  items: number;
  recipients: string[];
};

export type DigestDeps = {
  outbox: Outbox;
  queue: DigestQueue;
  dashboardUrl: string;
  directory: () => Promise<Directory>;
  send: (plan: SendPlan) => Promise<NotifyResult>;
  /** Tells the monitoring office that `original` missed `who` (idempotent). */
  reportFailure: (original: ParsedRequest, directory: Directory, who: string, reason: string, log: Logger, link?: string) => Promise<void>;
  logFor: (fields: Record<string, unknown>) => Logger;
  heartbeat: (details: unknown) => void;
  /** Turns a rendering error into the activity's non-retryable error. */
  invalid: (error: unknown) => Error;
};

export function digestKey(agencyId: string, date: IsoDate): string {
  return `digest:${agencyId}:${date}`;
}

/**
 * When one agency's digest fails for now, the others are still sent and the call then throws the
 * retryable error, so that Temporal retries the rest (the sent ones are duplicates by then).
 */
export async function sendDailyDigests(deps: DigestDeps, date: IsoDate): Promise<DigestResult[]> {
  if (!IsoDateSchema.safeParse(date).success) {
    throw ApplicationFailure.nonRetryable(`sendDailyDigests needs a date like 2025-12-31 (got ${JSON.stringify(date)})`, ERROR_TYPES.invalidRequest);
  }
  const directory = await deps.directory();
  const results: DigestResult[] = [];
  let retryLater: unknown = null;
  for (const agencyId of await deps.queue.agencies()) {
    deps.heartbeat({ agencyId, date });
    const key = digestKey(agencyId, date);
    const log = deps.logFor({ key, kind: 'daily_digest', agencyId });
    try {
      const result = await sendDigest(deps, agencyId, date, directory, log);
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

async function sendDigest(deps: DigestDeps, agencyId: string, date: IsoDate, directory: Directory, log: Logger): Promise<DigestResult | null> {
  const { outbox, queue } = deps;
  const key = digestKey(agencyId, date);
  const existing = await outbox.get(key);
  if (existing?.status === 'sent' || existing?.status === 'failed') {
    // Already settled: gather nothing new; finish marking its notices if a crash interrupted that.
    const listed = await queue.batch(agencyId, date);
    if (existing.status === 'sent') for (const n of listed) await outbox.markDigested(n.key, key);
    return {
      agencyId,
      agency: directory.agencies.find((a) => a.id === agencyId)?.name ?? listed[0]?.agencyName ?? agencyId,
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
  const contacts = agency ? dedupeByEmail(roles.flatMap((role) => contactsInRole(agency, role).contacts)) : [];
  const asRequest = digestAsRequest(key, agencyId, agencyName, date, agency?.jurisdiction ?? notices[0]!.request.details.jurisdiction);
  const base = { agencyId, agency: agencyName, key, items: notices.length };

  if (contacts.length === 0) {
    const reason = agency ? `${agency.name} chưa có địa chỉ thư điện tử trong danh bạ` : `không tìm thấy cơ quan “${agencyName}” (${agencyId}) trong danh bạ`;
    await deps.reportFailure(asRequest, directory, agencyName, reason, log, deps.dashboardUrl);
    await outbox.markNotSent(key, 'undeliverable', { kind: 'daily_digest', subject: `Tổng hợp ngày ${formatVietnamese(date)}`, recipients: [], agencies: [agencyName, agencyId] }, reason);
    return { ...base, status: 'undeliverable', recipients: [] };
  }

  let rendered;
  try {
    rendered = renderDigest({ agency: agencyName, date, items: notices.map((n) => n.request), recipientsDescription: agencyName }, { dashboardUrl: deps.dashboardUrl });
  } catch (error) {
    throw deps.invalid(error);
  }
  const result = await deps.send({
    key,
    kind: 'daily_digest',
    rendered,
    to: contacts.map(toAddress),
    agencies: [agencyName, agencyId],
    queuedFor: [],
    log,
    onPermanentFailure: (reason) => deps.reportFailure(asRequest, directory, agencyName, failureReason(reason), log, deps.dashboardUrl),
    onRejected: (rejected, response) => deps.reportFailure(asRequest, directory, rejected.join(', '), refusedReason(response), log, deps.dashboardUrl),
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
