/**
 * Deadlines built on a working calendar:
 * - Civil Code periods (Bộ luật Dân sự 2015, Điều 147–148): counted in calendar days, the first day
 *   not counted; a last day that is a day off moves to the next working day; the period ends at
 *   24:00 of its last day.
 * - One-stop-shop processing times counted in working days from the time a file is received, with
 *   a same-day cut-off. The rule is spelled out in docs/working-days.md.
 * All instants are Vietnam time (UTC+7), whatever the host's time zone.
 */
import { addDays, endOfVietnamDay, vietnamDateOf, vietnamInstant, type IsoDate } from '../dates';
import { CalendarInputError, minutesOfDay, requireCount, requireDate } from './input';

/** What the deadline rules need from a calendar. */
export type WorkingDayArithmetic = {
  isWorkingDay(date: IsoDate): boolean;
  addWorkingDays(date: IsoDate, n: number): IsoDate;
  nextWorkingDay(date: IsoDate): IsoDate;
};

export type CivilDeadline = {
  /** The last day of the period (a working day). */
  due: IsoDate;
  /** 24:00 Vietnam time of `due`, the instant the period ends. */
  dueAt: Date;
};

export type ProcessingOptions = {
  /** Files received on a working day strictly before this time count that day as day 0. Default "15:00". */
  cutoff?: string;
  /** Office hours; `close` is the time of day results are due on the appointment day. Default "17:00". */
  officeHours?: { close?: string };
};

export type ProcessingDeadline = {
  /** The working day counted as day 0. */
  start: IsoDate;
  /** The appointment day (ngày hẹn trả kết quả): `workingDays` working days after `start`. */
  due: IsoDate;
  /** Closing time of the office on `due`, Vietnam time. */
  dueAt: Date;
};

export function civilDeadline(cal: WorkingDayArithmetic, start: IsoDate, days: number): CivilDeadline {
  requireCount(days, 'Số ngày của thời hạn', false);
  requireDate(start, 'Ngày bắt đầu thời hạn');
  const due = cal.nextWorkingDay(addDays(start, days));
  return { due, dueAt: endOfVietnamDay(due) };
}

export function processingDeadline(
  cal: WorkingDayArithmetic,
  receivedAt: Date,
  workingDays: number,
  opts: ProcessingOptions = {},
): ProcessingDeadline {
  if (!(receivedAt instanceof Date) || Number.isNaN(receivedAt.getTime())) {
    throw new CalendarInputError(`Thời điểm tiếp nhận hồ sơ không hợp lệ: ${String(receivedAt)}`);
  }
  requireCount(workingDays, 'Số ngày làm việc giải quyết hồ sơ', false);
  const cutoff = minutesOfDay(opts.cutoff ?? '15:00', 'Giờ chốt tiếp nhận (cutoff)');
  const close = minutesOfDay(opts.officeHours?.close ?? '17:00', 'Giờ kết thúc làm việc (officeHours.close)');

  const day = vietnamDateOf(receivedAt);
  const msIntoDay = receivedAt.getTime() - vietnamInstant(day).getTime();
  const beforeCutoff = msIntoDay < cutoff * 60_000;
  const start = cal.isWorkingDay(day) && beforeCutoff ? day : cal.addWorkingDays(day, 1);
  const due = cal.addWorkingDays(start, workingDays);
  return { start, due, dueAt: vietnamInstant(due, Math.floor(close / 60), close % 60) };
}
