/**
 * The file's clock on the real working-day calendar, including the decided Tết 2026 block
 * (14–22/02/2026, weekdays 16–20/02 off), the ladder dates the file policy gives the shared agenda
 * builder, and how a closed file is classified.
 */
import { describe, expect, it } from 'vitest';
import { loadCalendar } from '../../domain/calendar/load';
import { obligationAgenda } from '../../domain/agenda';
import { vietnamInstant } from '../../domain/dates';
import { agendaPolicy, DEFAULT_FILE_POLICY, FilePolicySchema } from '../../domain/onestop/policy';
import { bucketOf, clockExplanation, isApologyTimely, outcomeOf, vietnamClock } from '../../domain/onestop/clock';
import { oneStopDeadline } from '../../activities/onestop';

const calendar = loadCalendar();
const vn = (iso: string) => new Date(new Date(iso).getTime() + 7 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

describe('appointments across Tết 2026', () => {
  it('5 working days from Wednesday 11/02/2026 (12/02 and 13/02, then 23–25/02) skip the whole Tết block and end on Wednesday 25/02/2026', async () => {
    expect(await oneStopDeadline('2026-02-11T09:00:00+07:00', 5, '15:00')).toEqual({ start: '2026-02-11', due: '2026-02-25', dueAt: '2026-02-25T10:00:00.000Z', apologyBy: '2026-02-24' });
  });

  it('a file received on Friday 13/02/2026 at 16:00 counts from Monday 23/02, the first working day after Tết', async () => {
    expect(await oneStopDeadline('2026-02-13T16:00:00+07:00', 3, '15:00')).toEqual({ start: '2026-02-23', due: '2026-02-26', dueAt: '2026-02-26T10:00:00.000Z', apologyBy: '2026-02-25' });
    expect(await oneStopDeadline('2026-02-13T14:59:00+07:00', 3, '15:00')).toMatchObject({ start: '2026-02-13', due: '2026-02-25', apologyBy: '2026-02-24' });
    // The last day to apologise for an appointment right after Tết is the Friday before it.
    expect(await oneStopDeadline('2026-02-10T10:00:00+07:00', 4, '15:00')).toMatchObject({ due: '2026-02-23', apologyBy: '2026-02-13' });
  });

  it('a procedure with its own cut-off hour', async () => {
    expect(await oneStopDeadline('2026-03-03T15:30:00+07:00', 10, '16:00')).toMatchObject({ start: '2026-03-03', due: '2026-03-17' });
    expect(await oneStopDeadline('2026-03-03T15:30:00+07:00', 10, '15:00')).toMatchObject({ start: '2026-03-04', due: '2026-03-18' });
  });

  it('the ladder of a file due right after Tết: warning and apology demand fall before the block', () => {
    const actions = obligationAgenda({ id: 'file', due: '2026-02-24', acknowledgedLevels: [] }, agendaPolicy(DEFAULT_FILE_POLICY, false), calendar, {
      now: new Date('2026-02-01T00:00:00Z'),
      until: '2026-03-10',
    });
    expect(actions.map((a) => `${a.type}${a.offset !== undefined ? `:${a.offset}` : ''}${a.level ? `[${a.level}]` : ''} ${vn(a.at)}`)).toEqual([
      'reminder:2 2026-02-13 08:00',
      'reminder:1 2026-02-23 08:00',
      'reminder:0 2026-02-24 08:00',
      'overdue_status 2026-02-25 00:00',
      'overdue 2026-02-25 08:00',
      'escalation[2] 2026-02-25 08:00',
      'escalation[2] 2026-02-27 08:00',
      'escalation[3] 2026-03-02 08:00',
      'escalation[2] 2026-03-03 08:00',
      'escalation[2] 2026-03-05 08:00',
      'escalation[2] 2026-03-09 08:00',
      'escalation[3] 2026-03-09 08:00',
    ]);
  });

  it('after the re-appointment: the warning only, and a miss goes to the chair at once, repeated until acknowledged', () => {
    const actions = obligationAgenda({ id: 'file', due: '2026-03-06', acknowledgedLevels: [] }, agendaPolicy(DEFAULT_FILE_POLICY, true), calendar, {
      now: new Date('2026-03-01T00:00:00Z'),
      until: '2026-03-31',
    });
    expect(actions.map((a) => `${a.type}${a.level ? `[${a.level}]` : ''} ${vn(a.at)}`)).toEqual([
      'reminder 2026-03-04 08:00',
      'overdue_status 2026-03-07 00:00',
      'overdue 2026-03-07 08:00',
      'escalation[3] 2026-03-09 08:00',
      'escalation[3] 2026-03-16 08:00',
      'escalation[3] 2026-03-23 08:00',
      'escalation[3] 2026-03-30 08:00',
    ]);
    // Once the chair acknowledged, nothing more is sent (not even the first notice again).
    const acknowledged = obligationAgenda({ id: 'file', due: '2026-03-06', acknowledgedLevels: [3] }, agendaPolicy(DEFAULT_FILE_POLICY, true), calendar, {
      now: new Date('2026-03-10T00:00:00Z'),
      until: '2026-03-31',
    });
    expect(acknowledged.filter((a) => a.type === 'escalation')).toEqual([]);
  });
});

describe('the file policy', () => {
  it('defaults: warning 2 working days before, Văn phòng UBND at once then every 2 days, the chair after 3 then every 5, 30 days public', () => {
    expect(DEFAULT_FILE_POLICY).toEqual({
      officeHour: '08:00',
      warnWorkingDays: 2,
      monitorAfterWorkingDays: 0,
      monitorRepeatEveryWorkingDays: 2,
      chairAfterWorkingDays: 3,
      chairRepeatEveryWorkingDays: 5,
      publishDays: 30,
    });
  });

  it('refuses a warning that would not come before the apology is due, and a chair before the office', () => {
    expect(FilePolicySchema.safeParse({ warnWorkingDays: 1 }).error?.issues[0]?.message).toBe('cảnh báo sắp đến hẹn phải sớm hơn hạn gửi phiếu xin lỗi (ít nhất 2 ngày làm việc)');
    expect(FilePolicySchema.safeParse({ monitorAfterWorkingDays: 3, chairAfterWorkingDays: 3 }).error?.issues[0]?.message).toBe('báo cáo Chủ tịch phải sau báo cáo Văn phòng UBND');
  });
});

describe('outcomes', () => {
  it('classifies by the appointment before any apology, by Vietnam date', () => {
    const base = { appointment: '2026-03-09', apologyTimely: null, withdrawn: false };
    expect(outcomeOf({ ...base, resultOn: null })).toBeNull();
    expect(outcomeOf({ ...base, resultOn: '2026-03-06' })).toBe('early');
    expect(outcomeOf({ ...base, resultOn: '2026-03-09' })).toBe('on_time');
    expect(outcomeOf({ ...base, resultOn: '2026-03-10' })).toBe('late_without_apology');
    expect(outcomeOf({ ...base, resultOn: '2026-03-10', apologyTimely: false })).toBe('late_without_apology');
    expect(outcomeOf({ ...base, resultOn: '2026-03-16', apologyTimely: true })).toBe('late_with_apology');
    expect(outcomeOf({ ...base, resultOn: '2026-03-06', apologyTimely: true })).toBe('early');
    expect(outcomeOf({ ...base, resultOn: null, withdrawn: true })).toBe('withdrawn');
  });

  it('buckets: trước hạn, đúng hạn, quá hạn', () => {
    expect(['early', 'on_time', 'late_with_apology', 'late_without_apology', 'withdrawn'].map((o) => bucketOf(o as never))).toEqual(['trước hạn', 'đúng hạn', 'quá hạn', 'quá hạn', null]);
  });

  it('an apology is on time when recorded before the appointment day', () => {
    expect(isApologyTimely('2026-03-06', '2026-03-09')).toBe(true);
    expect(isApologyTimely('2026-03-09', '2026-03-09')).toBe(false);
  });
});

describe('clockExplanation', () => {
  it('explains each way a start day is chosen', () => {
    expect(clockExplanation({ from: vietnamInstant('2026-03-10', 9, 5), start: '2026-03-10', due: '2026-03-13', workingDays: 3, cutoff: '15:00' })).toBe(
      'Tiếp nhận lúc 09:05 Thứ Ba, 10/03/2026, trước giờ chốt 15:00: tính từ ngày tiếp nhận; 3 ngày làm việc, hẹn trả kết quả Thứ Sáu, 13/03/2026.',
    );
    expect(clockExplanation({ from: vietnamInstant('2026-03-07', 9), start: '2026-03-09', due: '2026-03-12', workingDays: 3, cutoff: '15:00' })).toBe(
      'Tiếp nhận lúc 09:00 Thứ Bảy, 07/03/2026, ngày nghỉ: tính từ ngày làm việc tiếp theo (Thứ Hai, 09/03/2026); 3 ngày làm việc, hẹn trả kết quả Thứ Năm, 12/03/2026.',
    );
  });

  it('reads Vietnam time whatever the instant’s zone', () => {
    expect(vietnamClock(new Date('2026-03-09T17:30:00Z'))).toBe('00:30');
  });
});
