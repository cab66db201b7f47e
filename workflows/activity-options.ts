// Activity proxies with their timeouts and retry policies, named once for every workflow.
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';

/** Record-store writes: quick, retried until the database answers. */
export const record = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * Calls to target systems: retried without limit while the failure is retryable (throttling, outages),
 * honouring the system's Retry-After; a refused request (ConnectorPermanent) fails the step at once.
 */
export const connector = proxyActivities<Activities>({
  startToCloseTimeout: '60 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '2 minutes',
    nonRetryableErrorTypes: ['ConnectorPermanent', 'EntitlementUnknown'],
  },
});
