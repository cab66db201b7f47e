// Access by hand (time-skipping): temporary access whose expiry an admin cancels is kept; a hand-granted
// entitlement is revoked by hand; a birthright one is not revoked by hand.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { useTestStack, type TestStack } from '../support/stack';
import { cancelUpdate, type CaseView } from '../../workflows/definitions';
import { DAY, effects, employee, entitlementStatuses, finished, hire, personEvent, send, waitForView } from '../support/workflow-helpers';

let env: TestWorkflowEnvironment;
let stack: TestStack;

useTestStack((s) => ({ env, stack } = s));

const access = (eventId: string, action: 'grant' | 'revoke', entitlementId: string, expiresAt?: string) =>
  personEvent({ eventId, type: 'access', requestedBy: 'admin-bob', reason: 'project', employee: employee('A100', { department: 'Sales' }), access: { action, entitlementId, expiresAt } });

test('temporary access: the expiry cancelled keeps it; revoked by hand it goes; birthright is not revoked by hand', async () => {
  await hire(stack, 'A100', { department: 'Sales' });
  const expiresAt = new Date((await env.currentTimeMs()) + 10 * DAY).toISOString();
  const grant = await send(stack, access('evt-a1', 'grant', 'github', expiresAt));
  await waitForView(grant, (v) => v.status === 'scheduled', 'the expiry timer');
  expect((await effects(stack, 'A100')).scim?.groups).toEqual(['engineering', 'sales']);

  const cancelled: CaseView = await grant.executeUpdate(cancelUpdate, { args: [{ by: 'admin-carol', reason: 'keep it' }], updateId: 'a1-cancel' });
  expect(cancelled.status).toBe('cancelled');
  await env.sleep(11 * DAY);
  expect((await entitlementStatuses(stack, 'A100')).github).toBe('active');
  expect((await effects(stack, 'A100')).scim?.groups).toEqual(['engineering', 'sales']);

  const revoke = await finished(await send(stack, access('evt-a2', 'revoke', 'github')));
  expect(revoke.status).toBe('completed');
  expect((await entitlementStatuses(stack, 'A100')).github).toBe('removed');
  expect((await effects(stack, 'A100')).scim?.groups).toEqual(['sales']);

  const refused = await finished(await send(stack, access('evt-a3', 'revoke', 'sales-m365')));
  expect(refused.status).toBe('rejected');
  expect(refused.outcome).toMatch(/birthright/);
  expect((await entitlementStatuses(stack, 'A100'))['sales-m365']).toBe('active');
  expect((await effects(stack, 'A100')).m365?.groups).toContain('Sales');
});
