/**
 * The exactly-once send: claim the key in the ledger ('sending'), store the .eml, hand it to the
 * channel, record 'sent'. See docs/messages.md for what a retry does after a crash at each step.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { Logger } from 'pino';
import type { MessageKind, NotifyResult } from '../../domain/notification';
import type { RenderedMessage } from '../../domain/messages/layout';
import { DeliveryError, type Address, type Channel } from './channel';
import { composeEmail } from './compose';
import type { LedgerRecord, Outbox } from '../../storage/outbox';

/** Error types a workflow sees in ActivityFailure.cause.type. */
export const ERROR_TYPES = {
  invalidRequest: 'InvalidNotifyRequest',
  deliveryFailed: 'DeliveryTemporarilyFailed',
  inProgress: 'SendInProgress',
} as const;

export type SendDeps = { outbox: Outbox; channel: Channel; from: Address; now: () => Date };

export type SendPlan = {
  key: string;
  kind: MessageKind;
  rendered: RenderedMessage;
  to: Address[];
  /** Names and ids of the agencies concerned, for listing the outbox by agency. */
  agencies: string[];
  /** Agency ids whose part of the message waits for their digest. */
  queuedFor: string[];
  log: Logger;
  /** The result for a message the ledger had already settled (default: `settledAs`). */
  settled?: (record: LedgerRecord) => Promise<NotifyResult>;
  /** Called after a permanent refusal was recorded: report it. */
  onPermanentFailure: (reason: string) => Promise<void>;
  /** Called after a send that some recipients refused: report them. */
  onRejected: (rejected: string[], response: string | null) => Promise<void>;
};

/**
 * A temporary failure records 'retrying' and throws a retryable ApplicationFailure; a permanent one
 * records 'failed', reports it and returns status 'failed'. Refusals are reported (messages of their
 * own) once this message's outcome is recorded.
 */
export async function sendOnce(deps: SendDeps, plan: SendPlan): Promise<NotifyResult> {
  const { result, report } = await transmit(deps, plan);
  await report?.();
  return result;
}

type Transmitted = { result: NotifyResult; report?: () => Promise<void> };

async function transmit(deps: SendDeps, plan: SendPlan): Promise<Transmitted> {
  const { outbox, channel } = deps;
  const { key, log } = plan;
  const recipients = plan.to.map((a) => a.address);
  // Composed first, so that the claim stores the message as it will be sent, in the same statement.
  const message = await composeEmail({ key, kind: plan.kind, from: deps.from, to: plan.to, rendered: plan.rendered, date: deps.now() });
  const claim = await outbox.claim(key, { kind: plan.kind, subject: plan.rendered.subject, recipients, agencies: plan.agencies, queuedFor: plan.queuedFor, eml: message.raw });
  if (claim.outcome === 'settled') return { result: await (plan.settled?.(claim.record) ?? settledAs(claim.record)) };
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
    receipt = await channel.send(message);
  } catch (error) {
    const failure = error instanceof DeliveryError ? error : new DeliveryError(errorText(error), false);
    if (failure.permanent) {
      await outbox.markFailed(key, failure.message);
      log.error({ error: failure.message, recipients }, 'message refused permanently: reporting to the monitoring office');
      return { result: { key, status: 'failed', recipients: [] }, report: () => plan.onPermanentFailure(failure.message) };
    }
    await outbox.markRetrying(key, failure.message);
    log.warn({ error: failure.message }, 'delivery failed for now: Temporal will retry');
    throw ApplicationFailure.retryable(`delivery of "${key}" failed, to be retried: ${failure.message}`, ERROR_TYPES.deliveryFailed);
  }
  await outbox.markSent(key, receipt);
  log.info({ recipients: receipt.accepted, rejected: receipt.rejected, response: receipt.response }, 'message sent');
  const result: NotifyResult = { key, status: 'sent', recipients: receipt.accepted };
  return receipt.rejected.length > 0 ? { result, report: () => plan.onRejected(receipt.rejected, receipt.response) } : { result };
}

/** What a message the ledger settled earlier answers: sent (a duplicate now), failed, or in a digest. */
export function settledAs(record: LedgerRecord): NotifyResult {
  if (record.status === 'sent') return { key: record.key, status: 'duplicate', recipients: record.recipients };
  if (record.status === 'failed') return { key: record.key, status: 'failed', recipients: [] };
  return { key: record.key, status: 'queued', recipients: record.recipients };
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
