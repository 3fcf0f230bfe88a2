/**
 * The workflow of test/e2e/outbox-concurrency.test.ts: sends its notices through the real `notify`
 * activity, each one twice at once (two activities with the same key, which the two workers may
 * run at the same moment), with short timeouts so that a killed worker's activities are retried
 * by the other within seconds.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { NotificationActivities } from '../../activities/notifications';
import type { NotifyRequest, NotifyResult } from '../../domain/notification';

const { notify } = proxyActivities<Pick<NotificationActivities, 'notify'>>({
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 1.5, maximumInterval: '3 seconds', nonRetryableErrorTypes: ['InvalidNotifyRequest'] },
});

export async function sendNoticesTwice(requests: NotifyRequest[]): Promise<NotifyResult['status'][]> {
  const results = await Promise.all(requests.flatMap((request) => [notify(request), notify(request)]));
  return results.map((r) => r.status);
}
