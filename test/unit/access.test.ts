/**
 * Who may read and act on what (api/access.ts), over the jurisdiction tree of the shipped
 * directory (Tuy Phước under Bình Định; Thừa Thiên Huế apart); what an agency sees of a group task;
 * what an intake may claim.
 */
import { describe, expect, it } from 'vitest';
import { shippedDirectory } from '../../storage/directory';
import { ancestry, directoryProblems, isWithin, subtree } from '../../domain/jurisdictions';
import { Access, DESK_REFUSAL, READ_ONLY_REFUSAL, VIEWER_REFUSAL } from '../../api/access';
import { actorOf, AuthError, type User } from '../../api/auth';
import { ApiError } from '../../api/errors';
import { agencyTaskView } from '../../api/task-views';
import { differingFields, receivedAtProblem } from '../../api/intake-rules';
import { parseOneStopFile } from '../../domain/onestop/file';
import type { ObligationView, TaskView } from '../../workflows/task-api';

const directory = shippedDirectory();
const access = new Access(() => directory);
const user = (u: Omit<User, 'id'>): User => ({ id: 0, ...u });
const admin = user({ name: 'Quản trị', role: 'admin' });
const monitorTp = user({ name: 'VP huyện', role: 'monitor', jurisdiction: 'tuy-phuoc' });
const monitorBd = user({ name: 'VP tỉnh Bình Định', role: 'monitor', jurisdiction: 'binh-dinh' });
const monitorHue = user({ name: 'VP tỉnh TT Huế', role: 'monitor', jurisdiction: 'thua-thien-hue' });
const noiVu = user({ name: 'Cán bộ', role: 'agency', agency: 'Phòng Nội vụ' });
const tuPhap = user({ name: 'Cán bộ', role: 'agency', agency: 'Phòng Tư pháp' });
const soNoiVu = user({ name: 'Cán bộ', role: 'agency', agency: 'Sở Nội vụ' });
const viewerBd = user({ name: 'Thanh tra tỉnh', role: 'viewer', jurisdiction: 'binh-dinh' });
const viewerHue = user({ name: 'Thanh tra tỉnh TT Huế', role: 'viewer', jurisdiction: 'thua-thien-hue' });
const desk = user({ name: 'Một cửa huyện', role: 'desk', agency: 'Bộ phận Một cửa huyện', jurisdiction: 'tuy-phuoc' });
const tpTask = { jurisdiction: 'tuy-phuoc', agencies: ['Phòng Nội vụ'] };
/** A Tuy Phước file received by the district's desk, processed by Phòng Nội vụ. */
const tpFile = { jurisdiction: 'tuy-phuoc', agencies: ['Phòng Nội vụ', 'Bộ phận Một cửa huyện'] };

describe('the jurisdiction tree of the shipped directory', () => {
  it('puts Tuy Phước under Bình Định and leaves Thừa Thiên Huế on its own', () => {
    expect(directoryProblems(directory)).toEqual([]);
    expect(ancestry(directory, 'tuy-phuoc')).toEqual(['tuy-phuoc', 'binh-dinh']);
    expect(subtree(directory, 'binh-dinh')).toEqual(['binh-dinh', 'tuy-phuoc']);
    expect(subtree(directory, 'thua-thien-hue')).toEqual(['thua-thien-hue']);
    expect(isWithin(directory, 'tuy-phuoc', 'binh-dinh')).toBe(true);
    expect(isWithin(directory, 'binh-dinh', 'tuy-phuoc')).toBe(false);
    expect(subtree(directory, 'khong-co')).toEqual([]);
  });
});

describe('Access', () => {
  it('lets a monitor act in its jurisdiction, its province read but not act, another province nothing', () => {
    expect([admin, monitorTp, monitorBd, monitorHue].map((u) => [access.mayRead(u, tpTask), access.mayAct(u, tpTask)])).toEqual([
      [true, true],
      [true, true],
      [true, false],
      [false, false],
    ]);
  });

  it('refuses a monitor of another jurisdiction with 404 (existence not revealed), a reading province with 403', () => {
    const refusal = (fn: () => void) => {
      try {
        fn();
        return null;
      } catch (err) {
        return [(err as ApiError | AuthError).statusCode, (err as Error).message];
      }
    };
    expect(refusal(() => access.assertRead(monitorHue, tpTask, 'x'))).toEqual([404, 'Không tìm thấy.']);
    expect(refusal(() => access.assertAct(monitorHue, tpTask, 'x'))).toEqual([404, 'Không tìm thấy.']);
    expect(refusal(() => access.assertAct(monitorBd, tpTask, 'x'))).toEqual([403, READ_ONLY_REFUSAL]);
    expect(refusal(() => access.assertRead(tuPhap, tpTask, 'Cơ quan của bạn không chủ trì nhiệm vụ này.'))).toEqual([
      403,
      'Cơ quan của bạn không chủ trì nhiệm vụ này.',
    ]);
    expect(refusal(() => access.assertAct(noiVu, tpTask, 'x'))).toBeNull();
  });

  it('scopes an agency to its own jurisdiction, even where a name is the same', () => {
    expect(access.readScope(noiVu)).toEqual({ jurisdictions: ['tuy-phuoc'], agency: 'Phòng Nội vụ' });
    expect(access.mayRead(noiVu, { jurisdiction: 'thua-thien-hue', agencies: ['Phòng Nội vụ'] })).toBe(false);
    expect(access.mayRead(soNoiVu, { jurisdiction: 'thua-thien-hue', agencies: ['Sở Nội vụ'] })).toBe(true);
  });

  it('lists for a monitor its jurisdiction and those below it', () => {
    expect(access.readScope(monitorBd)).toEqual({ jurisdictions: ['binh-dinh', 'tuy-phuoc'] });
    expect(access.readScope(monitorTp)).toEqual({ jurisdictions: ['tuy-phuoc'] });
    expect(access.readScope(admin)).toEqual({ jurisdictions: 'all' });
  });

  it('lets a monitor create only in its own jurisdiction (imports, intake)', () => {
    expect(() => access.assertCreateIn(monitorTp, 'tuy-phuoc')).not.toThrow();
    expect(() => access.assertCreateIn(monitorBd, 'tuy-phuoc')).toThrow(/chỉ được tạo dữ liệu cho đơn vị hành chính của mình \(binh-dinh\)/);
    expect(() => access.assertCreateIn(admin, 'thua-thien-hue')).not.toThrow();
  });

  it('lets a viewer read like a monitor and act on nothing', () => {
    expect(access.readScope(viewerBd)).toEqual({ jurisdictions: ['binh-dinh', 'tuy-phuoc'] });
    expect([viewerBd, viewerHue].map((u) => [access.mayRead(u, tpTask), access.mayAct(u, tpTask), access.mayAct(u, tpFile)])).toEqual([
      [true, false, false],
      [false, false, false],
    ]);
    expect(() => access.assertAct(viewerBd, tpFile, 'x')).toThrow(VIEWER_REFUSAL);
    expect(() => access.assertIntake(viewerBd, { receivingUnit: 'Bộ phận Một cửa huyện', jurisdiction: 'tuy-phuoc' })).toThrow(VIEWER_REFUSAL);
    expect(() => actorOf(viewerBd)).toThrow(AuthError);
    expect(access.mayReadMessage(viewerBd, ['Phòng Nội vụ'])).toBe(true);
    expect(access.mayReadMessage(viewerHue, ['Phòng Nội vụ'])).toBe(false);
  });

  it('lets a desk read its jurisdiction, register and act on the files its unit received, and only read tasks', () => {
    expect(access.readScope(desk)).toEqual({ jurisdictions: ['tuy-phuoc'] });
    expect([access.mayRead(desk, tpTask), access.mayAct(desk, tpTask), access.mayAct(desk, tpFile)]).toEqual([true, false, true]);
    expect(() => access.assertAct(desk, tpTask, 'x')).toThrow(DESK_REFUSAL);
    expect(access.mayRead(desk, { jurisdiction: 'binh-dinh', agencies: ['Bộ phận Một cửa huyện'] })).toBe(false);
    expect(access.intakeJurisdiction(desk, undefined)).toBe('tuy-phuoc');
    expect(() => access.intakeJurisdiction(desk, 'binh-dinh')).toThrow(AuthError);
    expect(() => access.assertIntake(desk, { receivingUnit: 'Bộ phận Một cửa huyện', jurisdiction: 'tuy-phuoc' })).not.toThrow();
    expect(() => access.assertIntake(desk, { receivingUnit: 'Phòng Tư pháp', jurisdiction: 'tuy-phuoc' })).toThrow(/Chỉ nơi tiếp nhận/);
    // The file workflow knows the receiving desk as an agency acting for its unit.
    expect(actorOf(desk)).toEqual({ name: 'Một cửa huyện', role: 'agency', agency: 'Bộ phận Một cửa huyện' });
    expect(access.mayReadMessage(desk, ['Phòng Nội vụ'])).toBe(false);
  });

  it('shows every account with a jurisdiction: an admin the top of the directory when it has one', () => {
    // The shipped directory holds two provinces: an admin belongs to neither.
    expect(access.jurisdictionOf(admin)).toBeUndefined();
    expect(access.jurisdictionOf(user({ name: 'Quản trị tỉnh', role: 'admin', jurisdiction: 'binh-dinh' }))).toBe('binh-dinh');
    const oneProvince = { ...directory, jurisdictions: directory.jurisdictions.filter((j) => j.id !== 'thua-thien-hue') };
    expect(new Access(() => oneProvince).jurisdictionOf(admin)).toBe('binh-dinh');
    expect(access.jurisdictionOf(noiVu)).toBe('tuy-phuoc');
    expect(access.jurisdictionOf(viewerBd)).toBe('binh-dinh');
  });

  it('reads a message of the outbox by the jurisdictions of the agencies it names', () => {
    const message = ['Phòng Nội vụ', 'phong-noi-vu'];
    expect([admin, monitorTp, monitorBd, monitorHue, noiVu, tuPhap].map((u) => access.mayReadMessage(u, message))).toEqual([
      true,
      true,
      true,
      false,
      true,
      false,
    ]);
    // A message to the chair names the jurisdiction.
    expect(access.mayReadMessage(monitorBd, ['Huyện Tuy Phước'])).toBe(true);
    expect(access.mayReadMessage(monitorHue, ['Huyện Tuy Phước'])).toBe(false);
  });
});

describe("an agency's view of a group task", () => {
  const obligation = (agency: string, status: ObligationView['status'], escalationLevel: number, done: boolean): ObligationView => ({
    id: `${agency}:0`,
    agency,
    milestone: 0,
    label: 'hạn 30/06/2026',
    due: '2026-06-30',
    originalDue: '2026-06-30',
    status,
    escalationLevel,
    acknowledged: [],
    ...(done ? { completed: { by: 'Cán bộ', at: '2026-06-20T02:00:00.000Z', evidence: 'Báo cáo số 12/BC', onTime: true } } : {}),
  });
  const view = {
    workflowId: 'task:kh:1',
    status: 'overdue',
    due: '2026-06-30',
    escalationLevel: 3,
    leads: ['Phòng Nội vụ', 'Phòng Tư pháp'],
    obligations: [obligation('Phòng Nội vụ', 'done_on_time', 0, true), obligation('Phòng Tư pháp', 'overdue', 3, false)],
    timeline: [
      { at: '2026-07-10T01:00:00.000Z', type: 'escalation', text: 'Cấp 3', agency: 'Phòng Tư pháp', level: 3 },
      { at: '2026-06-20T02:00:00.000Z', type: 'completed', text: 'Hoàn thành', agency: 'Phòng Nội vụ' },
      { at: '2026-01-05T01:00:00.000Z', type: 'created', text: 'Tạo nhiệm vụ' },
    ],
  } as unknown as TaskView;

  it('shows its own part as done, not the whole task overdue at level 3; the other part by name and status only', () => {
    const shown = agencyTaskView(view, 'Phòng Nội vụ');
    expect(shown).toMatchObject({ status: 'done_on_time', escalationLevel: 0, due: '2026-06-30' });
    expect(shown.obligations.map((o) => o.agency)).toEqual(['Phòng Nội vụ']);
    expect(shown.otherParts).toEqual([{ agency: 'Phòng Tư pháp', milestone: 0, label: 'hạn 30/06/2026', status: 'overdue' }]);
    expect(shown.timeline.map((t) => t.type)).toEqual(['completed', 'created']);
    expect(agencyTaskView(view, 'Phòng Tư pháp')).toMatchObject({ status: 'overdue', escalationLevel: 3 });
  });
});

describe('intake rules', () => {
  const now = new Date('2026-11-26T03:00:00.000Z');
  it('refuses a receivedAt in the future, outside the calendar, or older than three days from a desk', () => {
    expect(receivedAtProblem('2026-11-26T04:00:00.000Z', noiVu, now)).toMatchObject({
      status: 400,
      message: 'receivedAt: thời điểm tiếp nhận không được ở tương lai.',
    });
    expect(receivedAtProblem('2026-11-26T03:03:00.000Z', noiVu, now)).toBeNull();
    expect(receivedAtProblem('2000-01-01T03:00:00.000Z', admin, now)).toMatchObject({
      status: 400,
      message: expect.stringContaining('năm 2000 nằm ngoài các năm lịch hỗ trợ'),
    });
    expect(receivedAtProblem('2026-11-20T03:00:00.000Z', noiVu, now)).toMatchObject({ status: 403, message: expect.stringContaining('nhập hồ sơ tồn đọng') });
    expect(receivedAtProblem('2026-11-20T03:00:00.000Z', monitorTp, now)).toBeNull();
    expect(receivedAtProblem('2026-11-24T03:00:00.000Z', noiVu, now)).toBeNull();
  });

  it('names, in Vietnamese, the fields in which a repeated code differs', () => {
    const base = {
      code: 'H57-0001',
      procedure: { code: '1.001', name: 'Cấp giấy phép', workingDays: 10 },
      applicant: { name: 'Nguyễn Văn An', phone: '0905123456', idNumber: '052090001234' },
      receivingUnit: 'Bộ phận Một cửa huyện',
      agencies: ['Phòng Nội vụ'],
      receivedAt: '2026-11-26T09:00:00+07:00',
      jurisdiction: 'tuy-phuoc',
    };
    const file = parseOneStopFile(base);
    expect(differingFields(file, parseOneStopFile({ ...base, receivedAt: '2026-11-26T02:00:00Z' }))).toEqual([]);
    expect(differingFields(file, parseOneStopFile({ ...base, applicant: { ...base.applicant, name: 'Lê Thị Hoa', idNumber: '052090009999' } }))).toEqual([
      'tên người nộp hồ sơ',
      'số định danh cá nhân',
    ]);
  });
});
