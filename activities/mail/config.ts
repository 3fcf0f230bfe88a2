/** Mail settings from the environment, checked once, with errors naming the variable. */
import addressparser from 'nodemailer/lib/addressparser';
import { DEFAULT_DASHBOARD_URL } from '../../domain/messages/render';
import type { Address } from './channel';

export type MailConfig = {
  /** null: no SMTP server, messages stay in the outbox. */
  smtpUrl: string | null;
  tlsRejectUnauthorized: boolean;
  /** The From header, e.g. `"dondoc" <dondoc@localhost>`. */
  from: string;
  dashboardUrl: string;
};

export const DEFAULT_MAIL_FROM = '"dondoc" <dondoc@localhost>';

export class MailConfigError extends Error {
  override name = 'MailConfigError';
}

export function mailConfigFromEnv(env: NodeJS.ProcessEnv = process.env): MailConfig {
  const smtpUrl = env.SMTP_URL?.trim() || null;
  if (smtpUrl !== null && !/^smtps?:\/\/[^\s/]+/.test(smtpUrl)) {
    throw new MailConfigError(`SMTP_URL must look like smtp://user:pass@host:587 or smtps://host:465 (got "${redact(smtpUrl)}")`);
  }
  const tls = (env.SMTP_TLS_REJECT_UNAUTHORIZED ?? 'true').trim().toLowerCase();
  if (!['true', 'false', '1', '0'].includes(tls)) {
    throw new MailConfigError(`SMTP_TLS_REJECT_UNAUTHORIZED must be true or false (got "${env.SMTP_TLS_REJECT_UNAUTHORIZED}")`);
  }
  const from = env.MAIL_FROM?.trim() || DEFAULT_MAIL_FROM;
  parseFrom(from, 'MAIL_FROM');
  const dashboardUrl = (env.DASHBOARD_URL?.trim() || DEFAULT_DASHBOARD_URL).replace(/\/+$/, '');
  if (!URL.canParse(dashboardUrl)) throw new MailConfigError(`DASHBOARD_URL must be an absolute URL (got "${dashboardUrl}")`);
  return {
    smtpUrl,
    tlsRejectUnauthorized: tls === 'true' || tls === '1',
    from,
    dashboardUrl,
  };
}

/** The single mailbox of a From value; throws naming `where` when there is none. */
export function parseFrom(from: string, where = 'from'): Address {
  const mailboxes = addressparser(from, { flatten: true });
  const first = mailboxes[0];
  if (mailboxes.length !== 1 || !first || !/^[^@\s]+@[^@\s]+$/.test(first.address)) {
    throw new MailConfigError(`${where} must be one address like "dondoc" <dondoc@example.gov.vn> (got "${from}")`);
  }
  return { name: first.name, address: first.address };
}

/** The URL with its password hidden, for messages and logs. */
export function redact(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/]*:)[^@/]*@/i, '$1***@');
}
