// Scenario 16 (time-skipping): suspend then reactivate → sign-in blocked (sessions revoked) then restored,
// entitlements kept throughout.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { useTestStack, type TestStack } from '../support/stack';
import { recordHistory } from '../support/workflow-histories';
import { auditEvents, effects, employee, entitlementStatuses, finished, hire, personEvent, send } from '../support/workflow-helpers';

let env: TestWorkflowEnvironment;
let stack: TestStack;

useTestStack((s) => ({ env, stack } = s));

test('suspend blocks sign-in and keeps entitlements; reactivate restores sign-in', async () => {
  await hire(stack, 'S700');
  const held = await entitlementStatuses(stack, 'S700');
  const groups = await effects(stack, 'S700');

  const suspendHandle = await send(stack, personEvent({ eventId: 'evt-s1', type: 'suspend', employee: employee('S700'), immediate: true, reason: 'leave of absence' }));
  const suspended = await finished(suspendHandle);
  expect(suspended.status).toBe('completed');
  expect((await stack.store.getPerson('S700'))?.state).toBe('suspended');
  let fx = await effects(stack, 'S700');
  expect(fx.m365).toMatchObject({ enabled: false, groups: groups.m365?.groups, licences: groups.m365?.licences });
  expect(fx.m365?.revocations).toBeGreaterThanOrEqual(1);
  expect(fx.google).toMatchObject({ suspended: true, groups: groups.google?.groups });
  expect(fx.google?.signOuts).toBeGreaterThanOrEqual(1);
  expect(fx.scim).toEqual({ active: false, groups: groups.scim?.groups });
  expect(await entitlementStatuses(stack, 'S700')).toEqual(held);
  expect((await stack.store.listAccounts('S700')).map((a) => a.status)).toEqual(['disabled', 'disabled', 'disabled']);

  await env.sleep('30 days');
  const reactivateHandle = await send(stack, personEvent({ eventId: 'evt-s2', type: 'reactivate', employee: employee('S700'), immediate: true }));
  const reactivated = await finished(reactivateHandle);
  expect(reactivated.status).toBe('completed');
  expect(await stack.store.getPerson('S700')).toMatchObject({ state: 'active', locked: false });
  fx = await effects(stack, 'S700');
  expect(fx.m365).toMatchObject({ enabled: true, groups: groups.m365?.groups, licences: groups.m365?.licences });
  expect(fx.google).toMatchObject({ suspended: false, groups: groups.google?.groups });
  expect(fx.scim).toEqual({ active: true, groups: groups.scim?.groups });
  expect(await entitlementStatuses(stack, 'S700')).toEqual(held);
  const transitions = (await auditEvents(stack, 'S700')).filter((e) => e.type === 'lifecycle.transition').map((e) => (e.after as { state: string }).state);
  expect(transitions.slice(-2)).toEqual(['suspended', 'active']);
  await recordHistory(suspendHandle, 'suspend');
  await recordHistory(reactivateHandle, 'reactivate');
});
