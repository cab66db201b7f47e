// Reconciliation: read every system, set it against the record and the policy, store the report. Started
// daily by a Temporal Schedule (api/reconciliation-schedule.ts) and on demand by POST /v1/reconciliations.
// An incomplete read (a page failed, an empty page, too many accounts gone) stores an incomplete report
// that proposes nothing: a broken read must never look like a tenant full of orphans or empty of people.
import { ApplicationFailure, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { ReconciliationActivities, ReconciliationSummary, RemediationStep } from '../activities/reconciliation';

export const RECONCILIATION_WORKFLOW = 'reconciliationWorkflow';

const record = proxyActivities<ReconciliationActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** The whole read and report: long for a large tenant, so it heartbeats per system; retried a few times. */
const read = proxyActivities<ReconciliationActivities>({
  startToCloseTimeout: '1 hour',
  heartbeatTimeout: '10 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 3, nonRetryableErrorTypes: ['RecordRefused'] },
});

/** A connector call: retried while the system is throttled or down; a refusal fails the remediation. */
const connector = proxyActivities<ReconciliationActivities>({
  startToCloseTimeout: '60 seconds',
  retry: {
    initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 20,
    nonRetryableErrorTypes: ['ConnectorPermanent', 'SystemNotConfigured', 'RecordRefused', 'NoRemedy'],
  },
});

export interface ReconciliationInput {
  trigger: 'schedule' | 'manual';
  requestedBy?: string;
  /** The drop safeguard's share (0–1); default 0.2. */
  maxDropShare?: number;
  pageSize?: number;
}

/** The run's id is its workflow id (a scheduled run's id carries the schedule's id and the start time). */
export async function reconciliationWorkflow(input: ReconciliationInput): Promise<ReconciliationSummary> {
  const reconciliationId = workflowInfo().workflowId;
  await record.startReconciliation({ reconciliationId, trigger: input.trigger, requestedBy: input.requestedBy });
  try {
    return await read.reconcileSystems({ reconciliationId, maxDropShare: input.maxDropShare, pageSize: input.pageSize });
  } catch (err) {
    await record.failReconciliation({ reconciliationId, error: err instanceof Error ? err.message : String(err) });
    throw ApplicationFailure.nonRetryable(`reconciliation ${reconciliationId} failed`, 'ReconciliationFailed');
  }
}

/** One approved finding, as a case of its own: the change, then its audit event (in the activity). */
export async function remediationWorkflow(step: RemediationStep): Promise<'applied' | 'previewed'> {
  return connector.applyRemediation(step);
}
