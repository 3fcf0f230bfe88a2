/**
 * Test support for the notification tests: a real SMTP server on 127.0.0.1 (smtp-server) that
 * stores what it receives and can be told to refuse, and a small MIME reader (mailparser is not
 * installed) that decodes what the tests assert on: headers, encoded words, quoted-printable and
 * base64 bodies, multipart alternatives.
 */
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirectorySchema, type Directory } from '../domain/directory';
import type { NotifyRequest } from '../domain/notification';

// ---- MIME ---------------------------------------------------------------------------------------

export type MimePart = {
  headers: Map<string, string[]>;
  contentType: string;
  params: Record<string, string>;
  body: Buffer;
  parts: MimePart[];
};

export type ParsedMail = {
  raw: string;
  header(name: string): string | undefined;
  subject: string;
  messageId: string | undefined;
  /** Leaf parts, depth first. */
  leaves: MimePart[];
  text: string;
  html: string;
};

export function parseMail(raw: Buffer | string): ParsedMail {
  const text = Buffer.isBuffer(raw) ? raw.toString('latin1') : Buffer.from(raw, 'utf8').toString('latin1');
  const root = parsePart(text);
  const leaves: MimePart[] = [];
  const walk = (p: MimePart) => (p.parts.length ? p.parts.forEach(walk) : leaves.push(p));
  walk(root);
  const leaf = (type: string) => leaves.find((l) => l.contentType === type);
  // Line breaks as a mail client shows them (CRLF on the wire).
  const decodeLeaf = (p: MimePart | undefined) =>
    p ? p.body.toString((p.params.charset ?? 'utf-8').toLowerCase() === 'utf-8' ? 'utf8' : 'latin1').replace(/\r\n/g, '\n') : '';
  const header = (name: string) => root.headers.get(name.toLowerCase())?.[0];
  return {
    raw: Buffer.isBuffer(raw) ? raw.toString('utf8') : raw,
    header: (name) => {
      const v = header(name);
      return v === undefined ? undefined : decodeWords(v);
    },
    subject: decodeWords(header('subject') ?? ''),
    messageId: header('message-id')?.trim(),
    leaves,
    text: decodeLeaf(leaf('text/plain')),
    html: decodeLeaf(leaf('text/html')),
  };
}

/** Parses a part given as a latin1 string (one char per byte). */
function parsePart(source: string): MimePart {
  const split = source.search(/\r?\n\r?\n/);
  const head = split < 0 ? source : source.slice(0, split);
  const body = split < 0 ? '' : source.slice(split).replace(/^\r?\n\r?\n/, '');
  const headers = new Map<string, string[]>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  const [contentType, params] = parseHeaderValue(headers.get('content-type')?.[0] ?? 'text/plain; charset=us-ascii');
  const encoding = (headers.get('content-transfer-encoding')?.[0] ?? '7bit').toLowerCase();
  if (contentType.startsWith('multipart/') && params.boundary) {
    const boundary = `--${params.boundary}`;
    const sections = body.split(boundary).slice(1);
    const parts = sections.filter((s) => !s.startsWith('--')).map((s) => parsePart(s.replace(/^\r?\n/, '').replace(/\r?\n$/, '')));
    return { headers, contentType, params, body: Buffer.alloc(0), parts };
  }
  return { headers, contentType, params, body: decodeBody(body, encoding), parts: [] };
}

function parseHeaderValue(value: string): [string, Record<string, string>] {
  const [type, ...rest] = value.split(';');
  const params: Record<string, string> = {};
  for (const p of rest) {
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    params[p.slice(0, eq).trim().toLowerCase()] = p.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
  }
  return [type!.trim().toLowerCase(), params];
}

function decodeBody(body: string, encoding: string): Buffer {
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64');
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
  return Buffer.from(body, 'latin1');
}

function decodeQuotedPrintable(text: string): Buffer {
  const unwrapped = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < unwrapped.length; i++) {
    const c = unwrapped[i]!;
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(unwrapped.slice(i + 1, i + 3))) {
      bytes.push(parseInt(unwrapped.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(c.charCodeAt(0));
  }
  return Buffer.from(bytes);
}

/** RFC 2047 encoded words; whitespace between two encoded words is dropped. */
export function decodeWords(value: string): string {
  const decoded = value.replace(/(=\?[^?]+\?[QqBb]\?[^?]*\?=)\s+(?==\?)/g, '$1').replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_m, charset: string, enc: string, data: string) => {
    const bytes = enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64') : decodeQuotedPrintable(data.replace(/_/g, ' '));
    return bytes.toString(charset.toLowerCase() === 'utf-8' ? 'utf8' : 'latin1');
  });
  return decoded; // nodemailer encodes every non-ASCII header character, so the rest is ASCII
}

// ---- SMTP server ------------------------------------------------------------------------------

export type Received = { from: string; to: string[]; raw: Buffer; mail: ParsedMail };

export type TestSmtp = {
  port: number;
  url: string;
  received: Received[];
  /** Refuse the next `count` messages at the end of DATA with this reply. */
  refuseNext(count: number, code: number, message: string): void;
  /** Refuse these recipients at RCPT TO with 550. */
  rejectRecipient(address: string): void;
  /** Runs before a connection is greeted; the greeting waits for it. */
  onConnect?: () => Promise<void>;
  /** Runs after a message was read and before the server replies 250. */
  beforeAccept?: () => Promise<void>;
  /** Messages whose DATA ended, accepted or not. */
  dataCount: number;
  close(): Promise<void>;
};

export async function startSmtpServer(options: { auth?: { user: string; pass: string }; starttls?: boolean } = {}): Promise<TestSmtp> {
  let refuse: { count: number; code: number; message: string } | null = null;
  const rejected = new Set<string>();
  const state: TestSmtp = {
    port: 0,
    url: '',
    received: [],
    dataCount: 0,
    refuseNext(count, code, message) {
      refuse = { count, code, message };
    },
    rejectRecipient(address) {
      rejected.add(address.toLowerCase());
    },
    close: async () => undefined,
  };
  const serverOptions: SMTPServerOptions = {
    logger: false,
    disabledCommands: options.starttls ? [] : ['STARTTLS'],
    authOptional: !options.auth,
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass) return callback(null, { user: auth.username });
      callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onConnect(_session, callback) {
      const hook = state.onConnect;
      if (!hook) return callback();
      hook().then(() => callback(), callback);
    },
    onRcptTo(address, _session, callback) {
      if (rejected.has(address.address.toLowerCase())) return callback(Object.assign(new Error('No such user here'), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        state.dataCount++;
        const raw = Buffer.concat(chunks);
        if (refuse && refuse.count > 0) {
          refuse.count--;
          return callback(Object.assign(new Error(refuse.message), { responseCode: refuse.code }));
        }
        const accept = () => {
          state.received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw,
            mail: parseMail(raw),
          });
          callback();
        };
        const hook = state.beforeAccept;
        if (hook) hook().then(accept, callback);
        else accept();
      });
    },
  };
  const server = new SMTPServer(serverOptions);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  server.on('error', () => undefined); // a client killed mid-session is not a test failure
  state.port = (server.server.address() as AddressInfo).port;
  const credentials = options.auth ? `${encodeURIComponent(options.auth.user)}:${encodeURIComponent(options.auth.pass)}@` : '';
  state.url = `smtp://${credentials}127.0.0.1:${state.port}`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}

// ---- fixtures -----------------------------------------------------------------------------------

export async function tempDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'dondoc-notify-'));
}

export const ADDR = {
  monitorOfficer: 'theodoi@vpubnd.hue.gov.vn',
  monitorHead: 'chanhvanphong@vpubnd.hue.gov.vn',
  chair: 'chutich@hue.gov.vn',
  justiceOfficer: 'vanthu@stp.hue.gov.vn',
  justiceHead: 'giamdoc@stp.hue.gov.vn',
  homeOfficer: 'cchc@snv.hue.gov.vn',
  homeHead: 'giamdoc@snv.hue.gov.vn',
} as const;

export function testDirectory(): Directory {
  return DirectorySchema.parse({
    jurisdictions: [
      {
        id: 'thua-thien-hue',
        name: 'tỉnh Thừa Thiên Huế',
        monitor: 'vp-ubnd-tinh',
        chair: { name: 'Nguyễn Văn Phương', email: ADDR.chair, title: 'Chủ tịch UBND tỉnh Thừa Thiên Huế' },
      },
    ],
    agencies: [
      {
        id: 'vp-ubnd-tinh',
        name: 'Văn phòng UBND tỉnh',
        jurisdiction: 'thua-thien-hue',
        aliases: ['VP UBND tỉnh'],
        contacts: {
          officer: [{ name: 'Trần Thị Theo Dõi', email: ADDR.monitorOfficer }],
          head: [{ name: 'Lê Văn Chánh', email: ADDR.monitorHead, title: 'Chánh Văn phòng' }],
        },
      },
      {
        id: 'so-tu-phap',
        name: 'Sở Tư pháp',
        jurisdiction: 'thua-thien-hue',
        aliases: ['STP'],
        contacts: { officer: [{ name: 'Hồ Thị Văn Thư', email: ADDR.justiceOfficer }], head: [{ name: 'Phan Văn Giám', email: ADDR.justiceHead }] },
      },
      {
        id: 'so-noi-vu',
        name: 'Sở Nội vụ',
        jurisdiction: 'thua-thien-hue',
        digest: true,
        contacts: { officer: [{ name: 'Đặng Thị Cải Cách', email: ADDR.homeOfficer }], head: [{ name: 'Võ Văn Đốc', email: ADDR.homeHead }] },
      },
      { id: 'so-xay-dung', name: 'Sở Xây dựng', jurisdiction: 'thua-thien-hue' },
    ],
    groups: [{ id: 'cac-so', name: 'Các sở, ban, ngành cấp tỉnh', jurisdiction: 'thua-thien-hue', members: ['so-tu-phap', 'so-noi-vu'] }],
  });
}

export const TITLE = 'Xây dựng và ban hành Kế hoạch kiểm soát TTHC năm 2026';

/** A reminder for task IV.1 of seed 001, 7 days before its deadline. */
export function reminder(overrides: Partial<NotifyRequest> & { agency?: string } = {}): NotifyRequest {
  const { agency = 'Sở Tư pháp', ...rest } = overrides;
  return {
    key: `task:3322-qd-ubnd-2024:IV.1:reminder:2025-12-23:${agency}`,
    kind: 'reminder',
    to: [{ role: 'officer', agency }],
    subject: {
      workflowId: 'task:3322-qd-ubnd-2024:IV.1',
      planTitle: 'Kế hoạch cải cách hành chính tỉnh Thừa Thiên Huế năm 2025',
      title: TITLE,
      product: 'Kế hoạch',
      lead: [agency],
      deadlineText: 'Trước ngày 31/12/2025',
      explanation: '“Trước ngày 31/12/2025”: hạn cuối là ngày 30/12/2025.',
      due: '2025-12-30',
    },
    asOf: '2025-12-23',
    details: { jurisdiction: 'thua-thien-hue' },
    ...rest,
  };
}

/**
 * 09:00 in Vietnam on the reminder's day: a message states its facts as of the day it is sent, so
 * tests that assert "Còn 7 ngày" send on that day.
 */
export const REMINDER_DAY_MORNING = new Date('2025-12-23T02:00:00Z');

export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
