// Activity proxies with their timeouts and retry policies, named once for every workflow.
import { ActivityCancellationType, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';

// A superseded case stops waiting for its step in flight at once (ABANDON: no cancel request is sent, and the
// server stops retrying when the case closes). A grant of that attempt that lands after the leaver has locked
// the identity takes itself back (activities: leaverFenced), so it can never outlive the leaver.

const RECORD_RETRY = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' } as const;

/** Record-store writes: quick, retried until the database answers; a refusal (RecordRefused) is final. */
export const record = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  cancellationType: ActivityCancellationType.ABANDON,
  retry: RECORD_RETRY,
});

/**
 * The same record steps as local activities: run in the worker within the workflow task, with no round trip
 * through the server each (about 50 ms apiece on the dev server). For a leaver's revocation only, where every
 * step is safe to run again: if the workflow task is lost (a worker dies, a task times out), the steps since
 * the last completed task run once more, and they must then find their own earlier effects harmless. A read
 * that decides whether to write (a joiner refusing a person who is already pending) is not, and stays remote.
 */
export const localRecord = proxyLocalActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  cancellationType: ActivityCancellationType.ABANDON,
  retry: RECORD_RETRY,
});

/**
 * Calls to target systems: retried without limit while the failure is retryable (throttling, outages),
 * honouring the system's Retry-After; a refused request (ConnectorPermanent) fails the step at once.
 */
export const connector = proxyActivities<Activities>({
  startToCloseTimeout: '60 seconds',
  cancellationType: ActivityCancellationType.ABANDON,
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '2 minutes',
    nonRetryableErrorTypes: ['ConnectorPermanent', 'EntitlementUnknown', 'SystemNotConfigured', 'RecordRefused'],
  },
});
