/**
 * The periodic jobs, as Temporal Schedules created at start (idempotent): the daily digest for
 * agencies in digest mode, and the monthly one-stop report to Văn phòng UBND.
 */
import { ScheduleAlreadyRunning, type Client } from '@temporalio/client';
import { logger } from './logger';

const TIME_ZONE = 'Asia/Ho_Chi_Minh';

export const SCHEDULES = [
  {
    scheduleId: 'dondoc-daily-digest',
    workflowType: 'dailyDigestWorkflow',
    // 07:30 Vietnam time, before the 08:00 reminders of the day.
    calendars: [{ hour: 7, minute: 30 }],
  },
  {
    scheduleId: 'dondoc-onestop-monthly-report',
    workflowType: 'oneStopMonthlyReportWorkflow',
    // Started on the 1st; the workflow waits for the first working day of the month, 08:00.
    calendars: [{ dayOfMonth: 1, hour: 0, minute: 5 }],
  },
] as const;

export async function ensureSchedules(client: Client, taskQueue: string): Promise<void> {
  for (const s of SCHEDULES) {
    try {
      await client.schedule.create({
        scheduleId: s.scheduleId,
        spec: { calendars: [...s.calendars], timezone: TIME_ZONE },
        action: { type: 'startWorkflow', workflowType: s.workflowType, taskQueue, args: [] },
      });
      logger.info({ scheduleId: s.scheduleId }, 'schedule created');
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    }
  }
}
