/**
 * An SMTP server on 127.0.0.1 that accepts every message and keeps it (in memory, and as an .eml
 * file when given a directory): the mail catcher of `npm run cluster`, where docker-compose runs
 * Mailpit. It can be taken down and brought back on the same port, as an outage of the real server.
 */
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type KeptMessage = { messageId: string | undefined; from: string; to: string[]; raw: Buffer; receivedAt: number };

export type SmtpSink = {
  port: number;
  /** SMTP_URL for dondoc. */
  url: string;
  /** Every message accepted, in order. */
  messages: KeptMessage[];
  /** Messages per Message-ID. */
  copies(): Map<string, number>;
  /** Stops listening and drops open connections: senders get "connection refused" until up(). */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  stop(): Promise<void>;
};

export async function startSmtpSink(options: { port?: number; dir?: string } = {}): Promise<SmtpSink> {
  if (options.dir) mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  const messages: KeptMessage[] = [];
  // Files are numbered on from those a previous run left in the directory.
  let filed = options.dir ? readdirSync(options.dir).filter((f) => f.endsWith('.eml')).length : 0;
  let server: SMTPServer | undefined;
  let port = options.port ?? 0;

  const listen = async () => {
    const next = new SMTPServer({
      logger: false,
      disabledCommands: ['STARTTLS', 'AUTH'],
      authOptional: true,
      // down() must drop the senders' open connections at once, as a crashed server would.
      closeTimeout: 100,
      size: 50 * 1024 * 1024,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          const message = {
            messageId: headerOf(raw, 'message-id'),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw,
            receivedAt: Date.now(),
          };
          if (options.dir) writeFileSync(join(options.dir, `${String(++filed).padStart(7, '0')}.eml`), raw, { mode: 0o600 });
          messages.push(message);
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => resolve());
    });
    // A sender killed mid-session is not the sink's failure.
    next.on('error', () => undefined);
    port = (next.server.address() as AddressInfo).port;
    server = next;
  };
  const close = async () => {
    const current = server;
    server = undefined;
    if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
  };

  await listen();
  return {
    get port() {
      return port;
    },
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    messages,
    copies() {
      const counts = new Map<string, number>();
      for (const m of messages) if (m.messageId) counts.set(m.messageId, (counts.get(m.messageId) ?? 0) + 1);
      return counts;
    },
    down: close,
    async up() {
      if (!server) await listen();
    },
    stop: close,
  };
}

/** One header's raw value (unfolded), from the message's head. */
function headerOf(raw: Buffer, name: string): string | undefined {
  const head = raw.subarray(0, Math.max(0, raw.indexOf('\r\n\r\n'))).toString('latin1').replace(/\r\n[ \t]+/g, ' ');
  const line = head.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name}:`));
  return line?.slice(name.length + 1).trim();
}
