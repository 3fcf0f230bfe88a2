/** The outbox: every message dondoc sent or would have sent, listed and readable as .eml. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listOutbox, readOutboxMessage } from '../activities/notifications';
import { AuthError, type User } from './auth';

const ListSchema = z.object({
  agency: z.string().max(200).optional(),
  status: z.enum(['sending', 'retrying', 'sent', 'failed', 'queued', 'digested', 'undeliverable']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export function registerOutboxRoutes(app: FastifyInstance, deps: { dataDir?: string; authenticate: (header: string | undefined) => User }): void {
  app.get('/api/outbox', async (request) => {
    const user = deps.authenticate(request.headers.authorization);
    const q = ListSchema.parse(request.query);
    const agency = user.role === 'agency' ? user.agency : q.agency;
    const entries = await listOutbox({ ...q, agency, dataDir: deps.dataDir });
    return { messages: entries.map(({ emlPath: _, ...entry }) => entry) };
  });

  app.get('/api/outbox/message.eml', async (request, reply) => {
    const user = deps.authenticate(request.headers.authorization);
    const { key } = z.object({ key: z.string().min(1).max(300) }).parse(request.query);
    const found = await readOutboxMessage(key, { dataDir: deps.dataDir });
    if (!found?.eml) return reply.code(404).send({ error: 'Không có thư với mã này.' });
    if (user.role === 'agency' && !found.record.agencies.includes(user.agency!)) throw new AuthError(403, 'Thư này không gửi cơ quan của bạn.');
    return reply.type('message/rfc822').header('content-disposition', 'attachment; filename="thong-bao.eml"').send(found.eml);
  });
}
