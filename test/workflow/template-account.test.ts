/**
 * A ladder level naming an account, on the time-skipping server with a real SMTP server: the task
 * starts from the template, the level's message reaches the account's e-mail address, and once the
 * account is disabled the repeats go to the monitoring office with a line saying why. A level
 * naming a login nobody has is refused when the template is saved.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { startTimeSkipping, type Harness } from '../support/time-skipping';
import { taskInput } from '../support/tasks';
import { startSmtpServer, type TestSmtp } from '../notifications.support';
import { stateQuery, type TaskWorkflowInput } from '../../workflows/task-api';
import { taskWorkflow } from '../../workflows/task';
import { TemplateStore } from '../../storage/templates';
import { UserStore } from '../../storage/accounts';
import { toTaskPolicy, type TemplateInput } from '../../domain/templates';

const ANCHOR = Date.parse('2036-12-01T00:00:00+07:00');
const admin = { name: 'Quản trị hệ thống', role: 'admin' as const };
const OFFICE = 'van-phong-ubnd-tinh@thuathienhue.example';
const LEADER = 'pho.chanh.vp@hue.gov.vn';

const ladder = (login: string): TemplateInput => ({
  name: 'Nhiệm vụ báo lãnh đạo Văn phòng',
  category: 'Nhiệm vụ UBND tỉnh giao',
  reminders: { workingDaysBefore: [1], hour: '08:00' },
  escalation: [
    { level: 1, afterWorkingDays: 1, to: 'head', repeatEveryWorkingDays: 10 },
    { level: 2, afterWorkingDays: 3, to: 'account', account: login, repeatEveryWorkingDays: 3 },
  ],
});

let h: Harness;
let smtp: TestSmtp;
const previousSmtp = process.env.SMTP_URL;
beforeEach(async () => {
  smtp = await startSmtpServer();
  // The worker's notification activities read SMTP_URL when the harness creates them.
  process.env.SMTP_URL = smtp.url;
  h = await startTimeSkipping();
  await h.env.sleep(ANCHOR - (await h.env.currentTimeMs()));
});
afterEach(async () => {
  await h?.close();
  await smtp?.close();
  if (previousSmtp === undefined) delete process.env.SMTP_URL;
  else process.env.SMTP_URL = previousSmtp;
});

/** What arrived: "recipients | subject", and the text of each. */
const arrived = () => smtp.received.map((r) => ({ to: r.to.join(', '), subject: r.mail.subject, text: r.mail.text }));

describe('a ladder level naming an account', () => {
  it('is refused when no account has the login, naming the level', async () => {
    const store = new TemplateStore(h.db);
    const refusal = await store.create(ladder('khong.co.ai'), admin).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ZodError);
    expect((refusal as ZodError).issues).toMatchObject([
      { path: ['escalation', 1, 'account'], message: 'Cấp 2: không có tài khoản với tên đăng nhập “khong.co.ai”.' },
    ]);
  });

  it("reaches the account's e-mail address, and the monitoring office (saying why) once the account is disabled", async () => {
    const users = new UserStore(h.db);
    const leader = await users.create({ name: 'Lê Văn Phó', role: 'monitor', jurisdiction: 'thua-thien-hue', login: 'pho.chanh.vp', email: LEADER }, admin);
    const version = await new TemplateStore(h.db).create(ladder('Pho.Chanh.VP'), admin);
    const input: TaskWorkflowInput = {
      ...taskInput({ milestones: [{ label: 'hạn 31/12/2036', due: '2036-12-31' }] }),
      policy: toTaskPolicy(version.template),
      template: { id: version.id, version: version.version },
    };
    const workflowId = 'task:mau:bao-lanh-dao';
    await h.withWorker(async () => {
      const handle = await h.env.client.workflow.start(taskWorkflow, { args: [input], taskQueue: h.taskQueue, workflowId });
      await h.until('2037-01-09 09:00');
      const level2 = arrived().filter((m) => m.to === LEADER);
      expect(level2.map((m) => m.subject)).toEqual(['[Báo cáo lên cấp 2] Xây dựng và ban hành Kế hoạch kiểm tra văn bản QPPL năm 2027']);
      expect(level2[0]!.text).toContain('Kính gửi: Lê Văn Phó (tài khoản pho.chanh.vp)');
      expect(level2[0]!.text).toContain('Xây dựng và ban hành Kế hoạch kiểm tra văn bản QPPL năm 2027');
      // Nobody else receives level 2: not the office, not the agency's head.
      const before = arrived().length;
      expect(arrived().filter((m) => /Cấp 2|cấp 2/.test(m.subject) && m.to !== LEADER)).toEqual([]);

      await users.disable(leader.user.id, admin);
      await h.until('2037-01-20 09:00');
      const later = arrived().slice(before);
      expect(later.filter((m) => m.to.includes(LEADER))).toEqual([]);
      const fallback = later.filter((m) => m.to.includes(OFFICE));
      // Every repeat of level 2 after the account was disabled: 3 by 20/01/2037 (every 3 working days).
      expect(fallback.map((m) => m.subject)).toEqual(Array(3).fill('[Báo cáo lên cấp 2] Xây dựng và ban hành Kế hoạch kiểm tra văn bản QPPL năm 2027'));
      expect(fallback[0]!.text).toContain(
        'Nơi nhận thay thế: Cấp 2 của mẫu nhắc việc gửi tài khoản “pho.chanh.vp” (Lê Văn Phó), nhưng tài khoản đã bị khóa; thông báo được gửi Văn phòng UBND thay.',
      );
      const view = await handle.query(stateQuery);
      expect(view.template).toEqual({ id: version.id, version: 1 });
      // The timeline names the account the level goes to, not the office it is timed as.
      const escalations = view.timeline.filter((e) => e.type === 'escalation' && e.level === 2).map((e) => e.text);
      expect(escalations.length).toBeGreaterThan(3);
      expect(escalations.every((text) => text.startsWith('Báo cáo cấp 2 (tài khoản “pho.chanh.vp”)'))).toBe(true);
    });
  });
});
