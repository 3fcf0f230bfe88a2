/**
 * Activity options for workflows that call the notification activities. Imported by workflow code:
 * keep this file free of I/O and of anything but types from Temporal.
 */
import type { ActivityOptions, LocalActivityOptions } from '@temporalio/common';

/**
 * notify(): SMTP outages are retried from 30 s, doubling, at most hourly, for up to two days;
 * then the workflow calls reportDeliveryFailure(). A bad request is not retried.
 */
export const NOTIFY_RETRY_POLICY = {
  startToCloseTimeout: '2 minutes',
  scheduleToCloseTimeout: '2 days',
  retry: {
    initialInterval: '30 seconds',
    backoffCoefficient: 2,
    maximumInterval: '1 hour',
    nonRetryableErrorTypes: ['InvalidNotifyRequest'],
  },
} as const satisfies ActivityOptions;

/**
 * notify() as a local activity, inside the workflow task that planned it (a reminder or escalation
 * the run's own timer fired): the same timeouts and retries. Every retry waits on a workflow timer,
 * not inside the worker, so an SMTP outage holds no workflow task open and survives a restart. The
 * attempts are capped at those two days hold (1 + 7 doublings to the hourly cap + 47 hourly), as
 * well: the worker measures a local activity's schedule-to-close on its own clock, not the
 * workflow's.
 */
export const NOTIFY_LOCAL_OPTIONS = {
  ...NOTIFY_RETRY_POLICY,
  retry: { ...NOTIFY_RETRY_POLICY.retry, maximumAttempts: 55 },
  localRetryThreshold: '1 second',
} as const satisfies LocalActivityOptions;

/** sendDailyDigests(): one email per agency, so a longer attempt with heartbeats. */
export const DIGEST_ACTIVITY_OPTIONS = {
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '3 minutes',
  scheduleToCloseTimeout: '1 day',
  retry: {
    initialInterval: '30 seconds',
    backoffCoefficient: 2,
    maximumInterval: '1 hour',
    nonRetryableErrorTypes: ['InvalidNotifyRequest'],
  },
} as const satisfies ActivityOptions;
