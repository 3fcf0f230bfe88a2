/**
 * The embedded default: with no SMTP server configured, messages are delivered to the outbox in
 * dondoc's database, where each is kept as a readable .eml.
 */
import { describe, expect, it } from 'vitest';
import { readdir } from 'node:fs/promises';
import { pino } from 'pino';
import { createNotificationActivities, listOutbox, readOutboxMessage } from '../activities/notifications';
import { mailConfigFromEnv } from '../activities/mail/config';
import { messageIdFor } from '../storage/outbox';
import { ADDR, REMINDER_DAY_MORNING, TITLE, parseMail, reminder, tempDataDir, testDirectory } from './notifications.support';
import { useOutboxDatabase } from './notifications.database';

const db = useOutboxDatabase();

function outboxActivities() {
  return createNotificationActivities({
    db: db(),
    directory: async () => testDirectory(),
    config: { smtpUrl: null },
    logger: pino({ level: 'silent' }),
    now: () => REMINDER_DAY_MORNING,
  });
}

describe('outbox mode (no SMTP_URL)', () => {
  it('keeps each message as a readable .eml with Vietnamese text, and lists it', async () => {
    const result = await outboxActivities().notify(reminder());
    expect(result).toMatchObject({ status: 'sent', recipients: [ADDR.justiceOfficer] });

    const [entry, ...rest] = await listOutbox(db());
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({ kind: 'reminder', status: 'sent', channel: 'outbox', response: 'kept in the outbox', hasEml: true, subject: `[Nhắc việc] Còn 7 ngày: ${TITLE}` });
    expect(entry!.messageId).toBe(messageIdFor(entry!.key));
    const mail = parseMail((await readOutboxMessage(db(), entry!.key))!.eml!);
    expect(mail.subject).toBe(`[Nhắc việc] Còn 7 ngày: ${TITLE}`);
    expect(mail.header('to')).toBe(`Hồ Thị Văn Thư <${ADDR.justiceOfficer}>`);
    expect(mail.header('from')).toBe('dondoc <dondoc@localhost>');
    expect(mail.messageId).toBe(entry!.messageId);
    expect(mail.text).toContain('còn 7 ngày (tính từ ngày 23/12/2025)');
    expect(mail.html).toContain('http://127.0.0.1:3000/tasks/task%3A3322-qd-ubnd-2024%3AIV.1');
  });

  it('keeps one message per key', async () => {
    const a = outboxActivities();
    await a.notify(reminder());
    expect((await a.notify(reminder())).status).toBe('duplicate');
    expect((await outboxActivities().notify(reminder())).status).toBe('duplicate');
    expect(await listOutbox(db())).toHaveLength(1);
  });

  it('writes no file: the data directory stays empty', async () => {
    const dataDir = await tempDataDir();
    const previous = process.env.DATA_DIR;
    process.env.DATA_DIR = dataDir;
    try {
      await outboxActivities().notify(reminder({ key: 'no-files' }));
    } finally {
      if (previous === undefined) delete process.env.DATA_DIR;
      else process.env.DATA_DIR = previous;
    }
    expect(await readdir(dataDir)).toEqual([]);
    expect((await listOutbox(db())).map((e) => e.key)).toEqual(['no-files']);
  });

  it('lists by agency (name, alias-free id or any case) and with a limit, newest first', async () => {
    let clock = Date.parse('2025-12-23T01:00:00Z');
    const a = createNotificationActivities({
      db: db(),
      directory: async () => testDirectory(),
      config: { smtpUrl: null },
      logger: pino({ level: 'silent' }),
      now: () => new Date((clock += 60_000)),
    });
    await a.notify(reminder({ key: 'a' }));
    await a.notify(reminder({ key: 'b', agency: 'Văn phòng UBND tỉnh' }));
    await a.notify(reminder({ key: 'c' }));
    expect((await listOutbox(db(), { agency: 'sở tư pháp' })).map((e) => e.key)).toEqual(['c', 'a']);
    expect((await listOutbox(db(), { agency: 'so-tu-phap', limit: 1 })).map((e) => e.key)).toEqual(['c']);
    expect((await listOutbox(db(), { agency: 'Văn phòng UBND tỉnh' })).map((e) => e.key)).toEqual(['b']);
    expect((await listOutbox(db())).map((e) => e.key)).toEqual(['c', 'b', 'a']);
    expect(await listOutbox(db(), { agency: 'Sở Xây dựng' })).toEqual([]);
  });
});

describe('mail configuration from the environment', () => {
  it('defaults to the outbox, the local sender and the local dashboard', () => {
    const c = mailConfigFromEnv({});
    expect(c).toEqual({ smtpUrl: null, tlsRejectUnauthorized: true, from: '"dondoc" <dondoc@localhost>', dashboardUrl: 'http://127.0.0.1:3000' });
  });

  it('reads SMTP_URL, SMTP_TLS_REJECT_UNAUTHORIZED, MAIL_FROM and DASHBOARD_URL', () => {
    const c = mailConfigFromEnv({
      SMTP_URL: 'smtp://mailpit:1025',
      SMTP_TLS_REJECT_UNAUTHORIZED: 'false',
      MAIL_FROM: '"Văn phòng UBND tỉnh" <vpubnd@hue.gov.vn>',
      DASHBOARD_URL: 'https://dondoc.hue.gov.vn/',
    });
    expect(c).toEqual({
      smtpUrl: 'smtp://mailpit:1025',
      tlsRejectUnauthorized: false,
      from: '"Văn phòng UBND tỉnh" <vpubnd@hue.gov.vn>',
      dashboardUrl: 'https://dondoc.hue.gov.vn',
    });
  });

  it('names the bad variable and hides the password', () => {
    expect(() => mailConfigFromEnv({ SMTP_URL: 'http://user:secret@host' })).toThrow(/SMTP_URL must look like smtp:\/\/user:pass@host:587/);
    expect(() => mailConfigFromEnv({ SMTP_URL: 'http://user:secret@host' })).toThrow(/got "http:\/\/user:\*\*\*@host"/);
    expect(() => mailConfigFromEnv({ SMTP_URL: 'mail.example:25' })).toThrow(/SMTP_URL/);
    expect(() => mailConfigFromEnv({ SMTP_TLS_REJECT_UNAUTHORIZED: 'maybe' })).toThrow(/SMTP_TLS_REJECT_UNAUTHORIZED must be true or false/);
    expect(() => mailConfigFromEnv({ MAIL_FROM: 'not an address' })).toThrow(/MAIL_FROM must be one address/);
    expect(() => mailConfigFromEnv({ DASHBOARD_URL: 'dondoc.local' })).toThrow(/DASHBOARD_URL must be an absolute URL/);
  });
});
