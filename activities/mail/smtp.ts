/** Email over SMTP with nodemailer: sends the exact bytes the outbox stored. */
import nodemailer from 'nodemailer';
import pLimit from 'p-limit';
import { DeliveryError, type Channel, type Receipt } from './channel';

export type SmtpChannelOptions = {
  /** smtp://user:pass@host:587 or smtps://user:pass@host:465 */
  url: string;
  /** false accepts self-signed certificates (SMTP_TLS_REJECT_UNAUTHORIZED=false). */
  tlsRejectUnauthorized: boolean;
  connectionTimeoutMs?: number;
  socketTimeoutMs?: number;
  /** SMTP connections open at once; the others wait their turn (default SMTP_MAX_CONNECTIONS). */
  maxConnections?: number;
  /** A message that waited longer for a connection is not sent: a temporary failure, retried later (default 45 s). */
  maxQueueWaitMs?: number;
};

/**
 * SMTP connections one worker opens at once. Reminders that a workflow's own timer sends are local
 * activities, up to 100 at once in a burst: more connections than many mail servers take from one
 * client (Postfix: 50), which would refuse the rest for a retry later. 20 is as many as the worker
 * runs activities (worker/worker.ts), the bound before reminders were local activities.
 */
export const SMTP_MAX_CONNECTIONS = 20;

/**
 * The outbox's claim on a message lasts 3 minutes (storage/outbox.ts DEFAULT_LEASE_MS), counted
 * from before the wait for a connection: 45 s of waiting and the SMTP timeouts of one send (2 min)
 * stay inside it, so no other attempt takes the claim over while this one may still send.
 */
const MAX_QUEUE_WAIT_MS = 45_000;

export type SmtpChannel = Channel & { close(): void };

export function createSmtpChannel(options: SmtpChannelOptions): SmtpChannel {
  const transport = nodemailer.createTransport({
    url: options.url,
    tls: { rejectUnauthorized: options.tlsRejectUnauthorized },
    connectionTimeout: options.connectionTimeoutMs ?? 30_000,
    greetingTimeout: options.connectionTimeoutMs ?? 30_000,
    socketTimeout: options.socketTimeoutMs ?? 60_000,
  });
  const limit = pLimit(options.maxConnections ?? SMTP_MAX_CONNECTIONS);
  const maxWaitMs = options.maxQueueWaitMs ?? MAX_QUEUE_WAIT_MS;
  return {
    name: 'smtp',
    send(message) {
      const queuedAt = Date.now();
      return limit(async (): Promise<Receipt> => {
        const waitedMs = Date.now() - queuedAt;
        if (waitedMs > maxWaitMs)
          throw new DeliveryError(`no SMTP connection free after ${Math.round(waitedMs / 1000)} s (${limit.concurrency} in use)`, false);
        try {
          const info = await transport.sendMail({
            envelope: { from: message.from.address, to: message.to.map((a) => a.address) },
            raw: message.raw,
          });
          return {
            channel: 'smtp',
            accepted: info.accepted.map(addressText),
            rejected: info.rejected.map(addressText),
            response: info.response,
          };
        } catch (error) {
          throw classifySmtpError(error);
        }
      });
    },
    close() {
      transport.close();
    },
  };
}

function addressText(a: string | { address: string }): string {
  return typeof a === 'string' ? a : a.address;
}

type SmtpError = Error & { code?: string; responseCode?: number; command?: string; response?: string };

/**
 * Permanent: a 5xx refusal of the recipients or of the message itself, or a message too large
 * for the server; resending the same message cannot succeed. Everything else (4xx replies,
 * connection, TLS and authentication errors, a refused sender address) is worth retrying: it is
 * the server's or the configuration's state, which an administrator can fix while Temporal retries.
 */
export function classifySmtpError(error: unknown): DeliveryError {
  const e = error as SmtpError;
  const code = e.responseCode ?? null;
  const refusedContent = code !== null && code >= 500 && (e.command === 'RCPT TO' || e.command === 'DATA');
  const tooLarge = e.code === 'EMESSAGE' && code === null && e.command === 'MAIL FROM';
  const detail = [e.code, e.command, e.message].filter(Boolean).join(' ');
  return new DeliveryError(detail || String(error), refusedContent || tooLarge, code);
}
