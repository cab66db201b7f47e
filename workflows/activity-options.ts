// Activity proxies with their timeouts and retry policies, named once for every workflow.
import { ActivityCancellationType, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';

// A superseded case waits for its step in flight to end (WAIT_CANCELLATION_COMPLETED) before it closes, so a
// grant or a state write of that case can never land after the leaver that superseded it.

/** Record-store writes: quick, retried until the database answers; a refusal (RecordRefused) is final. */
export const record = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * Calls to target systems: retried without limit while the failure is retryable (throttling, outages),
 * honouring the system's Retry-After; a refused request (ConnectorPermanent) fails the step at once.
 */
export const connector = proxyActivities<Activities>({
  startToCloseTimeout: '60 seconds',
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '2 minutes',
    nonRetryableErrorTypes: ['ConnectorPermanent', 'EntitlementUnknown', 'SystemNotConfigured', 'RecordRefused'],
  },
});
