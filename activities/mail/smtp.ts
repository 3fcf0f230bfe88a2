/** Email over SMTP with nodemailer: sends the exact bytes the outbox stored. */
import nodemailer from 'nodemailer';
import { DeliveryError, type Channel, type Receipt } from './channel';

export type SmtpChannelOptions = {
  /** smtp://user:pass@host:587 or smtps://user:pass@host:465 */
  url: string;
  /** false accepts self-signed certificates (SMTP_TLS_REJECT_UNAUTHORIZED=false). */
  tlsRejectUnauthorized: boolean;
  connectionTimeoutMs?: number;
  socketTimeoutMs?: number;
};

export type SmtpChannel = Channel & { close(): void };

export function createSmtpChannel(options: SmtpChannelOptions): SmtpChannel {
  const transport = nodemailer.createTransport({
    url: options.url,
    tls: { rejectUnauthorized: options.tlsRejectUnauthorized },
    connectionTimeout: options.connectionTimeoutMs ?? 30_000,
    greetingTimeout: options.connectionTimeoutMs ?? 30_000,
    socketTimeout: options.socketTimeoutMs ?? 60_000,
  });
  return {
    name: 'smtp',
    async send(message): Promise<Receipt> {
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
