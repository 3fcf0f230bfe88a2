/** Task templates, pure: validation with Vietnamese errors, policy conversion, matching the seed plans, preview and texts. */
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import {
  TemplateSchema,
  builtinTemplates,
  describeDeadlineRule,
  matchTemplate,
  previewTemplate,
  toFilePolicy,
  toTaskPolicy,
  TemplateUseError,
  levelAccount,
  unknownAccountProblems,
  TemplateChoiceError,
  assignTemplate,
  type StoredTemplate,
  type TemplateInput,
} from '../../domain/templates';
import { DEFAULT_POLICY } from '../../domain/policy';
import { DEFAULT_FILE_POLICY } from '../../domain/onestop/policy';
import { importPlanFile } from '../../domain/import';
import { renderMessage } from '../../domain/messages/render';
import { workingDaysFrom } from '../../domain/workdays';
import { planTask } from '../support/tasks';
import type { Plan } from '../../domain/plan';

const base = (): TemplateInput => ({
  name: 'Báo cáo thử nghiệm',
  category: 'Báo cáo định kỳ',
  reminders: { workingDaysBefore: [3, 0], hour: '09:00' },
  escalation: [
    { level: 1, afterWorkingDays: 1, to: 'head', repeatEveryWorkingDays: 2 },
    { level: 2, afterWorkingDays: 4, to: 'monitor', repeatEveryWorkingDays: 3 },
  ],
});

/** The Vietnamese messages of a refused template, "path: message". */
function refusal(input: unknown): string[] {
  const parsed = TemplateSchema.safeParse(input);
  if (parsed.success) throw new Error('expected the template to be refused');
  return parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('template validation', () => {
  it('accepts a sound template and fills its defaults', () => {
    const t = TemplateSchema.parse(base());
    expect(t).toMatchObject({ appliesTo: 'task', deadline: null, messages: {}, fallback: false, matching: { words: [] } });
  });

  it('refuses a level before the one it follows, naming both levels and their delays', () => {
    const input = base();
    input.escalation[1]!.afterWorkingDays = 1;
    expect(refusal(input)).toEqual([
      'escalation.1.afterWorkingDays: Cấp 2 (sau 1 ngày làm việc quá hạn) phải muộn hơn cấp 1 mà nó theo sau (sau 1 ngày làm việc).',
    ]);
  });

  it('refuses levels out of order, a zero repeat and a missing recipient, each at its place', () => {
    const input = base();
    input.escalation = [
      { level: 1, afterWorkingDays: 1, to: 'head', repeatEveryWorkingDays: 0 },
      { level: 3, afterWorkingDays: 4, repeatEveryWorkingDays: 3 },
      { level: 3, afterWorkingDays: 9, to: 'account', repeatEveryWorkingDays: 3 },
    ];
    expect(refusal(input)).toEqual([
      'escalation.0.repeatEveryWorkingDays: Cấp 1: chu kỳ nhắc lại phải từ 1 ngày làm việc trở lên (đang là 0).',
      'escalation.1.level: Cấp báo cáo thứ 2 phải là cấp 2 (đang ghi cấp 3); các cấp đánh số 1, 2, 3… theo thứ tự.',
      'escalation.1.to: Cấp 3: chưa chọn nơi nhận (Thủ trưởng cơ quan chủ trì, Văn phòng UBND, Chủ tịch UBND hoặc một tài khoản).',
      'escalation.2.account: Cấp 3: gửi tới tài khoản được chỉ định nhưng chưa ghi tên đăng nhập của tài khoản.',
    ]);
  });

  it('refuses an unknown placeholder, naming it, the kind of message and the field', () => {
    const input = {
      ...base(),
      messages: { reminder: { subject: 'Còn {soNgayConLai} ngày: {tenNhiemVu}' }, overdue: { body: 'Quá hạn {soNgayConLai} ngày ({han})' } },
    };
    const [problem, ...rest] = refusal(input);
    expect(rest).toEqual([]);
    expect(problem).toMatch(
      /^messages\.overdue\.body: Thư “Quá hạn”, nội dung: trường thay thế \{soNgayConLai\} không dùng được trong thư “Quá hạn”; các trường dùng được: \{tenNhiemVu\}, /,
    );
    expect(problem).toContain('{soNgayQuaHan}');
  });

  it('refuses an unpaired brace and a phrase dondoc cannot read', () => {
    expect(refusal({ ...base(), messages: { checkin: { subject: 'Kỳ {ky: báo cáo' } } })).toEqual([
      'messages.checkin.subject: Thư “Cập nhật tiến độ”, tiêu đề: có dấu ngoặc nhọn “{” hoặc “}” không thành cặp.',
    ]);
    const [problem] = refusal({ ...base(), deadline: { type: 'phrase', phrase: 'abc xyz' } });
    expect(problem).toMatch(/^deadline\.phrase: dondoc không đọc được cụm từ thời hạn “abc xyz”/);
  });

  it('shows the deadline rule as dondoc reads it', () => {
    expect(describeDeadlineRule({ type: 'phrase', phrase: 'Hằng năm, trước ngày 25/12' }, 2026)).toBe(
      '“Hằng năm, trước ngày 25/12”: Định kỳ hằng năm: hạn là ngày 24/12 mỗi năm (trước ngày 25/12)',
    );
    expect(describeDeadlineRule({ type: 'recurring', recurrence: [{ every: 'quarter', day: 15, monthOfPeriod: 'last', before: true }] }, 2026)).toBe(
      'Định kỳ hằng quý: hạn là ngày liền trước ngày 15 của tháng cuối mỗi quý',
    );
  });
});

describe('built-in templates and policies', () => {
  it('ship valid, the generic one being today’s defaults and the one-stop one today’s file policy', () => {
    const byId = new Map(builtinTemplates().map((b) => [b.id, b.template]));
    expect([...byId.keys()].sort()).toEqual([
      'bao-cao-cchc-6-thang',
      'bao-cao-cchc-nam',
      'bao-cao-cchc-quy',
      'bao-cao-tre-han-xin-loi',
      'ho-so-mot-cua-118',
      'ke-hoach-cchc-nam',
      'ke-hoach-kiem-tra-nam',
      'nhiem-vu-ke-hoach',
    ]);
    expect(toTaskPolicy(byId.get('nhiem-vu-ke-hoach')!)).toEqual(DEFAULT_POLICY);
    expect(toFilePolicy(byId.get('ho-so-mot-cua-118')!)).toEqual(DEFAULT_FILE_POLICY);
    expect(() => toTaskPolicy(byId.get('ho-so-mot-cua-118')!)).toThrow(TemplateUseError);
  });

  it('converts reminders, hour and ladder into the task policy', () => {
    expect(toTaskPolicy(TemplateSchema.parse(base()))).toMatchObject({
      reminderOffsets: [3, 0],
      officeHour: '09:00',
      escalation: [
        { level: 1, afterWorkingDays: 1, to: 'head', requireAck: true, repeatEveryWorkingDays: 2 },
        { level: 2, afterWorkingDays: 4, to: 'monitor', requireAck: true, repeatEveryWorkingDays: 3 },
      ],
    });
  });

  it('times a level to a named account as a level to the monitoring office (the activity sends it to the account) and names the accounts', () => {
    const input = base();
    input.escalation[1] = { level: 2, afterWorkingDays: 4, to: 'account', account: 'VP.Thua-Thien-Hue', repeatEveryWorkingDays: 3 };
    const template = TemplateSchema.parse(input);
    expect(toTaskPolicy(template).escalation[1]).toEqual({
      level: 2,
      afterWorkingDays: 4,
      to: 'monitor',
      requireAck: true,
      repeatEveryWorkingDays: 3,
      account: 'vp.thua-thien-hue',
    });
    expect(toTaskPolicy(template).escalation[0]).not.toHaveProperty('account');
    expect(levelAccount(template, 2)).toBe('vp.thua-thien-hue');
    expect(levelAccount(template, 1)).toBeUndefined();
    expect(unknownAccountProblems(template, new Set(['vp.thua-thien-hue']))).toEqual([]);
    expect(unknownAccountProblems(template, new Set())).toEqual([
      { path: ['escalation', 1, 'account'], message: 'Cấp 2: không có tài khoản với tên đăng nhập “vp.thua-thien-hue”.' },
    ]);
  });
});

describe('matching', () => {
  const stored: StoredTemplate[] = builtinTemplates().map((b) => ({ ...b, version: 1 }));
  const plan: Plan = {
    id: 'kh-thu',
    number: null,
    issuer: null,
    jurisdiction: 'thua-thien-hue',
    issuedOn: null,
    title: 'Kế hoạch thử',
    year: 2026,
    source: 'test',
  };

  it('gives the seed plans’ repeated duties their templates, the rest the generic one', async () => {
    const picked = new Map<string, string>();
    for (const file of ['plans/3322-QD-UBND-2024-thua-thien-hue.txt', 'plans/tuy-phuoc-cchc-2024.txt']) {
      const imported = await importPlanFile(file);
      for (const task of imported.tasks) picked.set(`${imported.plan.id}:${task.ref}`, matchTemplate(task, imported.plan, stored)!.template.id);
    }
    expect(Object.fromEntries([...picked].filter(([, id]) => id !== 'nhiem-vu-ke-hoach'))).toEqual({
      '3322-qd-ubnd-2024:1.1.6': 'ke-hoach-kiem-tra-nam',
      '3322-qd-ubnd-2024:7.1.1': 'ke-hoach-cchc-nam',
      '3322-qd-ubnd-2024:7.2.1': 'ke-hoach-kiem-tra-nam',
      'kh-cchc-khac-phuc-tuy-phuoc-2024:1.duy-tri.1.2': 'bao-cao-cchc-quy',
      'kh-cchc-khac-phuc-tuy-phuoc-2024:1.duy-tri.6.1': 'ke-hoach-kiem-tra-nam',
      'kh-cchc-khac-phuc-tuy-phuoc-2024:3.khac-phuc.2.2': 'bao-cao-tre-han-xin-loi',
      'kh-cchc-khac-phuc-tuy-phuoc-2024:3.duy-tri.2.2': 'bao-cao-cchc-quy',
      'kh-cchc-khac-phuc-tuy-phuoc-2024:3.duy-tri.3.2': 'bao-cao-tre-han-xin-loi',
      'kh-cchc-khac-phuc-tuy-phuoc-2024:4.duy-tri.2.2': 'bao-cao-cchc-6-thang',
    });
    expect(picked.size).toBe(126);
  });

  it('explains its choice; an explicit choice wins over the rules; a retired template is not matched', () => {
    const task = planTask({ planId: plan.id, ref: '1', lead: ['Sở Nội vụ'], activity: 'Xây dựng, ban hành Kế hoạch cải cách hành chính năm 2027' });
    expect(matchTemplate(task, plan, stored)).toMatchObject({
      template: { id: 'ke-hoach-cchc-nam' },
      reason: 'Khớp quy tắc: từ ngữ “xây dựng”, từ ngữ “kế hoạch cải cách hành chính”',
      explicit: false,
    });
    expect(matchTemplate(task, plan, stored, 'bao-cao-cchc-nam')).toMatchObject({ template: { id: 'bao-cao-cchc-nam' }, explicit: true });
    const retired = stored.map((s) => (s.id === 'ke-hoach-cchc-nam' ? { ...s, retired: true } : s));
    expect(matchTemplate(task, plan, retired)?.template.id).toBe('nhiem-vu-ke-hoach');
    expect(() => matchTemplate(task, plan, stored, 'khong-co')).toThrow(TemplateChoiceError);
    expect(() => matchTemplate(task, plan, stored, 'ho-so-mot-cua-118')).toThrow('dành cho hồ sơ thủ tục hành chính');
  });

  it('requires every criterion given: plan, area, product type, lead and words', () => {
    const own: StoredTemplate = {
      id: 'rieng',
      version: 3,
      template: TemplateSchema.parse({
        ...base(),
        matching: {
          plans: ['kh-thu'],
          areas: ['Cải cách thể chế'],
          productTypes: ['Quyết định'],
          leads: ['Sở Tư pháp'],
          words: ['văn bản QPPL|quy phạm pháp luật'],
        },
      }),
    };
    const task = planTask({
      planId: plan.id,
      ref: '2',
      lead: ['Sở Tư pháp'],
      area: 'Cải cách thể chế',
      product: 'Quyết định, Kế hoạch',
      activity: 'Kiểm tra văn bản quy phạm pháp luật',
    });
    expect(matchTemplate(task, plan, [own])?.reason).toBe(
      'Khớp quy tắc: kế hoạch “kh-thu”, lĩnh vực “Cải cách thể chế”, loại sản phẩm “Quyết định”, cơ quan chủ trì “Sở Tư pháp”, từ ngữ “quy phạm pháp luật”',
    );
    expect(matchTemplate({ ...task, lead: ['Sở Nội vụ'] }, plan, [own])).toBeNull();
    expect(matchTemplate({ ...task, product: 'Báo cáo' }, plan, [own])).toBeNull();
    expect(matchTemplate(task, { ...plan, id: 'khac' }, [own])).toBeNull();
  });
});

describe('preview', () => {
  const calendar = workingDaysFrom({ from: '2036-06-01', to: '2038-12-31', holidays: ['2037-01-01'], makeUp: [] });
  const sample = {
    workflowId: 'task:mau:1',
    planTitle: 'Kế hoạch thử',
    title: 'Báo cáo kết quả CCHC quý IV',
    product: 'Báo cáo',
    lead: 'Sở Tư pháp',
    deadlineText: 'Trước ngày 01/01/2037',
    explanation: 'Hạn cuối: 31/12/2036',
    jurisdiction: 'thua-thien-hue',
  };

  it('lists every reminder, status change and escalation with its date, recipients and message', () => {
    const template = TemplateSchema.parse({
      ...base(),
      messages: {
        reminder: { subject: '[Nhắc] {tenNhiemVu}: còn {soNgayConLai} ngày, hạn {han}', body: 'Kính đề nghị {coQuanChuTri} gửi báo cáo trước {thuHan}.' },
      },
    });
    // Level 1 (1 working day after due, every 2), level 2 (4 after, every 3); Tết Dương lịch 01/01/2037 is off.
    const entries = previewTemplate(template, sample, '2036-12-31', '2036-12-01', calendar, { until: '2037-01-12' });
    expect(entries.map((e) => `${e.type}${e.level ? `[${e.level}]` : ''}${e.status ? `:${e.status}` : ''} ${e.at}`)).toEqual([
      'status:due_soon 2036-12-26T02:00:00.000Z',
      'reminder 2036-12-26T02:00:00.000Z',
      'due_today 2036-12-31T02:00:00.000Z',
      'status:overdue 2036-12-31T17:00:00.000Z',
      'overdue 2037-01-01T02:00:00.000Z',
      'escalation[1] 2037-01-05T02:00:00.000Z',
      'escalation[1] 2037-01-07T02:00:00.000Z',
      'escalation[2] 2037-01-08T02:00:00.000Z',
      'escalation[1] 2037-01-09T02:00:00.000Z',
    ]);
    const reminder = entries.find((e) => e.type === 'reminder')!;
    expect(reminder.key).toBe('task:mau:1:0:Sở Tư pháp@2036-12-31:reminder:3');
    expect(reminder.recipients).toEqual([{ role: 'officer', agency: 'Sở Tư pháp' }]);
    expect(reminder.message!.subject).toBe('[Nhắc] Báo cáo kết quả CCHC quý IV: còn 5 ngày, hạn 31/12/2036');
    expect(reminder.message!.text).toContain('Kính đề nghị Sở Tư pháp gửi báo cáo trước Thứ Tư, 31/12/2036.');
    // Kinds without texts of the template keep the default ones.
    expect(entries.find((e) => e.type === 'overdue')!.message!.subject).toBe('[Quá hạn 1 ngày] Báo cáo kết quả CCHC quý IV');
    const level2 = entries.find((e) => e.level === 2)!;
    expect(level2.recipients).toEqual([
      { role: 'monitor', jurisdiction: 'thua-thien-hue' },
      { role: 'head', agency: 'Sở Tư pháp' },
    ]);
    expect(level2.message!.subject).toBe('[Báo cáo lên cấp 2] Báo cáo kết quả CCHC quý IV');
  });

  it('renders with the template’s texts only the kinds it gives, as the notify activity would', () => {
    const texts = { overdue: { subject: 'Chậm {soNgayQuaHan} ngày (từ {quaHanTu}): {tenNhiemVu}', action: 'Giải trình' } };
    const request = {
      key: 'k',
      kind: 'reminder' as const,
      to: [{ role: 'officer' as const, agency: 'Sở Tư pháp' }],
      asOf: '2037-01-03',
      subject: {
        workflowId: 'task:x',
        planTitle: null,
        title: 'Việc A',
        product: null,
        lead: ['Sở Tư pháp'],
        deadlineText: null,
        explanation: null,
        due: '2036-12-31',
      },
      details: { template: 'mau@2' },
    };
    // A reminder sent after its due date reads as the overdue notice, with the overdue texts.
    const late = renderMessage(request, 'Sở Tư pháp', { texts });
    expect(late.subject).toBe('Chậm 3 ngày (từ 01/01/2037): Việc A');
    expect(late.text).toContain('Giải trình:\nhttp://127.0.0.1:3000/tasks/task%3Ax');
    expect(late.text).not.toContain('mau@2');
    expect(renderMessage({ ...request, asOf: '2036-12-29' }, 'Sở Tư pháp', { texts }).subject).toBe('[Nhắc việc] Còn 2 ngày: Việc A');
  });

  it('names a level addressed to an account', () => {
    const input = base();
    input.escalation[1] = { level: 2, afterWorkingDays: 4, to: 'account', account: 'lanhdao.vp', repeatEveryWorkingDays: 3 };
    const entries = previewTemplate(TemplateSchema.parse(input), sample, '2036-12-31', '2036-12-01', calendar, { until: '2037-01-09' });
    expect(entries.find((e) => e.level === 2)).toMatchObject({ to: 'tài khoản được chỉ định “lanhdao.vp”', recipients: [] });
  });
});

it('refusals are ZodErrors the API turns into 400 with the Vietnamese text', () => {
  expect(() => TemplateSchema.parse({ ...base(), escalation: [{ level: 1, afterWorkingDays: 0, to: 'head', repeatEveryWorkingDays: 0 }] })).toThrow(ZodError);
});

describe('assignment at import', () => {
  const stored: StoredTemplate[] = builtinTemplates().map((b) => ({ ...b, version: 1 }));
  const plan: Plan = {
    id: 'kh-thu',
    number: null,
    issuer: null,
    jurisdiction: 'thua-thien-hue',
    issuedOn: null,
    title: 'Kế hoạch thử',
    year: 2026,
    source: 'test',
  };

  it('gives each task the template version it follows, why, and the policy its workflow runs', () => {
    const task = planTask({ planId: plan.id, ref: '1', lead: ['Sở Nội vụ'], activity: 'Xây dựng, ban hành Kế hoạch kiểm tra CCHC năm 2027' });
    const assigned = assignTemplate(task, plan, stored)!;
    expect(assigned).toMatchObject({ template: { id: 'ke-hoach-kiem-tra-nam', version: 1 }, name: 'Kế hoạch kiểm tra hằng năm', explicit: false });
    expect(assigned.policy.reminderOffsets).toEqual([10, 3, 0]);
    expect(assignTemplate(task, plan, stored, { id: 'nhiem-vu-ke-hoach', version: 1 })).toMatchObject({ explicit: true, policy: DEFAULT_POLICY });
    expect(assignTemplate(task, plan, [])).toBeNull();
  });
});
