/**
 * An agency's own part of a group task in lists and counts, on the dev server: two leads, one done
 * (late) and one overdue. Each agency's list filters by its own part (DondocParts), counts by agency
 * count each agency's own part, and an agency's task page shows its own part and the other lead's
 * only as a name and a status. The dashboard's lists, queue, "Việc của tôi" and overview follow
 * each agency's own part too. A task published before the part tokens existed is still listed, by
 * the task's status. A group of 200 communes (past Temporal's 2,048 bytes for DondocLead written
 * out) starts, and a commune finds it in its list and counts, by its own part.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { addDays, vietnamDateOf } from '../../domain/dates';
import { SA } from '../../workflows/search-attributes';
import { eventually, stackConfig, startStack, stopStack, type Stack } from '../support/stack';
import { planTask } from '../support/tasks';
import type { Plan } from '../../domain/plan';
import type { Directory } from '../../domain/directory';
import type { Config } from '../../worker/config';
import { startImport } from '../../worker/import-runner';
import { leadQueryValues } from '../../domain/part-tokens';
import type { DashboardTaskRow, OverviewAnswer, OwnWorkAnswer, QueueAnswer, TaskListAnswer } from '../../api/dashboard-tasks';

const plan: Plan = {
  id: 'kh-phan-viec-2026',
  number: null,
  issuer: 'UBND huyện Tuy Phước',
  jurisdiction: 'tuy-phuoc',
  issuedOn: '2026-01-05',
  title: 'Kế hoạch kiểm thử phần việc của từng cơ quan năm 2026',
  year: 2026,
  source: 'parts',
};
const NOI_VU = 'Phòng Nội vụ';
const TU_PHAP = 'Phòng Tư pháp';
const ID = `task:${plan.id}:1`;
const LEGACY_ID = `task:${plan.id}:truoc-khi-co-phan-viec`;

type Summary = { workflowId: string; status: string; escalation: number };
type Counts = { total: number; by: string; counts: Record<string, number> };

describe('an agency’s own part in lists and counts', () => {
  let config: Config;
  let stack: Stack;
  let api: FastifyInstance;
  const tokens = { monitor: '', noiVu: '', tuPhap: '' };
  const get = async <T>(who: keyof typeof tokens, url: string): Promise<T> => {
    const res = await api.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tokens[who]}` } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as T;
  };
  const listed = async (who: keyof typeof tokens, query: string) =>
    (await get<{ tasks: Summary[] }>(who, `/api/v1/tasks?plan=${plan.id}${query}`)).tasks.map((t) => [t.workflowId, t.status]);
  const counts = async (who: keyof typeof tokens, query: string) => (await get<Counts>(who, `/api/v1/tasks/counts?plan=${plan.id}${query}`)).counts;

  beforeAll(async () => {
    config = await stackConfig('parts');
    stack = await startStack(config);
    api = stack.api;
    tokens.monitor = await stack.users.add({ name: 'Văn phòng HĐND và UBND huyện', role: 'monitor', jurisdiction: 'tuy-phuoc' });
    tokens.noiVu = await stack.users.add({ name: 'Cán bộ Phòng Nội vụ', role: 'agency', agency: NOI_VU });
    tokens.tuPhap = await stack.users.add({ name: 'Cán bộ Phòng Tư pháp', role: 'agency', agency: TU_PHAP });
    const admin = await stack.users.add({ name: 'Quản trị', role: 'admin' });
    // Due ten days ago: both parts are overdue from the start.
    const due = addDays(vietnamDateOf(Date.now()), -10);
    const task = planTask({
      planId: plan.id,
      ref: '1',
      lead: [NOI_VU, TU_PHAP],
      activity: 'Rà soát thủ tục hành chính thuộc thẩm quyền giải quyết',
      schedule: { text: `Trước ngày ${due}`, kind: 'once', due, milestones: [due], recurrence: null, parts: [], explanation: `Hạn cuối: ${due}` },
    });
    const started = await api.inject({ method: 'POST', url: '/api/v1/tasks', payload: { plan, task }, headers: { authorization: `Bearer ${admin}` } });
    expect(started.statusCode, started.body).toBe(201);
  }, 120_000);

  afterAll(async () => {
    if (stack) await stopStack(stack);
  });

  it('one lead done, the other overdue: each agency finds the task by its own part', async () => {
    await eventually(
      () => counts('monitor', '&by=lead&status=overdue'),
      (c) => c[NOI_VU] === 1 && c[TU_PHAP] === 1,
      30_000,
    );
    const done = await api.inject({
      method: 'POST',
      url: `/api/v1/tasks/${encodeURIComponent(ID)}/complete`,
      payload: { evidence: 'Báo cáo số 21/BC-PNV' },
      headers: { authorization: `Bearer ${tokens.noiVu}` },
    });
    expect(done.statusCode, done.body).toBe(200);

    // Counts by agency: the overdue agency only in the overdue count, the other in the done count.
    expect(await eventually(() => counts('monitor', '&by=lead&status=overdue'), (c) => c[NOI_VU] === undefined, 30_000)).toEqual({ [TU_PHAP]: 1 });
    expect(await counts('monitor', '&by=lead&status=done')).toEqual({ [NOI_VU]: 1 });
    expect(await counts('monitor', '&by=lead&status=done_late')).toEqual({ [NOI_VU]: 1 });
    expect(await counts('monitor', '&by=lead')).toEqual({ [NOI_VU]: 1, [TU_PHAP]: 1 });
    // The task as a whole is still overdue.
    expect(await counts('monitor', '&by=status')).toEqual({ overdue: 1 });

    // Each agency's list and counts by status follow its own part.
    expect(await listed('tuPhap', '&status=overdue')).toEqual([[ID, 'overdue']]);
    expect(await listed('noiVu', '&status=overdue')).toEqual([]);
    expect(await listed('noiVu', '&status=done')).toEqual([[ID, 'done_late']]);
    expect(await listed('noiVu', '')).toEqual([[ID, 'done_late']]);
    expect(await listed('tuPhap', '&status=open')).toEqual([[ID, 'overdue']]);
    expect(await counts('noiVu', '&by=status')).toEqual({ done_late: 1 });
    expect(await counts('tuPhap', '&by=status')).toEqual({ overdue: 1 });
    expect(await counts('noiVu', '&by=lead')).toEqual({ [NOI_VU]: 1 });
    expect(await counts('noiVu', '&by=lead&status=overdue')).toEqual({});

    // A monitor filtering by one lead sees that lead's part; without a lead, the task's status.
    expect(await listed('monitor', `&lead=${encodeURIComponent(NOI_VU)}&status=overdue`)).toEqual([]);
    expect(await listed('monitor', `&lead=${encodeURIComponent(TU_PHAP)}&status=overdue`)).toEqual([[ID, 'overdue']]);
    expect(await listed('monitor', '&status=overdue')).toEqual([[ID, 'overdue']]);
  }, 120_000);

  it('an agency’s task page: its own status, due date and level; the other lead only as a name and a status', async () => {
    const view = await get<Record<string, unknown>>('noiVu', `/api/v1/tasks/${encodeURIComponent(ID)}`);
    expect(view.status).toBe('done_late');
    expect(view.escalationLevel).toBe(0);
    expect((view.obligations as { agency: string }[]).map((o) => o.agency)).toEqual([NOI_VU]);
    expect(view.otherParts).toEqual([{ agency: TU_PHAP, milestone: 0, label: expect.any(String), status: 'overdue' }]);
    const theirs = await get<Record<string, unknown>>('tuPhap', `/api/v1/tasks/${encodeURIComponent(ID)}`);
    expect(theirs.status).toBe('overdue');
    expect(theirs.due).toBe(addDays(vietnamDateOf(Date.now()), -10));
    expect((theirs.obligations as { agency: string; status: string }[]).map((o) => [o.agency, o.status])).toEqual([[TU_PHAP, 'overdue']]);

    // Ten days overdue from the start: the catch-up escalated the overdue part; the done part has no level.
    const level = theirs.escalationLevel as number;
    expect(level).toBeGreaterThanOrEqual(1);
    const rows = await get<{ tasks: Summary[] }>('tuPhap', `/api/v1/tasks?plan=${plan.id}`);
    expect(rows.tasks.map((t) => [t.workflowId, t.status, t.escalation])).toEqual([[ID, 'overdue', level]]);
    expect(await listed('tuPhap', `&escalation=${level}`)).toEqual([[ID, 'overdue']]);
    expect(await listed('tuPhap', `&escalation=${level + 1}`)).toEqual([]);
    expect(await listed('noiVu', '&escalation=1')).toEqual([]);
    expect(await listed('monitor', '&escalation=1')).toEqual([[ID, 'overdue']]);
    expect(await listed('monitor', `&lead=${encodeURIComponent(NOI_VU)}&escalation=1`)).toEqual([]);
    expect(await counts('monitor', '&by=lead&escalation=1')).toEqual({ [TU_PHAP]: 1 });
  });

  it('the dashboard’s lists follow each agency’s own part: the done lead does not see the group task as overdue, the late one does', async () => {
    const board = async (who: keyof typeof tokens, query: string) =>
      (await get<TaskListAnswer>(who, `/api/v1/dashboard/tasks?plan=${plan.id}${query}`)).tasks.map((t: DashboardTaskRow) => [t.workflowId, t.status]);
    expect(await board('noiVu', '&status=overdue')).toEqual([]);
    expect(await board('noiVu', '')).toEqual([[ID, 'done_late']]);
    expect(await board('noiVu', '&status=done_late')).toEqual([[ID, 'done_late']]);
    expect(await board('tuPhap', '&status=overdue')).toEqual([[ID, 'overdue']]);
    expect(await board('tuPhap', '')).toEqual([[ID, 'overdue']]);
    // The monitor's agency filter takes that agency's part; without it, the task's status.
    expect(await board('monitor', `&agency=${encodeURIComponent(NOI_VU)}&status=overdue`)).toEqual([]);
    expect(await board('monitor', `&agency=${encodeURIComponent(TU_PHAP)}&status=overdue`)).toEqual([[ID, 'overdue']]);
    expect(await board('monitor', '&status=overdue')).toEqual([[ID, 'overdue']]);
    // Escalated: only the late lead's part, in its list and its queue.
    expect(await board('noiVu', '&escalation=1')).toEqual([]);
    expect(await board('tuPhap', '&escalation=1')).toEqual([[ID, 'overdue']]);
    expect((await get<QueueAnswer>('noiVu', '/api/v1/dashboard/escalations')).entries).toEqual([]);
    expect((await get<QueueAnswer>('tuPhap', '/api/v1/dashboard/escalations')).entries.map((e) => [e.workflowId, e.agency])).toContainEqual([ID, TU_PHAP]);
    // "Việc của tôi": each agency its own part.
    const mine = async (who: 'noiVu' | 'tuPhap') => (await get<OwnWorkAnswer>(who, '/api/v1/dashboard/own-work')).parts.filter((p) => p.workflowId === ID).map((p) => [p.agency, p.status, p.completed]);
    expect(await mine('noiVu')).toEqual([[NOI_VU, 'done_late', true]]);
    expect(await mine('tuPhap')).toEqual([[TU_PHAP, 'overdue', false]]);
    // The overview: counts of the agency's own parts; the monitor's rates by agency, each lead by its part.
    const noiVu = await get<OverviewAnswer>('noiVu', '/api/v1/dashboard/overview');
    expect([noiVu.counts.overdue, noiVu.counts.done_late]).toEqual([0, 1]);
    expect(noiVu.agencies.map((a) => [a.agency, a.late, a.overdue])).toEqual([[NOI_VU, 1, 0]]);
    const tuPhap = await get<OverviewAnswer>('tuPhap', '/api/v1/dashboard/overview');
    expect([tuPhap.counts.overdue, tuPhap.counts.done_late]).toEqual([1, 0]);
    const monitor = await get<OverviewAnswer>('monitor', '/api/v1/dashboard/overview');
    const rates = Object.fromEntries(monitor.agencies.map((a) => [a.agency, [a.onTime, a.late, a.overdue]]));
    expect(rates[NOI_VU]).toEqual([0, 1, 0]);
    expect(rates[TU_PHAP]).toEqual([0, 0, 1]);
    expect(monitor.counts.overdue).toBe(1);
  });

  it('a task published before the part tokens is listed and counted by the task’s status', async () => {
    // What visibility holds for a task last published before the patch: every attribute but DondocParts.
    const legacy = await stack.cluster.client.workflow.start('taskWorkflow', {
      taskQueue: 'nobody-polls-this-queue',
      workflowId: LEGACY_ID,
      args: [],
      typedSearchAttributes: [
        { key: SA.type, value: 'task' },
        { key: SA.plan, value: plan.id },
        { key: SA.jurisdiction, value: plan.jurisdiction },
        { key: SA.leads, value: [TU_PHAP] },
        { key: SA.status, value: 'overdue' },
        { key: SA.escalation, value: 2 },
      ],
    });
    try {
      const overdue = await eventually(() => listed('tuPhap', '&status=overdue'), (rows) => rows.length === 2, 30_000);
      expect(overdue.sort()).toEqual([[ID, 'overdue'], [LEGACY_ID, 'overdue']].sort());
      expect(await counts('monitor', '&by=lead&status=overdue')).toEqual({ [TU_PHAP]: 2 });
      expect(await listed('noiVu', '&status=overdue')).toEqual([]);
      expect((await listed('tuPhap', '&status=overdue&escalation=2')).map(([id]) => id)).toContain(LEGACY_ID);
      expect(await listed('tuPhap', '&status=overdue&escalation=3')).not.toContainEqual([LEGACY_ID, 'overdue']);
    } finally {
      await legacy.terminate('end of test');
    }
  });

  it('a group of 200 communes: the import starts it, the leads over DondocLead and DondocMore within 2 KiB each, the last commune finds it in its list and counts by its own part', async () => {
    const communes = Array.from({ length: 200 }, (_, i) => `UBND ${i % 4 === 0 ? 'phường' : 'xã'} Phước ${['An', 'Hòa', 'Lộc', 'Nghĩa', 'Quang', 'Sơn', 'Thắng', 'Thuận'][i % 8]} ${i + 1}`);
    const directory = await stack.directory.load();
    const withGroup: Directory = {
      ...directory,
      agencies: [...directory.agencies, ...communes.map((name, i) => ({ id: `xa-phuoc-${i + 1}`, name, jurisdiction: 'tuy-phuoc', aliases: [], contacts: { officer: [], head: [] }, digest: false }))],
      groups: [...directory.groups, { id: 'cac-xa-phuong-thu-nghiem', name: 'UBND các xã, phường (thử nghiệm)', jurisdiction: 'tuy-phuoc', aliases: [], members: communes.map((_, i) => `xa-phuoc-${i + 1}`) }],
    };
    const communePlan: Plan = { ...plan, id: 'kh-cac-xa-phuong-2026', title: 'Kế hoạch kiểm thử nhiệm vụ giao UBND các xã, phường năm 2026' };
    const due = addDays(vietnamDateOf(Date.now()), 30);
    const task = planTask({
      planId: communePlan.id,
      ref: '1',
      lead: ['UBND các xã, phường (thử nghiệm)'],
      activity: 'Rà soát, cập nhật danh mục thủ tục hành chính cấp xã',
      schedule: { text: `Trước ngày ${due}`, kind: 'once', due, milestones: [due], recurrence: null, parts: [], explanation: `Hạn cuối: ${due}` },
    });
    const report = await startImport(stack.cluster.client, { plan: communePlan, tasks: [task] }, withGroup, { taskQueue: config.TEMPORAL_TASK_QUEUE });
    expect(report.failed).toEqual([]);
    expect(report.started).toEqual(['1']);
    const id = `task:${communePlan.id}:1`;
    const last = communes[199]!;
    const commune = await stack.users.add({ name: `Cán bộ ${last}`, role: 'agency', agency: last });
    const other = await stack.users.add({ name: `Cán bộ ${communes[3]}`, role: 'agency', agency: communes[3]! });
    const as = async <T>(token: string, url: string): Promise<T> => {
      const res = await api.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as T;
    };
    const list = async (token: string, query = '') => (await as<{ tasks: (Summary & { leads: string[] })[] }>(token, `/api/v1/tasks?plan=${communePlan.id}${query}`)).tasks;

    // Found by the last of the 200 (its name hashed in DondocMore), with the 200 names shown.
    const rows = await eventually(() => list(commune), (r) => r.length === 1 && r[0]!.status !== undefined && r[0]!.leads.length === 200, 30_000);
    expect(rows.map((r) => [r.workflowId, r.status])).toEqual([[id, 'not_due']]);
    expect(rows[0]!.leads).toEqual(communes);
    const described = await stack.cluster.client.workflow.getHandle(id).describe();
    const more = described.typedSearchAttributes.get(SA.more)!;
    expect(Buffer.byteLength(JSON.stringify(described.typedSearchAttributes.get(SA.leads)))).toBeLessThanOrEqual(2048);
    expect(Buffer.byteLength(JSON.stringify(more))).toBeLessThanOrEqual(2048);
    expect(more).toContain(leadQueryValues(last)[1]);
    expect((await as<Counts>(commune, `/api/v1/tasks/counts?plan=${communePlan.id}`)).counts).toEqual({ not_due: 1 });

    // Its own part done: its list and counts say so; another commune's still open.
    const done = await api.inject({
      method: 'POST',
      url: `/api/v1/tasks/${encodeURIComponent(id)}/complete`,
      payload: { evidence: 'Báo cáo số 12/BC-UBND' },
      headers: { authorization: `Bearer ${commune}` },
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(await eventually(() => as<Counts>(commune, `/api/v1/tasks/counts?plan=${communePlan.id}`), (c) => c.counts.done_on_time === 1, 30_000)).toMatchObject({ total: 1, counts: { done_on_time: 1 } });
    expect((await list(commune, '&status=open')).length).toBe(0);
    expect((await list(other, '&status=open')).map((r) => [r.workflowId, r.status])).toEqual([[id, 'not_due']]);
    expect((await as<Counts>(other, `/api/v1/tasks/counts?plan=${communePlan.id}`)).counts).toEqual({ not_due: 1 });
    const board = await as<TaskListAnswer>(commune, `/api/v1/dashboard/tasks?plan=${communePlan.id}`);
    expect(board.tasks.map((t) => [t.workflowId, t.status, t.leads.length])).toEqual([[id, 'done_on_time', 200]]);
  }, 120_000);
});
