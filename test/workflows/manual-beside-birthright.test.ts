// A hand-granted entitlement that the person also holds as birthright is its own assignment: a move that ends
// the birthright one leaves the access in place, and a leaver ends both.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { useTestStack, type TestStack } from '../support/stack';
import { DAY, effects, employee, finished, hire, personEvent, send, settled, waitForView } from '../support/workflow-helpers';

let env: TestWorkflowEnvironment;
let stack: TestStack;

useTestStack((s) => ({ env, stack } = s));

test('a move ends the birthright assignment, not the manual one beside it; the leaver ends both', async () => {
  await hire(stack, 'MB1', { department: 'Engineering' });
  const grant = await send(stack, personEvent({
    eventId: 'mb-grant', type: 'access', requestedBy: 'admin-bob', reason: 'keeps reviewing engineering docs',
    employee: employee('MB1', { department: 'Engineering' }), access: { action: 'grant', entitlementId: 'eng-m365' },
  }));
  expect((await finished(grant)).status).toBe('completed');
  const rows = (await stack.store.listEntitlements('MB1')).filter((e) => e.entitlementId === 'eng-m365');
  expect(rows.map((r) => r.source).sort()).toEqual(['birthright', 'manual']);

  const move = await send(stack, personEvent({ eventId: 'mb-move', type: 'mover', employee: employee('MB1', { department: 'Sales' }) }));
  await waitForView(move, (v) => v.status === 'scheduled', 'the grace period');
  await env.sleep(8 * DAY);
  expect((await settled(move)).status).toBe('completed');
  const after = await stack.store.listEntitlements('MB1', { includeRemoved: true });
  const eng = after.filter((e) => e.entitlementId === 'eng-m365');
  expect(eng.find((e) => e.source === 'birthright')?.status).toBe('removed');
  expect(eng.find((e) => e.source === 'manual')?.status).toBe('active');
  expect((await effects(stack, 'MB1')).m365?.groups).toContain('Engineering');

  const leaver = await send(stack, personEvent({ eventId: 'mb-leave', type: 'leaver', employee: employee('MB1', { department: 'Sales' }), immediate: true }));
  expect((await finished(leaver)).status).toBe('completed');
  expect((await stack.store.listEntitlements('MB1')).length).toBe(0);
  expect((await effects(stack, 'MB1')).m365?.groups).toEqual([]);
});
