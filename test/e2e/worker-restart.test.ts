// Scenario 20 (dev server): a case survives a worker restart in the middle. A leaver waits on its timer
// while no worker runs; a new worker picks the case up and revokes everything.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { devServerEnvironment, workflowBundle } from '../support/temporal';
import { useTestStack, type TestStack } from '../support/stack';
import { sendPersonEvent } from '../../orchestration/person-cases';
import { createWorker } from '../../workers/worker';
import type { PersonEvent } from '../../workflows/definitions';
import { TEST_PAYLOAD_KEYS } from '../support/payload-keys';

let env: TestWorkflowEnvironment;
let stack: TestStack;

useTestStack((s) => ({ env, stack } = s), devServerEnvironment);

const employee = { employeeId: 'E2E20', givenName: 'Hedy', familyName: 'Lamarr', department: 'Engineering', location: 'NL', jobTitle: 'Engineer', employmentType: 'employee' as const };

/** The person workflow starts each case as a child: wait until it exists. */
async function started(workflowId: string) {
  const handle = env.client.workflow.getHandle(workflowId);
  for (let i = 0; i < 200; i++) {
    if (await handle.describe().then(() => true, () => false)) return handle;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${workflowId} never started`);
}

test('a leaver waiting on its timer completes after the worker is replaced', async () => {
  const target = { client: env.client, taskQueue: stack.taskQueue, companyTimeZone: 'UTC' };
  const joiner: PersonEvent = { eventId: 'j', caseId: 'case-E2E20:j', type: 'joiner', employee, immediate: true, requestedBy: 'hr' };
  await sendPersonEvent(target, joiner);
  await (await started('case-E2E20:j')).result();

  const effectiveAt = new Date(Date.now() + 8_000).toISOString();
  await sendPersonEvent(target, { eventId: 'l', caseId: 'case-E2E20:l', type: 'leaver', employee, effectiveAt, requestedBy: 'hr' });
  const leaver = await started('case-E2E20:l');
  for (let i = 0; i < 100 && (await stack.store.getPerson('E2E20'))?.state !== 'notice'; i++) await new Promise((r) => setTimeout(r, 100));
  expect((await stack.store.getPerson('E2E20'))?.state).toBe('notice');

  // The worker goes away mid-case; the timer fires while nobody is polling.
  stack.worker.shutdown();
  await stack.workerRun;
  await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(effectiveAt) - Date.now()) + 1_000));
  expect((await stack.store.getPerson('E2E20'))?.state).toBe('notice');

  const replacement = await createWorker({
    connection: env.nativeConnection, namespace: env.namespace ?? 'default', taskQueue: stack.taskQueue, payloadKeys: TEST_PAYLOAD_KEYS,
    deps: { store: stack.store, connectors: stack.connectors }, workflowBundle: await workflowBundle(),
  });
  const view = await replacement.runUntil(leaver.result());
  expect(view.status).toBe('completed');
  const person = await stack.store.getPersonRecord('E2E20');
  expect(person?.state).toBe('deactivated');
  expect(person?.accounts.every((a) => a.status === 'disabled')).toBe(true);
  const graphUser = [...stack.tenant.graph!.state.users.values()].find((u) => (u as { employeeId?: string }).employeeId === 'E2E20') as { accountEnabled: boolean } | undefined;
  expect(graphUser?.accountEnabled).toBe(false);
});
