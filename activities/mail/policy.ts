/**
 * Activity options for workflows that call the notification activities. Imported by workflow code:
 * keep this file free of I/O and of anything but types from Temporal.
 */
import type { ActivityOptions } from '@temporalio/common';

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
