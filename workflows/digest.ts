/**
 * The daily digest: one run a day (the lead engineer's schedule starts it) sends each agency in
 * digest mode one email listing its queued notices. Idempotent per agency and day, so a second run
 * for the same day sends nothing.
 */
import { proxyActivities } from '@temporalio/workflow';
import { vietnamDateOf, type IsoDate } from '../domain/dates';
import type { DigestResult, NotificationActivities } from '../activities/notifications';
import { DIGEST_ACTIVITY_OPTIONS } from '../activities/mail/policy';

const { sendDailyDigests } = proxyActivities<Pick<NotificationActivities, 'sendDailyDigests'>>(DIGEST_ACTIVITY_OPTIONS);

/** @param date the Vietnam day of the digest; default: today in Vietnam by workflow time. */
export async function dailyDigestWorkflow(date?: IsoDate): Promise<DigestResult[]> {
  return sendDailyDigests(date ?? vietnamDateOf(Date.now()));
}
