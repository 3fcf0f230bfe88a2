/** The outbox: every message dondoc sent or would have sent, listed and readable as .eml. */
import { z } from 'zod';
import { listOutbox, readOutboxMessage, type OutboxCursor, type OutboxEntry } from '../activities/notifications';
import { LEDGER_STATUSES, MAX_LIST_LIMIT } from '../storage/outbox';
import type { Database } from '../storage';
import { userOf, type User } from './auth';
import type { Access } from './access';
import { ApiError, notFound } from './errors';
import { CursorSchema, download, errors, OutboxEntrySchema, page } from './contract/schemas';
import type { ApiApp } from './server';

const ListSchema = z.object({
  agency: z.string().max(200).optional(),
  status: z.enum(LEDGER_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_LIST_LIMIT).default(100),
  /** The `next` of the previous page. */
  cursor: CursorSchema.optional(),
  before: z.string().max(600).optional().describe('Tên cũ của `cursor`.'),
});

/** What an entry shows: the server's reply (it names server paths) is for admins and monitors only. */
function shown<T extends { response: string | null }>(user: User, entry: T): T | Omit<T, 'response'> {
  if (user.role !== 'agency') return entry;
  const { response: _, ...rest } = entry;
  return rest;
}

/** A page cursor as the client passes it back: opaque base64url JSON. */
function encodeCursor(entry: OutboxEntry): string {
  return Buffer.from(JSON.stringify({ createdAt: entry.createdAt, key: entry.key } satisfies OutboxCursor)).toString('base64url');
}

function decodeCursor(text: string): OutboxCursor {
  const parsed = z.object({ createdAt: z.string().datetime(), key: z.string().min(1).max(300) }).safeParse(
    (() => {
      try {
        return JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
      } catch {
        return null;
      }
    })(),
  );
  if (!parsed.success) throw new ApiError(400, 'Tham số “before” không hợp lệ: hãy dùng giá trị “next” của trang trước.');
  return parsed.data;
}

export function registerOutboxRoutes(app: ApiApp, deps: { db: Database; access: Access }): void {
  const { access, db } = deps;

  app.get(
    '/outbox',
    {
      config: { access: { roles: 'any' } },
      schema: {
        summary: 'Thư đã gửi hoặc sẽ gửi, mới nhất trước, trong phạm vi của tài khoản; phân trang bằng con trỏ.',
        tags: ['outbox'],
        querystring: ListSchema,
        response: { 200: page('messages', OutboxEntrySchema), ...errors(400, 401) },
      },
    },
    async (request) => {
      const user = userOf(request);
      const q = request.query;
      const agency = user.role === 'agency' ? user.agency : q.agency;
      // Pages of the newest messages until `limit` of them may be read by this user (an agency
      // account's listing is already its own; a monitor's is filtered by jurisdiction here).
      const messages: OutboxEntry[] = [];
      const from = q.cursor ?? q.before;
      let before = from === undefined ? undefined : decodeCursor(from);
      for (let more = true; more && messages.length < q.limit;) {
        const page = await listOutbox(db, { status: q.status, agency, limit: q.limit, before });
        messages.push(...page.filter((e) => access.mayReadMessage(user, e.agencies)).slice(0, q.limit - messages.length));
        more = page.length === q.limit;
        if (page.length > 0) before = { createdAt: page.at(-1)!.createdAt, key: page.at(-1)!.key };
      }
      // A full page may have a next one: its cursor is the last message shown.
      const last = messages.length === q.limit ? messages.at(-1) : undefined;
      return { messages: messages.map((entry) => shown(user, entry)), ...(last ? { next: encodeCursor(last) } : {}) };
    },
  );

  app.get(
    '/outbox/message.eml',
    {
      config: { access: { roles: 'any' } },
      schema: {
        summary: 'Một thư, dạng .eml.',
        tags: ['outbox'],
        querystring: z.object({ key: z.string().min(1).max(300) }),
        response: { 200: download('message/rfc822', 'Thư (.eml).'), ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const user = userOf(request);
      const found = await readOutboxMessage(db, request.query.key);
      // A message the caller may not read is answered as if it did not exist.
      if (!found?.eml || !access.mayReadMessage(user, found.record.agencies)) throw notFound('Không có thư với mã này.');
      return reply.type('message/rfc822').header('content-disposition', 'attachment; filename="thong-bao.eml"').send(found.eml);
    },
  );
}
