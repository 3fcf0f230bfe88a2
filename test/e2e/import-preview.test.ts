/**
 * A plan whose deadlines have passed is imported as today's situation: the dry run says how many
 * messages would go out now and to whom, the real import sends exactly that many, and no recipient
 * gets more than one message about one late item (no replay of the missed history).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../worker/config';
import { stackConfig, startStack, stopStack, type Stack } from '../support/stack';
import { Outbox } from '../../storage/outbox';

const HEADER = 'Mã,Lĩnh vực,STT,Mục tiêu,Nhiệm vụ,Hoạt động,Kết quả/Sản phẩm,Cơ quan chủ trì,Cơ quan phối hợp,Thời gian hoàn thành,Kinh phí (triệu đồng),Ghi chú';
const PLAN_CSV = [
  HEADER,
  // Long overdue: the whole ladder was missed.
  'A-01,Cải cách thể chế,1,,Kiểm tra văn bản,Kế hoạch kiểm tra văn bản năm 2026,Kế hoạch,Sở Tư pháp,,Trước ngày 31/12/2025,,',
  // Overdue for a group of leads: each member's part is late.
  'A-02,Cải cách thể chế,2,,Rà soát quy định,Báo cáo rà soát quy định,Báo cáo,"Sở Nội vụ, Sở Tài chính",,Trước ngày 15/10/2026,,',
  // Not yet due: nothing now.
  'A-03,Cải cách thể chế,3,,Tổng kết,Báo cáo tổng kết,Báo cáo,Văn phòng UBND tỉnh,,Trước ngày 31/12/2027,,',
].join('\n');

describe('importing a plan already under way', () => {
  let config: Config;
  let stack: Stack;
  let api: FastifyInstance;
  let admin = '';
  const upload = (query: string) =>
    api.inject({
      method: 'POST',
      url: `/api/plans?filename=ke-hoach.csv&jurisdiction=thua-thien-hue&year=2026&number=${encodeURIComponent('77/KH-UBND')}&title=${encodeURIComponent('Kế hoạch kiểm thử nhập kế hoạch đang thực hiện năm 2026')}&${query}`,
      payload: Buffer.from(PLAN_CSV, 'utf8'),
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' },
    });

  beforeAll(async () => {
    config = await stackConfig('preview');
    stack = await startStack(config);
    admin = await stack.users.add({ name: 'Quản trị', role: 'admin' });
    api = stack.api;
  }, 60_000);

  afterAll(async () => {
    if (stack) await stopStack(stack);
  });

  it('the dry run says what goes out now, and the import sends exactly that: one message per recipient and late item', async () => {
    const dry = await upload('dryRun=true&acceptProblems=true');
    expect(dry.statusCode, dry.body).toBe(200);
    const { plan, preview } = dry.json() as {
      plan: { id: string };
      preview: {
        messages: number;
        recipients: { name: string; messages: number }[];
        overdueTasks: number;
        modes: Record<'track' | 'history', { messages: number }>;
        templates: { ref: string; name: string; reason: string }[];
      };
    };
    // Every task shows the template it would follow; the import below starts it with that template's rules.
    expect(preview.templates.map((t) => t.ref).sort()).toEqual(['A-01', 'A-02', 'A-03']);
    expect(preview.templates.every((t) => t.name.length > 0 && t.reason.length > 0)).toBe(true);
    // Two tasks are late; tracked from today sends the messages counted here, imported as history none.
    expect(preview.overdueTasks).toBe(2);
    expect(preview.modes.track.messages).toBe(preview.messages);
    expect(preview.modes.history.messages).toBe(0);
    // A-01 and both parts of A-02 are late; A-03 sends nothing.
    expect(preview.messages).toBeGreaterThan(0);
    expect(preview.recipients.map((r) => r.name)).toEqual(expect.arrayContaining(['Sở Tư pháp', 'Thủ trưởng Sở Tư pháp']));
    expect(preview.recipients.every((r) => r.messages <= 3)).toBe(true);

    const imported = await upload('acceptProblems=true');
    expect(imported.statusCode, imported.body).toBe(201);

    const outbox = new Outbox(stack.storage.db);
    const ofPlan = async () => (await outbox.list({ limit: 10_000 })).filter((m) => m.key.startsWith(`task:${plan.id}:`) && !m.key.includes('#'));
    // Settled: the count stays the same for three seconds.
    let last = -1;
    let sent = await ofPlan();
    for (let stable = 0, tries = 0; stable < 12 && tries < 240; tries++) {
      await new Promise((r) => setTimeout(r, 250));
      sent = await ofPlan();
      stable = sent.length === last && sent.length > 0 ? stable + 1 : 0;
      last = sent.length;
    }
    expect(sent.length).toBe(preview.messages);

    // One message per recipient address and late item (task, member part).
    const seen = new Map<string, number>();
    for (const m of sent) {
      const item = m.key.split(':').slice(0, 3).join(':');
      for (const to of m.recipients) seen.set(`${item}|${to}`, (seen.get(`${item}|${to}`) ?? 0) + 1);
    }
    const repeated = [...seen].filter(([, n]) => n > 1);
    expect(repeated, JSON.stringify(repeated)).toEqual([]);
    expect(sent.some((m) => m.key.startsWith(`task:${plan.id}:A-03`))).toBe(false);
  });

  it('passes the chosen way of starting to the workflows: mode=history marks each task imported as history', async () => {
    const res = await api.inject({
      method: 'POST',
      url: `/api/plans?filename=ke-hoach-cu.csv&jurisdiction=thua-thien-hue&year=2026&number=${encodeURIComponent('78/KH-UBND')}&title=${encodeURIComponent('Kế hoạch đã qua lưu làm hồ sơ năm 2026')}&acceptProblems=true&mode=history`,
      payload: Buffer.from(PLAN_CSV, 'utf8'),
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { planId, started } = res.json() as { planId: string; started: string[] };
    expect(started).toHaveLength(3);
    for (const ref of started) {
      const described = await stack.cluster.client.workflow.getHandle(`task:${planId}:${ref}`).describe();
      expect(described.memo).toMatchObject({ importedAs: 'history' });
    }
    const bad = await api.inject({
      method: 'POST',
      url: `/api/plans?filename=ke-hoach-cu.csv&jurisdiction=thua-thien-hue&year=2026&title=x&mode=lich-su`,
      payload: Buffer.from(PLAN_CSV, 'utf8'),
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' },
    });
    expect(bad.statusCode).toBe(400);
  });
});
