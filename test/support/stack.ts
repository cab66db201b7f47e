// A whole Gatehouse back end for a test file: a fresh database, the emulated tenant, the connectors
// through the real client libraries, and a worker on the given Temporal environment.
import { randomBytes } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type pg from 'pg';
import { createPool, createRecordStore, migrateAt, type RecordStore } from '../../db';
import { startLocalTenant, type LocalTenant } from '../../emulators/local-tenant';
import { buildConnectors } from '../../config/connectors';
import { parseEnv } from '../../config/schema';
import { createWorker } from '../../workers/worker';
import type { ConnectorRegistry } from '../../activities/connector-registry';
import type { ActivityDeps } from '../../activities';
import { KEY_A, KEY_B, TEST_AUDIT_KEYS } from './audit-keys';
import { payloadKeySecrets, TEST_PAYLOAD_KEYS } from './payload-keys';
import { createTestDatabase } from './databases';
import { recordSecrets, tenantSecrets } from './log-capture';
import { timeSkippingEnvironment, workflowBundle } from './temporal';
import { useStackForCases } from './workflow-helpers';

export interface TestStack {
  env: TestWorkflowEnvironment;
  store: RecordStore;
  /** Connected as the app's least-privilege role. */
  pool: pg.Pool;
  /** The same database as its owner (the migrations' role), for tests that tamper with it. */
  ownerUrl: string;
  tenant: LocalTenant;
  connectors: ConnectorRegistry;
  taskQueue: string;
  worker: Worker;
  /** Resolves when the worker has stopped (tests may stop it early, e.g. to replace it). */
  workerRun: Promise<void>;
  stop(): Promise<void>;
}

/** `more`: worker dependencies a suite adds (HR vendor connections, the mass-leaver safeguard). */
export async function startTestStack(env: TestWorkflowEnvironment, more: Pick<ActivityDeps, 'hrConnections' | 'leaverGuard'> = {}): Promise<TestStack> {
  const db = await createTestDatabase('wf');
  // Migrated as the owner; the worker and API under test run as the app's least-privilege role, as deployed.
  await migrateAt(db.url);
  const pool = createPool(db.appUrl);
  const store = createRecordStore(pool, { auditKeys: TEST_AUDIT_KEYS });
  const tenant = await startLocalTenant({ ports: { graph: 0, google: 0, scim: 0 } });
  recordSecrets('tenant', tenantSecrets(tenant));
  recordSecrets('audit', { 'audit chain key a': KEY_A.slice(KEY_A.indexOf(':') + 1), 'audit chain key b': KEY_B.slice(KEY_B.indexOf(':') + 1) });
  recordSecrets('payload', payloadKeySecrets());
  const connectors = buildConnectors(parseEnv({}), tenant);
  const taskQueue = `test-${randomBytes(4).toString('hex')}`;
  const worker = await createWorker({
    connection: env.nativeConnection, namespace: env.namespace ?? 'default', taskQueue, payloadKeys: TEST_PAYLOAD_KEYS,
    deps: { store, connectors, cases: { client: env.client, taskQueue, companyTimeZone: 'UTC' }, ...more }, workflowBundle: await workflowBundle(),
  });
  const running = worker.run();
  return {
    env, store, pool, ownerUrl: db.url, tenant, connectors, taskQueue, worker, workerRun: running,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await tenant.close();
      await pool.end();
      await db.drop();
    },
  };
}

/**
 * Registers the suite's set-up and tear-down: one Temporal environment (time-skipping unless another is
 * given) and one stack on it for the whole file, handed to `use` once they are up.
 */
export function useTestStack(
  use: (s: { env: TestWorkflowEnvironment; stack: TestStack }) => void,
  environment: () => Promise<TestWorkflowEnvironment> = timeSkippingEnvironment,
): void {
  let env: TestWorkflowEnvironment | undefined;
  let stack: TestStack | undefined;
  beforeAll(async () => {
    env = await environment();
    stack = await startTestStack(env);
    useStackForCases(stack);
    use({ env, stack });
  });
  afterAll(async () => {
    await stack?.stop();
    await env?.teardown();
  });
}
