/** The outbox: every message dondoc sent or would have sent, listed and readable as .eml. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listOutbox, readOutboxMessage } from '../activities/notifications';
import { userOf, type User } from './auth';
import type { Access } from './access';
import { notFound } from './errors';

const ListSchema = z.object({
  agency: z.string().max(200).optional(),
  status: z.enum(['sending', 'retrying', 'sent', 'failed', 'queued', 'digested', 'undeliverable']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/** What an entry shows: the server's reply (it names server paths) is for admins and monitors only. */
function shown<T extends { response: string | null }>(user: User, entry: T): T | Omit<T, 'response'> {
  if (user.role !== 'agency') return entry;
  const { response: _, ...rest } = entry;
  return rest;
}

export function registerOutboxRoutes(app: FastifyInstance, deps: { dataDir?: string; access: Access }): void {
  const { access } = deps;

  app.get('/api/outbox', async (request) => {
    const user = userOf(request);
    const q = ListSchema.parse(request.query);
    const agency = user.role === 'agency' ? user.agency : q.agency;
    const entries = (await listOutbox({ status: q.status, agency, dataDir: deps.dataDir })).filter((e) => access.mayReadMessage(user, e.agencies));
    return { messages: entries.slice(0, q.limit).map(({ emlPath: _, ...entry }) => shown(user, entry)) };
  });

  app.get('/api/outbox/message.eml', async (request, reply) => {
    const user = userOf(request);
    const { key } = z.object({ key: z.string().min(1).max(300) }).parse(request.query);
    const found = await readOutboxMessage(key, { dataDir: deps.dataDir });
    // A message the caller may not read is answered as if it did not exist.
    if (!found?.eml || !access.mayReadMessage(user, found.record.agencies)) throw notFound('Không có thư với mã này.');
    return reply.type('message/rfc822').header('content-disposition', 'attachment; filename="thong-bao.eml"').send(found.eml);
  });
}
