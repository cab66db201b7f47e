// The worker refuses to start with a stored policy naming a system it has no connector for: every case
// touching such an entitlement would otherwise retry for ever and hold up the person's later cases.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type pg from 'pg';
import { ConnectorRegistry } from '../../activities/connector-registry';
import type { Connector } from '../../connectors/types';
import { createPool, createRecordStore, migrate, type RecordStore } from '../../db';
import { defaultPolicy } from '../../domain/default-policy';
import { createWorker } from '../../workers/worker';
import { createTestDatabase } from '../support/databases';
import { timeSkippingEnvironment, workflowBundle } from '../support/temporal';
import { TEST_PAYLOAD_KEYS } from '../support/payload-keys';

let env: TestWorkflowEnvironment;
let db: { url: string; drop(): Promise<void> };
let pool: pg.Pool;
let store: RecordStore;

// Only the system names matter here: the check runs before any connector is called.
const connectors = new ConnectorRegistry(['m365', 'google', 'scim:github'].map((system) => ({ system }) as Connector));
const start = (bundle?: WorkflowBundleWithSourceMap) => createWorker({
  connection: env.nativeConnection, namespace: env.namespace ?? 'default', taskQueue: 'policy-served', payloadKeys: TEST_PAYLOAD_KEYS,
  deps: { store, connectors }, workflowBundle: bundle,
});

beforeAll(async () => {
  env = await timeSkippingEnvironment();
  db = await createTestDatabase('worker');
  pool = createPool(db.url);
  await migrate(pool);
  store = createRecordStore(pool);
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
  await env?.teardown();
});

test('a stored policy naming an unconfigured system stops the worker before it polls, naming it', async () => {
  const policy = defaultPolicy();
  policy.entitlements.push({ id: 'nosuch-eng', system: 'scim:nosuch', kind: 'group', ref: 'engineering' });
  const saved = await store.savePolicyVersion(policy, { createdBy: 'test' });
  // No bundle given: createWorker would bundle the workflows first, unless it refuses before that.
  await expect(start()).rejects.toThrow(`the stored policy (version ${saved.version}) has entitlements on systems without a connector: 'nosuch-eng' (scim:nosuch); configured: m365, google, scim:github`);
});

test('once a served policy is stored, the worker starts', async () => {
  await store.savePolicyVersion(defaultPolicy(), { createdBy: 'test' });
  const worker = await start(await workflowBundle());
  await worker.runUntil(Promise.resolve());
  expect(worker.getState()).toBe('STOPPED');
});
