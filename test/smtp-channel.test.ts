/**
 * The SMTP channel against a real SMTP server on 127.0.0.1: a burst of messages (a worker sends a
 * reminder burst from up to 100 local activities at once) opens no more connections at a time than
 * the channel's bound, and every message still arrives.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSmtpChannel } from '../activities/mail/smtp';
import { DeliveryError, type OutgoingMessage } from '../activities/mail/channel';
import { startSmtpServer, type TestSmtp } from './notifications.support';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function message(n: number): OutgoingMessage {
  const text = `Nhắc việc số ${n}`;
  return {
    key: `burst:${n}`,
    messageId: `<burst-${n}@dondoc>`,
    from: { name: 'dondoc', address: 'dondoc@thuathienhue.example' },
    to: [{ name: 'Sở Tư pháp', address: 'so-tu-phap@thuathienhue.example' }],
    subject: text,
    text,
    html: `<p>${text}</p>`,
    raw: Buffer.from(`Message-ID: <burst-${n}@dondoc>\r\nSubject: burst ${n}\r\n\r\n${text}\r\n`),
  };
}

describe('SMTP channel', () => {
  let smtp: TestSmtp | undefined;
  afterEach(async () => {
    await smtp?.close();
  });

  it('holds a burst to its bound of open connections, and delivers every message once', async () => {
    smtp = await startSmtpServer();
    let open = 0;
    let most = 0;
    // Each message is held at the end of DATA for a moment, so that the burst overlaps.
    smtp.beforeAccept = async () => {
      most = Math.max(most, ++open);
      await sleep(30);
      open--;
    };
    const channel = createSmtpChannel({ url: smtp.url, tlsRejectUnauthorized: true, maxConnections: 3 });
    const receipts = await Promise.all(Array.from({ length: 12 }, (_, n) => channel.send(message(n))));
    channel.close();

    expect(most).toBe(3);
    expect(receipts.every((r) => r.accepted.length === 1)).toBe(true);
    expect(smtp.received.map((m) => m.raw.toString('utf8').match(/Subject: burst (\d+)/)?.[1]).sort((a, b) => Number(a) - Number(b))).toEqual(
      Array.from({ length: 12 }, (_, n) => String(n)),
    );
  });

  it('does not send a message that waited too long for a connection: a temporary failure, retried later', async () => {
    smtp = await startSmtpServer();
    smtp.beforeAccept = () => sleep(300);
    const channel = createSmtpChannel({ url: smtp.url, tlsRejectUnauthorized: true, maxConnections: 1, maxQueueWaitMs: 100 });
    const [first, second] = await Promise.allSettled([channel.send(message(1)), channel.send(message(2))]);
    channel.close();

    expect(first.status).toBe('fulfilled');
    expect(second.status).toBe('rejected');
    const error = (second as PromiseRejectedResult).reason as DeliveryError;
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error.permanent).toBe(false);
    expect(smtp.dataCount).toBe(1);
  });
});
