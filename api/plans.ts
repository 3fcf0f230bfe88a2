/** POST /api/plans: import a plan file (the raw file as the body) and start its task workflows. */
import type { FastifyInstance } from 'fastify';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { importPlanFile, ImportError } from '../domain/import';
import { requireRole, type User } from './auth';
import { startImport } from '../worker/import-runner';
import type { ApiDeps } from './server';

const QuerySchema = z.object({
  filename: z.string().min(1).max(200),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  jurisdiction: z.string().optional(),
  acceptProblems: z.enum(['true', 'false']).default('false'),
  dryRun: z.enum(['true', 'false']).default('false'),
});

export function registerPlanRoutes(app: FastifyInstance, deps: ApiDeps & { authenticate: (header: string | undefined) => User }): void {
  app.post('/api/plans', async (request, reply) => {
    requireRole(deps.authenticate(request.headers.authorization), 'admin', 'monitor');
    const q = QuerySchema.parse(request.query);
    if (!Buffer.isBuffer(request.body) || request.body.length === 0) {
      return reply.code(400).send({ error: 'Gửi nội dung tệp kế hoạch làm thân yêu cầu (Content-Type: application/octet-stream).' });
    }
    const dir = mkdtempSync(join(tmpdir(), 'dondoc-plan-'));
    try {
      const file = join(dir, basename(q.filename));
      writeFileSync(file, request.body);
      let result;
      try {
        result = await importPlanFile(file, { year: q.year, jurisdiction: q.jurisdiction, directory: deps.directory.load() });
      } catch (err) {
        if (err instanceof ImportError) return reply.code(422).send({ error: err.message, problems: err.problems });
        throw err;
      }
      const errors = result.problems.filter((p) => p.severity === 'error');
      if (q.dryRun === 'true') return { plan: result.plan, tasks: result.tasks, problems: result.problems };
      if (errors.length > 0 && q.acceptProblems !== 'true') {
        return reply.code(422).send({ error: `Tệp có ${errors.length} lỗi; sửa tệp hoặc gửi lại với acceptProblems=true.`, problems: result.problems });
      }
      const report = await startImport(deps.client, result, deps.directory.load(), { taskQueue: deps.taskQueue });
      return reply.code(report.started.length > 0 ? 201 : 200).send({ ...report, problems: result.problems });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
