/**
 * Every text field and list of client input is bounded, and every date falls in the years the
 * working-day calendar covers: a 1.1 MB note or a due date in 9999 is refused by the schema (at the
 * API edge and in the workflows' validators) with a Vietnamese message naming the field.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import {
  AcknowledgeSchema,
  CancelSchema,
  CompleteSchema,
  ExtendSchema,
  ProgressSchema,
  ReassignSchema,
  SetDeadlineSchema,
  TriggerSchema,
} from '../../domain/task-inputs';
import {
  AcknowledgeFileSchema,
  DocumentsReceivedSchema,
  RequestDocumentsSchema,
  ResultSchema,
  SubmitApologySchema,
  TransferSchema,
  WithdrawSchema,
} from '../../domain/onestop/inputs';
import { OneStopFileSchema } from '../../domain/onestop/file';
import { PlanSchema, TaskSchema } from '../../domain/plan';
import { LIMITS } from '../../domain/input-limits';
import { resolveFileAgencies } from '../../domain/onestop/directory';
import { readOneStopCsvFiles } from '../../domain/onestop/csv-files';
import { DirectorySchema } from '../../domain/directory';
import { importPlanFile } from '../../domain/import';

const actor = { name: 'Nguyễn Văn A', role: 'monitor' as const };
const file = {
  code: 'H57-260209-0001',
  procedure: { code: '1.001', name: 'Chứng thực bản sao', workingDays: 3 },
  applicant: { name: 'Trần Thị B', address: 'Tuy Phước' },
  receivingUnit: 'Bộ phận Một cửa huyện',
  agencies: ['Phòng Tư pháp'],
  receivedAt: '2026-02-09T09:00:00+07:00',
  appointment: { date: '2026-02-12' },
  jurisdiction: 'tuy-phuoc',
};
const apology = {
  actor,
  number: '12/PXL',
  date: '2026-02-11',
  signer: 'Lê C',
  reason: 'Cần xác minh thêm hồ sơ địa chính',
  newAppointment: '2026-02-20',
  place: 'Tuy Phước',
};
const planRow = {
  id: '45-kh-ubnd-2025',
  number: '45/KH-UBND',
  issuer: 'UBND huyện Tuy Phước',
  jurisdiction: 'tuy-phuoc',
  issuedOn: '2025-04-12',
  title: 'Kế hoạch CCHC năm 2025',
  year: 2025,
  source: 'k.xlsx',
};
const schedule = {
  text: 'Trước 31/12/2025',
  kind: 'once',
  due: '2025-12-30',
  milestones: ['2025-12-30'],
  recurrence: null,
  parts: [],
  explanation: 'Hạn 30/12/2025.',
};
const task = {
  planId: '45-kh-ubnd-2025',
  ref: 'NV-1',
  source: { file: 'k.xlsx', row: 2 },
  area: 'Cải cách thể chế',
  group: null,
  objective: 'Mục tiêu',
  task: 'Nhiệm vụ',
  activity: 'Hoạt động',
  product: 'Báo cáo',
  lead: ['Phòng Nội vụ'],
  leadText: 'Phòng Nội vụ',
  coordinating: ['Phòng Tư pháp'],
  deadlineText: 'Trước 31/12/2025',
  schedule,
  budget: { text: 'Theo dự toán' },
  notes: 'Ghi chú',
  context: 'Nội dung dòng',
};

type Case = { schema: z.ZodType; valid: Record<string, unknown>; path: (string | number)[]; max: number; label: string };
const cases: Case[] = [
  { schema: CompleteSchema, valid: { actor, evidence: 'CV 12/UBND', note: 'x' }, path: ['evidence'], max: LIMITS.REASON, label: 'minh chứng' },
  { schema: CompleteSchema, valid: { actor, evidence: 'CV 12/UBND', note: 'x' }, path: ['note'], max: LIMITS.NOTE, label: 'ghi chú' },
  { schema: CompleteSchema, valid: { actor, evidence: 'CV', agency: 'Phòng Nội vụ' }, path: ['agency'], max: LIMITS.NAME, label: 'cơ quan hoàn thành' },
  { schema: CompleteSchema, valid: { actor, evidence: 'CV' }, path: ['actor', 'name'], max: LIMITS.NAME, label: 'tên người thực hiện' },
  { schema: ProgressSchema, valid: { actor, percent: 50, note: 'Đang làm' }, path: ['note'], max: LIMITS.NOTE, label: 'nội dung tiến độ' },
  {
    schema: ExtendSchema,
    valid: { actor, newDue: '2026-03-01', reason: 'Lý do', approvedBy: 'Chủ tịch' },
    path: ['reason'],
    max: LIMITS.REASON,
    label: 'lý do gia hạn',
  },
  {
    schema: ExtendSchema,
    valid: { actor, newDue: '2026-03-01', reason: 'Lý do', approvedBy: 'Chủ tịch' },
    path: ['approvedBy'],
    max: LIMITS.NAME,
    label: 'người phê duyệt gia hạn',
  },
  { schema: SetDeadlineSchema, valid: { actor, due: '2026-03-01', note: 'n' }, path: ['note'], max: LIMITS.NOTE, label: 'ghi chú' },
  { schema: ReassignSchema, valid: { actor, leads: ['Phòng Nội vụ'], reason: 'Lý do' }, path: ['reason'], max: LIMITS.REASON, label: 'lý do giao lại' },
  { schema: ReassignSchema, valid: { actor, leads: ['Phòng Nội vụ'], reason: 'Lý do' }, path: ['leads', 0], max: LIMITS.NAME, label: 'tên cơ quan chủ trì' },
  { schema: AcknowledgeSchema, valid: { actor, level: 2, comment: 'Đã biết' }, path: ['comment'], max: LIMITS.REASON, label: 'ý kiến' },
  { schema: CancelSchema, valid: { actor, reason: 'Lý do' }, path: ['reason'], max: LIMITS.REASON, label: 'lý do hủy' },
  { schema: TriggerSchema, valid: { actor, title: 'Sự kiện' }, path: ['title'], max: LIMITS.REASON, label: 'mô tả sự kiện' },
  { schema: TransferSchema, valid: { actor, note: 'n', to: 'Phòng Tư pháp' }, path: ['note'], max: LIMITS.NOTE, label: 'ghi chú' },
  { schema: TransferSchema, valid: { actor, note: 'n', to: 'Phòng Tư pháp' }, path: ['to'], max: LIMITS.NAME, label: 'cơ quan nhận hồ sơ' },
  { schema: RequestDocumentsSchema, valid: { actor, reason: 'Thiếu bản sao' }, path: ['reason'], max: LIMITS.REASON, label: 'lý do yêu cầu bổ sung' },
  { schema: DocumentsReceivedSchema, valid: { actor, note: 'n' }, path: ['note'], max: LIMITS.NOTE, label: 'ghi chú' },
  { schema: ResultSchema, valid: { actor, note: 'n' }, path: ['note'], max: LIMITS.NOTE, label: 'ghi chú' },
  { schema: WithdrawSchema, valid: { actor, reason: 'Rút' }, path: ['reason'], max: LIMITS.REASON, label: 'lý do rút hồ sơ' },
  { schema: AcknowledgeFileSchema, valid: { actor, level: 2, comment: 'Đã biết' }, path: ['comment'], max: LIMITS.REASON, label: 'ý kiến' },
  { schema: SubmitApologySchema, valid: apology, path: ['reason'], max: LIMITS.REASON, label: 'lý do chậm trễ' },
  { schema: SubmitApologySchema, valid: apology, path: ['signer'], max: LIMITS.NAME, label: 'họ tên người ký phiếu' },
  { schema: SubmitApologySchema, valid: apology, path: ['place'], max: LIMITS.NAME, label: 'địa danh' },
  { schema: OneStopFileSchema, valid: file, path: ['applicant', 'name'], max: LIMITS.NAME, label: 'tên người nộp hồ sơ' },
  { schema: OneStopFileSchema, valid: file, path: ['applicant', 'address'], max: 2 * LIMITS.NAME, label: 'địa chỉ người nộp' },
  { schema: OneStopFileSchema, valid: file, path: ['procedure', 'name'], max: LIMITS.REASON, label: 'tên thủ tục hành chính' },
  { schema: OneStopFileSchema, valid: file, path: ['receivingUnit'], max: LIMITS.NAME, label: 'nơi tiếp nhận hồ sơ' },
  { schema: OneStopFileSchema, valid: file, path: ['agencies', 0], max: LIMITS.NAME, label: 'tên cơ quan giải quyết' },
  { schema: PlanSchema, valid: planRow, path: ['title'], max: LIMITS.REASON, label: 'tên kế hoạch' },
  { schema: PlanSchema, valid: planRow, path: ['issuer'], max: LIMITS.NAME, label: 'cơ quan ban hành' },
  { schema: TaskSchema, valid: task, path: ['task'], max: LIMITS.DOCUMENT_TEXT, label: 'nhiệm vụ' },
  { schema: TaskSchema, valid: task, path: ['notes'], max: LIMITS.NOTE, label: 'ghi chú' },
  { schema: TaskSchema, valid: task, path: ['context'], max: LIMITS.DOCUMENT_TEXT, label: 'nội dung dòng' },
  { schema: TaskSchema, valid: task, path: ['lead', 0], max: LIMITS.NAME, label: 'tên cơ quan chủ trì' },
];

function withValue(base: Record<string, unknown>, path: (string | number)[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(base);
  let at: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  at[path.at(-1)!] = value;
  return copy;
}

function messages(schema: z.ZodType, input: unknown): string[] {
  const parsed = schema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('every text field has a maximum length', () => {
  it.each(cases.map((c) => [`${c.path.join('.')} (${c.label})`, c] as const))('%s', (_, c) => {
    expect(messages(c.schema, c.valid)).toEqual([]);
    expect(messages(c.schema, withValue(c.valid, c.path, 'ạ'.repeat(c.max)))).toEqual([]);
    const max = c.max.toLocaleString('de-DE');
    expect(messages(c.schema, withValue(c.valid, c.path, 'ạ'.repeat(c.max + 1)))).toEqual([
      `${c.path.join('.')}: ${c.label} quá dài: tối đa ${max} ký tự (đã gửi ${(c.max + 1).toLocaleString('de-DE')})`,
    ]);
  });

  it('a 1.1 MB progress note or document request is refused, naming the field', () => {
    const huge = 'Báo cáo tiến độ. '.repeat(65_000);
    expect(huge.length).toBeGreaterThan(1_100_000);
    expect(messages(ProgressSchema, { actor, percent: 10, note: huge })).toEqual([`note: nội dung tiến độ quá dài: tối đa 4.000 ký tự (đã gửi 1.105.000)`]);
    expect(messages(RequestDocumentsSchema, { actor, reason: huge })).toEqual([`reason: lý do yêu cầu bổ sung quá dài: tối đa 2.000 ký tự (đã gửi 1.105.000)`]);
  });

  it('lists are bounded: at most 100 lead agencies, 20 agencies processing a file', () => {
    const leads = Array.from({ length: 101 }, (_, i) => `Cơ quan ${i}`);
    expect(messages(ReassignSchema, { actor, leads, reason: 'Lý do' })).toEqual(['leads: danh sách cơ quan chủ trì: tối đa 100 mục']);
    expect(messages(ReassignSchema, { actor, leads: leads.slice(0, 100), reason: 'Lý do' })).toEqual([]);
    expect(messages(TaskSchema, { ...task, lead: leads })).toEqual(['lead: danh sách cơ quan chủ trì: tối đa 100 mục']);
    const agencies = Array.from({ length: 21 }, (_, i) => `Cơ quan ${i}`);
    expect(messages(OneStopFileSchema, { ...file, agencies })).toEqual(['agencies: danh sách cơ quan giải quyết: tối đa 20 mục']);
  });
});

describe('dates outside the calendar (2021–2040) are refused', () => {
  const outside = (label: string, year: number) => `${label}: năm ${year} ngoài phạm vi lịch làm việc 2021–2040`;

  it('task Updates: new due date, deadline, completion time, event due date', () => {
    expect(messages(ExtendSchema, { actor, newDue: '9999-12-31', reason: 'r', approvedBy: 'b' })).toEqual([`newDue: ${outside('hạn mới', 9999)}`]);
    expect(messages(SetDeadlineSchema, { actor, due: '2019-12-31' })).toEqual([`due: ${outside('hạn hoàn thành', 2019)}`]);
    expect(messages(CompleteSchema, { actor, evidence: 'e', completedAt: '1970-01-01T00:00:00Z' })).toEqual([
      `completedAt: ${outside('thời điểm hoàn thành', 1970)}`,
    ]);
    // 31/12/2040 19:00 UTC is already 2041 in Vietnam.
    expect(messages(CompleteSchema, { actor, evidence: 'e', completedAt: '2040-12-31T19:00:00Z' })).toEqual([
      `completedAt: ${outside('thời điểm hoàn thành', 2041)}`,
    ]);
    expect(messages(TriggerSchema, { actor, title: 't', due: '2041-01-01' })).toEqual([`due: ${outside('hạn của sự kiện', 2041)}`]);
    expect(messages(ExtendSchema, { actor, newDue: '2040-12-31', reason: 'r', approvedBy: 'b' })).toEqual([]);
    expect(messages(CompleteSchema, { actor, evidence: 'e', completedAt: '2021-01-01T00:00:00+07:00' })).toEqual([]);
  });

  it('file Updates and intake: event time, reception time, appointment, new appointment', () => {
    expect(messages(ResultSchema, { actor, at: '2000-01-01T08:00:00+07:00' })).toEqual([`at: ${outside('thời điểm', 2000)}`]);
    expect(messages(OneStopFileSchema, { ...file, receivedAt: '2000-01-01T08:00:00+07:00', appointment: undefined })).toEqual([
      `receivedAt: ${outside('thời điểm tiếp nhận', 2000)}`,
    ]);
    expect(messages(OneStopFileSchema, { ...file, appointment: { date: '9999-01-01' } })).toEqual([
      `appointment.date: ${outside('ngày hẹn trả kết quả', 9999)}`,
    ]);
    expect(messages(SubmitApologySchema, { ...apology, newAppointment: '9999-01-04' })).toEqual([`newAppointment: ${outside('ngày hẹn mới', 9999)}`]);
  });

  it('a plan year of 2015 and a task due in 9999, posted to POST /api/tasks', () => {
    expect(messages(PlanSchema, { ...planRow, year: 2015 })).toEqual([`year: ${outside('năm kế hoạch', 2015)}`]);
    expect(messages(TaskSchema, { ...task, schedule: { ...schedule, due: '9999-12-31', milestones: ['9999-12-31'] } })).toEqual([
      `schedule.due: ${outside('thời hạn', 9999)}`,
      `schedule.milestones.0: ${outside('thời hạn', 9999)}`,
    ]);
    const parts = [{ agency: 'Phòng Nội vụ', schedule: { ...schedule, due: '2100-01-01', milestones: [] } }];
    expect(messages(TaskSchema, { ...task, schedule: { ...schedule, parts } })).toEqual([`schedule.parts.0.schedule.due: ${outside('thời hạn', 2100)}`]);
  });

  it('the sample plans (2024, 2025) still import, and their tasks pass the schema', async () => {
    for (const name of ['tuy-phuoc-cchc-2024.txt', '3322-QD-UBND-2024-thua-thien-hue.txt']) {
      const result = await importPlanFile(fileURLToPath(new URL(`../../plans/${name}`, import.meta.url)));
      expect([2024, 2025]).toContain(result.plan.year);
      expect(messages(PlanSchema, result.plan)).toEqual([]);
      for (const t of result.tasks) expect(messages(TaskSchema, t)).toEqual([]);
    }
  });
});

describe('one agency named twice through an alias', () => {
  const directory = DirectorySchema.parse(JSON.parse(readFileSync(fileURLToPath(new URL('../../config/agencies.json', import.meta.url)), 'utf8')));

  it('is a problem of the intake, naming both names', () => {
    expect(resolveFileAgencies({ ...file, agencies: ['Phòng Tư pháp', 'Phòng Tư pháp huyện'] }, directory).problems).toEqual([
      'agencies.1: "Phòng Tư pháp huyện" và "Phòng Tư pháp" (vị trí 1) là cùng một cơ quan (Phòng Tư pháp); mỗi cơ quan chỉ ghi một lần trong quy trình giải quyết.',
    ]);
  });

  it('in a CSV row, is a problem of that row; the import of the others goes on', () => {
    const csv = [
      'Mã hồ sơ,Mã thủ tục,Tên thủ tục,Thời hạn giải quyết (ngày làm việc),Người nộp,Nơi tiếp nhận,Cơ quan giải quyết,Thời điểm tiếp nhận',
      'H57-1,1.001,Chứng thực bản sao,1,Lê Văn C,Bộ phận Một cửa huyện,Phòng Tư pháp huyện → Phòng Tư pháp,02/03/2037 09:00',
      'H57-2,1.001,Chứng thực bản sao,1,Lê Văn D,Bộ phận Một cửa huyện,Phòng Tư pháp,02/03/2037 09:00',
    ].join('\n');
    const result = readOneStopCsvFiles(csv, directory);
    expect(result.files.map((f) => f.file.code)).toEqual(['H57-2']);
    expect(result.problems).toEqual([
      {
        row: 2,
        column: 'Cơ quan giải quyết',
        message:
          'agencies.1: "Phòng Tư pháp" và "Phòng Tư pháp huyện" (vị trí 1) là cùng một cơ quan (Phòng Tư pháp); mỗi cơ quan chỉ ghi một lần trong quy trình giải quyết.',
      },
    ]);
  });
});

describe('a missing or mistyped field is named in Vietnamese', () => {
  it('no English default messages reach the client', () => {
    expect(messages(CompleteSchema, { actor })).toEqual(['evidence: cần số văn bản hoặc đường dẫn minh chứng']);
    expect(messages(ExtendSchema, { actor, newDue: 5, reason: {}, approvedBy: null })).toEqual([
      'newDue: hạn mới: ngày phải có dạng YYYY-MM-DD',
      'reason: lý do gia hạn phải là văn bản',
      'approvedBy: cần người phê duyệt gia hạn',
    ]);
    const { code: _, jurisdiction: __, ...rest } = file;
    expect(messages(OneStopFileSchema, rest)).toEqual(['code: thiếu mã hồ sơ', 'jurisdiction: thiếu mã đơn vị hành chính']);
  });
});
