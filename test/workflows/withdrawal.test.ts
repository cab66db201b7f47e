// Scenarios 3 and 9 (time-skipping): an offer withdrawn after provisioning, before the start → everything
// removed, never `active`; a resignation withdrawn during notice → cancelled, nothing revoked.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { useTestStack, type TestStack } from '../support/stack';
import { auditEvents, dateIn, effects, employee, entitlementStatuses, finished, hire, personEvent, presentIn, send, waitForView } from '../support/workflow-helpers';

let env: TestWorkflowEnvironment;
let stack: TestStack;

useTestStack((s) => ({ env, stack } = s));

test('an offer withdrawn after provisioning and before the start removes everything; the person is never active', async () => {
  const emp = employee('W300');
  const handle = await send(stack, personEvent({ eventId: 'evt-w1', type: 'joiner', employee: emp, effectiveDate: await dateIn(env, 3) }));
  await env.sleep('2 days'); // past start minus lead time (P1D), before the start
  const provisioned = await waitForView(handle, (v) => v.scheduled[0]?.action === 'activate');
  expect(provisioned.status).toBe('scheduled');
  expect(presentIn(stack, 'W300')).toEqual(['m365', 'google', 'scim']);

  await send(stack, personEvent({ eventId: 'evt-w1-cancel', type: 'cancel', employee: emp, cancelsEventId: 'evt-w1', reason: 'offer withdrawn' }));
  const result = await finished(handle);
  expect(result.status).toBe('cancelled');
  expect(result.outcome).toBe('withdrawn');
  expect(presentIn(stack, 'W300')).toEqual([]);
  expect((await stack.store.listAccounts('W300')).every((a) => a.status === 'deleted')).toBe(true);
  expect(Object.values(await entitlementStatuses(stack, 'W300')).every((s) => s === 'removed')).toBe(true);
  const person = await stack.store.getPerson('W300');
  expect(person?.state).not.toBe('active');
  const transitions = (await auditEvents(stack, 'W300')).filter((e) => e.type === 'lifecycle.transition');
  expect(transitions.some((e) => (e.after as { state?: string }).state === 'active')).toBe(false);
  expect((await auditEvents(stack, 'W300')).some((e) => e.type === 'case.withdrawn')).toBe(true);
});

// Found by the model-based test: an offer withdrawn before provisioning left the person `pending` for ever,
// and movers and grants for them were accepted and failed ("no account").
test('an offer withdrawn before provisioning leaves the person deactivated; a grant queued behind it is refused', async () => {
  const emp = employee('W302');
  const handle = await send(stack, personEvent({ eventId: 'evt-w2', type: 'joiner', employee: emp, effectiveDate: await dateIn(env, 4) }));
  await waitForView(handle, (v) => v.status === 'scheduled');
  expect((await stack.store.getPerson('W302'))?.state).toBe('pending');
  await send(stack, personEvent({ eventId: 'evt-w2-cancel', type: 'cancel', employee: emp, cancelsEventId: 'evt-w2', reason: 'offer withdrawn' }));
  const grant = await send(stack, personEvent({
    eventId: 'evt-w2-grant', type: 'access', employee: emp, access: { action: 'grant', entitlementId: 'eng-google' }, reason: 'early access',
  }));
  expect(await finished(handle)).toMatchObject({ status: 'cancelled', outcome: 'withdrawn' });
  expect((await stack.store.getPerson('W302'))?.state).toBe('deactivated');
  expect(await finished(grant)).toMatchObject({ status: 'rejected', outcome: 'refused: the person has left' });
  expect(presentIn(stack, 'W302')).toEqual([]);
});

test('a resignation withdrawn during notice cancels the leaver with nothing revoked', async () => {
  await hire(stack, 'W301');
  const emp = employee('W301');
  const before = await effects(stack, 'W301');
  const handle = await send(stack, personEvent({ eventId: 'evt-l1', type: 'leaver', employee: emp, effectiveDate: await dateIn(env, 14) }));
  await waitForView(handle, (v) => v.status === 'scheduled');
  await env.sleep('3 days');
  expect((await stack.store.getPerson('W301'))?.state).toBe('notice');

  await send(stack, personEvent({ eventId: 'evt-l1-cancel', type: 'cancel', employee: emp, cancelsEventId: 'evt-l1', reason: 'stays after all' }));
  const result = await finished(handle);
  expect(result.status).toBe('cancelled');
  expect(result.outcome).toBe('withdrawn');
  await env.sleep('14 days'); // past the original last day: nothing fires
  expect(await effects(stack, 'W301')).toEqual(before);
  expect(before.m365?.enabled).toBe(true);
  expect((await stack.store.getPerson('W301'))?.state).toBe('active');
  expect(Object.values(await entitlementStatuses(stack, 'W301')).every((s) => s === 'active')).toBe(true);
  const types = (await auditEvents(stack, 'W301')).map((e) => e.type);
  expect(types).not.toContain('account.disabled');
  expect(types).not.toContain('entitlement.revoked');
  expect(types).not.toContain('access.snapshot');
});

test('a move withdrawn during its grace period: the pending removals are cancelled, access kept', async () => {
  await hire(stack, 'W302', { department: 'Sales' });
  const handle = await send(stack, personEvent({ eventId: 'evt-m1', type: 'mover', employee: employee('W302', { department: 'Engineering' }) }));
  await waitForView(handle, (v) => v.status === 'scheduled', 'the grace period');
  expect((await entitlementStatuses(stack, 'W302'))['sales-m365']).toBe('pending_removal');
  await env.sleep('1 day');
  await send(stack, personEvent({ eventId: 'evt-m1-cancel', type: 'cancel', employee: employee('W302'), cancelsEventId: 'evt-m1' }));
  const result = await finished(handle);
  expect(result.status).toBe('cancelled');
  await env.sleep('8 days');
  const st = await entitlementStatuses(stack, 'W302');
  expect(st['sales-m365']).toBe('active');
  expect(Object.values(st)).not.toContain('pending_removal');
  expect((await effects(stack, 'W302')).m365?.groups).toContain('Sales');
});
