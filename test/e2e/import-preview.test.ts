/**
 * A plan whose deadlines have passed is imported as today's situation: the dry run says how many
 * messages would go out now and to whom, the real import sends exactly that many, and no recipient
 * gets more than one message about one late item (no replay of the missed history).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../worker/config';
import { eventually, stackConfig, startStack, stopStack, type Stack } from '../support/stack';
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

  it('a template chosen for a task wins over the rules, in the dry run and in the import; an impossible choice is a 422 naming the task', async () => {
    const CHOSEN = 'ke-hoach-kiem-tra-nam';
    const send = (choices: string[], extra: string) =>
      api.inject({
        method: 'POST',
        url: `/api/v1/plans?filename=ke-hoach-chon-mau.csv&jurisdiction=thua-thien-hue&year=2026&number=${encodeURIComponent('79/KH-UBND')}&title=${encodeURIComponent('Kế hoạch kiểm thử chọn mẫu khi nhập năm 2026')}&acceptProblems=true&${extra}${choices.map((c) => `&template=${encodeURIComponent(c)}`).join('')}`,
        payload: Buffer.from(PLAN_CSV, 'utf8'),
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' },
      });
    type Dry = { preview: { templates: { ref: string; template: { id: string; version: number }; name: string; reason: string }[] } };
    const of = (dry: Dry, ref: string) => dry.preview.templates.find((t) => t.ref === ref)!;

    const byRules = (await send([], 'dryRun=true')).json() as Dry;
    expect(of(byRules, 'A-03').template.id).not.toBe(CHOSEN);
    const chosen = await send([`A-03=${CHOSEN}`], 'dryRun=true');
    expect(chosen.statusCode, chosen.body).toBe(200);
    expect(of(chosen.json() as Dry, 'A-03')).toMatchObject({ template: { id: CHOSEN, version: 1 }, name: 'Kế hoạch kiểm tra hằng năm', reason: 'Chọn trực tiếp khi nhập kế hoạch' });
    // The other tasks keep what their rules give them.
    expect(of(chosen.json() as Dry, 'A-02')).toEqual(of(byRules, 'A-02'));

    // Refusals name the field and the task; nothing starts.
    const refused = async (choice: string, words: string) => {
      const res = await send([choice], '');
      expect(res.statusCode, res.body).toBe(422);
      const body = res.json() as { error: string; field: string; ref: string };
      expect(body).toMatchObject({ field: 'template', ref: 'A-03' });
      expect(body.error).toMatch(/^template: /);
      expect(body.error).toContain('A-03');
      expect(body.error).toContain(words);
    };
    await refused('A-03=khong-co-mau-nay', 'Không có mẫu “khong-co-mau-nay”');
    await refused(`A-03=${CHOSEN}@9`, `Không có mẫu “${CHOSEN}” phiên bản 9`);
    await refused('A-03=ho-so-mot-cua-118', 'dành cho hồ sơ thủ tục hành chính');
    const retire = (verb: string) =>
      api.inject({ method: 'POST', url: `/api/v1/templates/bao-cao-tre-han-xin-loi/${verb}`, headers: { authorization: `Bearer ${admin}` } });
    expect((await retire('retire')).statusCode).toBe(200);
    await refused('A-03=bao-cao-tre-han-xin-loi', 'đã ngừng sử dụng');
    expect((await retire('restore')).statusCode).toBe(200);
    const elsewhere = await send(['Z-99=nhiem-vu-ke-hoach'], 'dryRun=true');
    expect(elsewhere.statusCode).toBe(422);
    expect(elsewhere.json()).toMatchObject({ ref: 'Z-99', error: 'template: Nhiệm vụ Z-99 không có trong tệp kế hoạch.' });
    // The parameter is documented in the contract.
    const doc = (await api.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, { post?: { parameters?: { name: string; in: string; description?: string }[] } }>;
    };
    const param = doc.paths['/api/v1/plans']?.post?.parameters?.find((p) => p.name === 'template');
    expect(param).toMatchObject({ in: 'query' });
    expect(param?.description).toContain('mã-nhiệm-vụ=mã-mẫu');
    const malformed = await send(['A-03'], 'dryRun=true');
    expect(malformed.statusCode).toBe(400);
    expect((malformed.json() as { error: string }).error).toContain('mã-nhiệm-vụ=mã-mẫu');

    const imported = await send([`A-03=${CHOSEN}@1`], '');
    expect(imported.statusCode, imported.body).toBe(201);
    const { planId, started } = imported.json() as { planId: string; started: string[] };
    expect(started).toHaveLength(3);
    const view = async (ref: string) =>
      (
        await api.inject({ method: 'GET', url: `/api/v1/tasks/${encodeURIComponent(`task:${planId}:${ref}`)}`, headers: { authorization: `Bearer ${admin}` } })
      ).json() as { template?: { id: string; version: number } };
    expect((await eventually(() => view('A-03'), (v) => v.template !== undefined)).template).toMatchObject({ id: CHOSEN, version: 1 });
    expect((await eventually(() => view('A-02'), (v) => v.template !== undefined)).template).toMatchObject(of(byRules, 'A-02').template);
  });
});
