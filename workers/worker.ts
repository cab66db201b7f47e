// Builds the Temporal worker: the workflows bundle plus activities made from their dependencies.
import { type NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import { createHrIntakeActivities } from '../activities/hr-intake';
import type { PolicyDocument } from '../domain/policy-document';
import { unservedSystems } from '../domain/served-systems';
import { createReconciliationActivities } from '../activities/reconciliation';
import type { PayloadKeyring } from '../config/payload-keyring';
import { FAILURE_CONVERTER_PATH, gatehouseDataConverter } from './data-converter';

export const WORKFLOWS_PATH = require.resolve('../workflows');
/** What bundleWorkflowCode needs to build the bundle this worker runs (the failure converter is in the sandbox). */
export const WORKFLOW_BUNDLE_OPTIONS = { workflowsPath: WORKFLOWS_PATH, failureConverterPath: FAILURE_CONVERTER_PATH };

export interface WorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** A prebuilt bundle (tests build it once per suite); otherwise the workflows are bundled at start. */
  workflowBundle?: WorkflowBundleWithSourceMap;
  tuning?: WorkerTuning;
  /** Payload encryption: the same keys as every client of these workflows (PAYLOAD_KEYS). */
  payloadKeys: PayloadKeyring;
}

/** How much a worker takes on at once (WORKER_* variables); absent values keep the SDK's defaults. */
export interface WorkerTuning {
  maxCachedWorkflows?: number;
  maxConcurrentWorkflowTaskExecutions?: number;
  maxConcurrentActivityTaskExecutions?: number;
  maxConcurrentLocalActivityExecutions?: number;
}

/**
 * Refuses a stored policy naming a system this worker has no connector for: every case granting or
 * revoking such an entitlement would retry for ever and hold up the person's next case (a leaver among
 * them). Better that the deployment does not start and says what to fix.
 */
export async function assertPolicyServed(deps: ActivityDeps): Promise<void> {
  const stored = await deps.store.getCurrentPolicy();
  if (!stored) return; // the default policy is built from the configured systems
  const systems = deps.connectors.systems();
  const unserved = unservedSystems(stored.document as PolicyDocument, systems);
  if (unserved.length === 0) return;
  const named = unserved.map((u) => `'${u.entitlementId}' (${u.system})`).join(', ');
  throw new Error(
    `the stored policy (version ${stored.version}) has entitlements on systems without a connector: ${named}; ` +
      `configured: ${systems.join(', ') || '(none)'}. Configure the connector (SCIM_APPS, M365_*, GOOGLE_*) or PUT /v1/policies without them.`,
  );
}

export async function createWorker(o: WorkerOptions): Promise<Worker> {
  await assertPolicyServed(o.deps); // before Worker.create: fail fast, without polling
  return Worker.create({
    connection: o.connection,
    namespace: o.namespace,
    taskQueue: o.taskQueue,
    ...(o.workflowBundle ? { workflowBundle: o.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    dataConverter: gatehouseDataConverter(o.payloadKeys),
    activities: { ...createActivities(o.deps), ...createHrIntakeActivities(o.deps), ...createReconciliationActivities(o.deps) },
    ...o.tuning,
  });
}
