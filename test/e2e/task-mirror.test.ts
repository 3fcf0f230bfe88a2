/**
 * The task mirror (api/task-mirror.ts) against visibility itself, on the dev server: tasks of two
 * jurisdictions, one and two leads, overdue, due later, without a deadline, done late, cancelled and
 * escalated. For 300 random filters of every role (the dashboard's own taskClauses) the mirror
 * counts and lists exactly what visibility does. A change (a completion) shows in the next answer,
 * the workflow stamps DondocUpdated when it changes its attributes, and the API's counts come from
 * the mirror once it is ready. A run that closes shows at the next poll; a deleted one is forgotten
 * at the next full listing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { addDays, vietnamDateOf, type IsoDate } from '../../domain/dates';
import { SA } from '../../workflows/search-attributes';
import { eventually, stackConfig, startStack, stopStack, type Stack } from '../support/stack';
import { planTask } from '../support/tasks';
import type { Plan, Task } from '../../domain/plan';
import { Access } from '../../api/access';
import { taskClauses, TASK_STATUSES, type TaskListQuery } from '../../api/dashboard-tasks';
import { TaskMirror, visibilitySource, type TaskSource } from '../../api/task-mirror';
import { isIn, type Clause } from '../../api/clauses';
import type { User } from '../../storage/accounts';

const today = vietnamDateOf(Date.now());
const plan = (id: string, jurisdiction: string): Plan => ({
  id,
  number: null,
  issuer: 'UBND',
  jurisdiction,
  issuedOn: '2026-01-05',
  title: `Kế hoạch kiểm thử bản sao nhiệm vụ ${id}`,
  year: 2026,
  source: 'mirror',
});
const DISTRICT = plan('kh-ban-sao-huyen', 'tuy-phuoc');
const PROVINCE = plan('kh-ban-sao-tinh', 'binh-dinh');
const NOI_VU = 'Phòng Nội vụ';
const TU_PHAP = 'Phòng Tư pháp';
const SO_TU_PHAP = 'Sở Tư pháp';

const ADMIN: User = { id: 0, name: 'Quản trị', role: 'admin' };
const once = (due: IsoDate): Task['schedule'] => ({ text: `Trước ngày ${due}`, kind: 'once', due, milestones: [due], recurrence: null, parts: [], explanation: `Hạn cuối: ${due}` });
const unspecified: Task['schedule'] = { text: 'Theo chỉ đạo', kind: 'unspecified', due: null, milestones: [], recurrence: null, parts: [], explanation: 'Chưa có hạn' };

describe('the task mirror answers what visibility answers', () => {
  let stack: Stack;
  let api: FastifyInstance;
  let mirror: TaskMirror;
  let admin = '';
  const access = () => new Access(() => stack.directory.current());
  const ids = (rows: AsyncIterable<{ workflowId: string; runId: string }>) =>
    (async () => {
      const out: string[] = [];
      for await (const r of rows) out.push(`${r.workflowId}@${r.runId}`);
      return out.sort();
    })();
  const act = async (id: string, action: string, payload: object) => {
    const res = await api.inject({ method: 'POST', url: `/api/v1/tasks/${encodeURIComponent(id)}/${action}`, payload, headers: { authorization: `Bearer ${admin}` } });
    expect(res.statusCode, res.body).toBe(200);
  };

  beforeAll(async () => {
    stack = await startStack(await stackConfig('mirror'));
    api = stack.api;
    admin = await stack.users.add({ name: 'Quản trị', role: 'admin' });
    const tasks: [Plan, Task][] = [
      [DISTRICT, planTask({ planId: DISTRICT.id, ref: '1', lead: [NOI_VU, TU_PHAP], activity: 'Rà soát thủ tục', schedule: once(addDays(today, -10)) })],
      [DISTRICT, planTask({ planId: DISTRICT.id, ref: '2', lead: [NOI_VU], activity: 'Báo cáo chuyển đổi số', schedule: once(addDays(today, 40)) })],
      [DISTRICT, planTask({ planId: DISTRICT.id, ref: '3', lead: [TU_PHAP], activity: 'Theo chỉ đạo của tỉnh', schedule: unspecified })],
      [DISTRICT, planTask({ planId: DISTRICT.id, ref: '4', lead: [TU_PHAP], activity: 'Kiểm tra công vụ', schedule: once(addDays(today, -3)) })],
      [DISTRICT, planTask({ planId: DISTRICT.id, ref: '5', lead: [NOI_VU], activity: 'Tổng kết', schedule: once(addDays(today, 3)) })],
      [PROVINCE, planTask({ planId: PROVINCE.id, ref: '1', lead: [SO_TU_PHAP], activity: 'Xây dựng cơ sở dữ liệu', schedule: once(addDays(today, -20)) })],
      [PROVINCE, planTask({ planId: PROVINCE.id, ref: '2', lead: [SO_TU_PHAP], activity: 'Tập huấn', schedule: once(addDays(today, 90)) })],
    ];
    for (const [p, task] of tasks) {
      const res = await api.inject({ method: 'POST', url: '/api/v1/tasks', payload: { plan: p, task }, headers: { authorization: `Bearer ${admin}` } });
      expect(res.statusCode, res.body).toBe(201);
    }
    // One lead of the group done (late), one task done late, one cancelled.
    await act(`task:${DISTRICT.id}:1`, 'complete', { agency: NOI_VU, evidence: 'Báo cáo số 12/BC-PNV' });
    await act(`task:${DISTRICT.id}:4`, 'complete', { evidence: 'Báo cáo số 15/BC-PTP' });
    await act(`task:${PROVINCE.id}:2`, 'cancel', { reason: 'Nội dung đã lồng ghép vào kế hoạch khác' });
    const visibility = visibilitySource(stack.cluster.client);
    // Every task published its final attributes (the cancelled one closed).
    await eventually(() => visibility.count([...taskClauses(ADMIN, access(), {})!]), (n) => n === 7, 30_000);
    await eventually(() => visibility.count([...taskClauses(ADMIN, access(), { status: 'cancelled' })!]), (n) => n === 1, 30_000);
    // Overdue tasks escalate right after they start: wait until nothing changes any more.
    let last = '';
    for (;;) {
      const rows: unknown[] = [];
      for await (const wf of visibility.list([])) rows.push([wf.workflowId, ...wf.typedSearchAttributes.getAll().map((p) => `${p.key.name}=${JSON.stringify(p.value)}`).sort()]);
      const now = JSON.stringify(rows);
      if (now === last) break;
      last = now;
      await new Promise((r) => setTimeout(r, 1_500));
    }
    mirror = new TaskMirror(stack.cluster.client, pino({ level: 'silent' }));
    await mirror.refresh();
  }, 180_000);

  afterAll(async () => {
    await mirror?.stop();
    if (stack) await stopStack(stack);
  });

  it('is ready after its first listing, and holds every task run', async () => {
    expect(mirror.ready).toBe(true);
    const source = await mirror.source();
    expect(await source.count([])).toBe(7);
  });

  it('counts and lists exactly what visibility does, for 300 filters of every role', async () => {
    const visibility = visibilitySource(stack.cluster.client);
    const users: User[] = [
      { id: 1, name: 'Quản trị', role: 'admin' },
      { id: 2, name: 'Văn phòng UBND huyện', role: 'monitor', jurisdiction: 'tuy-phuoc' },
      { id: 3, name: 'Văn phòng UBND tỉnh', role: 'monitor', jurisdiction: 'binh-dinh' },
      { id: 4, name: 'Phòng Nội vụ', role: 'agency', agency: NOI_VU, jurisdiction: 'tuy-phuoc' },
      { id: 5, name: 'Phòng Tư pháp', role: 'agency', agency: TU_PHAP, jurisdiction: 'tuy-phuoc' },
      { id: 6, name: 'Lãnh đạo huyện', role: 'viewer', jurisdiction: 'tuy-phuoc' },
    ];
    const filters = fc.record(
      {
        status: fc.constantFrom(...TASK_STATUSES),
        plan: fc.constantFrom(DISTRICT.id, PROVINCE.id, 'kh-khong-co'),
        agency: fc.constantFrom(NOI_VU, TU_PHAP, SO_TU_PHAP),
        jurisdiction: fc.constantFrom('tuy-phuoc', 'binh-dinh'),
        escalation: fc.integer({ min: 1, max: 3 }),
        dueFrom: fc.integer({ min: -30, max: 30 }).map((d) => addDays(today, d)),
        dueTo: fc.integer({ min: -30, max: 100 }).map((d) => addDays(today, d)),
        kind: fc.constantFrom('once', 'unspecified'),
      },
    );
    // Up to three filters at once: more would leave almost every answer empty.
    const query = fc
      .tuple(filters, fc.shuffledSubarray(['status', 'plan', 'agency', 'jurisdiction', 'escalation', 'dueFrom', 'dueTo', 'kind'] as const, { maxLength: 3 }))
      .map(([all, keys]) => Object.fromEntries(keys.map((k) => [k, all[k]])));
    const source: TaskSource = await mirror.source();
    let compared = 0;
    let nonEmpty = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...users), query, async (user, q) => {
        const clauses: Clause[] | null = taskClauses(user, access(), q as Partial<TaskListQuery>);
        if (clauses === null) return;
        const [mirrored, visible] = await Promise.all([source.count(clauses), visibility.count(clauses)]);
        expect(mirrored, `${user.role} ${JSON.stringify(q)}: ${clauses.join(' AND ')}`).toBe(visible);
        expect(await ids(source.list(clauses))).toEqual(await ids(visibility.list(clauses)));
        compared++;
        if (visible > 0) nonEmpty++;
      }),
      { numRuns: 300 },
    );
    // The filters found tasks, not only empty answers.
    expect(compared).toBeGreaterThan(200);
    expect(nonEmpty).toBeGreaterThan(50);
  });

  it('a change shows in the next answer, and the workflow stamps DondocUpdated when its attributes change', async () => {
    const id = `task:${DISTRICT.id}:2`;
    const before = (await stack.cluster.client.workflow.getHandle(id).describe()).typedSearchAttributes.get(SA.updated);
    expect(before).toBeInstanceOf(Date);
    await act(id, 'complete', { evidence: 'Báo cáo số 20/BC-PNV' });
    const done = taskClauses(ADMIN, access(), { status: 'done_on_time' })!;
    const visibility = visibilitySource(stack.cluster.client);
    await eventually(() => visibility.count(done), (n) => n === 1, 30_000);
    // Asked after visibility says so: the mirror's answer waits for a poll that started after it was asked.
    expect(await (await mirror.source()).count(done)).toBe(1);
    const after = (await stack.cluster.client.workflow.getHandle(id).describe()).typedSearchAttributes.get(SA.updated);
    expect(after!.getTime()).toBeGreaterThan(before!.getTime());
  });

  it('the API’s counts by agency equal visibility’s, each agency by its own part', async () => {
    const res = await api.inject({ method: 'GET', url: `/api/v1/tasks/counts?by=lead&status=overdue&jurisdiction=tuy-phuoc`, headers: { authorization: `Bearer ${admin}` } });
    expect(res.statusCode, res.body).toBe(200);
    const visibility = visibilitySource(stack.cluster.client);
    const overdueOf = async (agency: string) => visibility.count([...taskClauses(ADMIN, access(), { jurisdiction: 'tuy-phuoc', agency, status: 'overdue' })!]);
    // Tư pháp's part of the group task is overdue (Nội vụ's is done); its task 4 was done late.
    expect(res.json().counts).toEqual({ [TU_PHAP]: await overdueOf(TU_PHAP) });
    expect(res.json().counts[TU_PHAP]).toBe(1);
  });

  it('sees a run that closed at its next poll, and forgets a deleted one at its next full listing', async () => {
    const quick = new TaskMirror(stack.cluster.client, pino({ level: 'silent' }), { pollMs: 200, overlapMs: 3_000, catchUpEveryMs: 1_000, catchUpMs: 60_000, resyncMs: 1_500 });
    quick.start();
    try {
      await quick.refresh();
      const before = quick.size;
      const terminated = [isIn('ExecutionStatus', ['Terminated'])];
      const gone = `task:${DISTRICT.id}:5`;
      await stack.cluster.client.workflow.getHandle(gone).terminate('kiểm thử');
      expect(await eventually(async () => (await quick.source()).count(terminated), (n) => n === 1, 30_000)).toBe(1);
      const { client } = stack.cluster;
      await client.workflowService.deleteWorkflowExecution({ namespace: client.options.namespace, workflowExecution: { workflowId: gone } });
      // Deleting leaves nothing for a poll to see: once visibility has dropped the run too (it does so
      // a moment after the delete), the background's next full listing drops it, and no poll brings it back.
      await eventually(() => visibilitySource(client).count(terminated), (n) => n === 0, 30_000);
      expect(await eventually(async () => quick.size, (n) => n === before - 1, 30_000)).toBe(before - 1);
      expect(await eventually(async () => (await quick.source()).count(terminated), (n) => n === 0, 30_000)).toBe(0);
    } finally {
      await quick.stop();
    }
  });
});
