// Issue 9's stalls, each as a regression test (time-skipping): nothing a person's earlier case does (a record
// refusal, an approval wait, a system with no connector, a system that keeps failing) holds a leaver up, and
// case ids of different people never collide. Events go straight to the person workflow, past the API's edge
// checks, so the workflows' own defences are what is tested.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { useTestStack, type TestStack } from '../support/stack';
import { recordHistory } from '../support/workflow-histories';
import { defaultPolicy } from '../../domain/default-policy';
import { endOfDay } from '../../domain/calendar';
import { personWorkflowId } from '../../domain/ids';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createActivities } from '../../activities';
import {
  TZ, dateIn, effects, employee, finished, hire, personEvent, send, waitForView, type SystemEffects,
} from '../support/workflow-helpers';

let env: TestWorkflowEnvironment;
let stack: TestStack;

useTestStack((s) => ({ env, stack } = s));

async function expectLeft(employeeId: string): Promise<void> {
  const person = await stack.store.getPerson(employeeId);
  expect(person).toMatchObject({ state: 'deactivated', locked: true });
  const fx: SystemEffects = await effects(stack, employeeId);
  expect(fx.m365).toMatchObject({ enabled: false, groups: [], licences: [] });
  expect(fx.google).toMatchObject({ suspended: true, groups: [] });
  expect(fx.scim).toEqual({ active: false, groups: [] });
  const held = (await stack.store.listEntitlements(employeeId)).filter((e) => e.status !== 'removed');
  expect(held).toEqual([]);
}

const leaveNow = (id: string, eventId: string, over = {}) =>
  send(stack, personEvent({ eventId, type: 'leaver', employee: employee(id, over), immediate: true }));

test('a mover the record refuses (a NUL in jobTitle) fails visibly, and the leaver after it still runs', async () => {
  await hire(stack, 'S100');
  const mover = await send(stack, personEvent({ eventId: 's-move', type: 'mover', employee: employee('S100', { jobTitle: 'Eng\u0000ineer' }) }));
  const moved = await finished(mover);
  expect(moved.status).toBe('failed');
  expect(moved.steps.some((s) => s.status === 'failed' && /refused/.test(s.error ?? ''))).toBe(true);
  expect((await finished(await leaveNow('S100', 's-leave'))).status).toBe('completed');
  await expectLeft('S100');
});

test('a mover awaiting approval during notice does not hold the leaver: the last day ends, the mover is superseded', async () => {
  const policy = defaultPolicy();
  policy.birthright.push({ id: 'finance', when: { department: ['Finance'] }, grant: ['pay-approve'] });
  await stack.store.savePolicyVersion(policy, { createdBy: 'test' });
  try {
    await hire(stack, 'S200');
    const lastDay = await dateIn(env, 5);
    const leaver = await send(stack, personEvent({ eventId: 's-notice', type: 'leaver', employee: employee('S200'), effectiveDate: lastDay }));
    await waitForView(leaver, (v) => v.status === 'scheduled', 'notice');
    const mover = await send(stack, personEvent({ eventId: 's-fin', type: 'mover', employee: employee('S200', { department: 'Finance' }) }));
    await waitForView(mover, (v) => v.status === 'awaiting_approval', 'the approval');

    await env.sleep(Date.parse(endOfDay(lastDay, TZ)) - (await env.currentTimeMs()) + 60_000);
    const done = await finished(leaver);
    expect(done.status).toBe('completed');
    expect(done.slaBreached).toBe(false);
    expect((await finished(mover)).status).toBe('superseded');
    await expectLeft('S200');
    await recordHistory(leaver, 'leaver-v2-supersedes-approval');
    await recordHistory(stack.env.client.workflow.getHandle(personWorkflowId('S200')), 'person-v2-notice-supersedes');
  } finally {
    await stack.store.savePolicyVersion(defaultPolicy(), { createdBy: 'test' });
  }
});

test('a policy entitlement for a system with no connector fails the joiner at once; the leaver queued behind it runs', async () => {
  const policy = defaultPolicy();
  policy.entitlements.push({ id: 'nowhere', system: 'scim:nosuch', kind: 'group', ref: 'x' });
  policy.birthright.push({ id: 'nowhere', when: { department: ['Nowhere'] }, grant: ['nowhere'] });
  await stack.store.savePolicyVersion(policy, { createdBy: 'test' });
  try {
    const joiner = await send(stack, personEvent({ eventId: 's-join', type: 'joiner', employee: employee('S300', { department: 'Nowhere' }), immediate: true }));
    const joined = await finished(joiner);
    expect(joined.status).toBe('failed');
    expect(joined.steps.find((s) => s.status === 'failed')?.error).toMatch(/no connector is configured for system 'scim:nosuch'/);
    expect((await finished(await leaveNow('S300', 's-leave3', { department: 'Nowhere' }))).status).toBe('completed');
    expect(await stack.store.getPerson('S300')).toMatchObject({ state: 'deactivated', locked: true });
    const accounts = await stack.store.listAccounts('S300');
    expect(accounts.every((a) => a.status !== 'active')).toBe(true);
  } finally {
    await stack.store.savePolicyVersion(defaultPolicy(), { createdBy: 'test' });
  }
});

test('a joiner stuck on a failing system is superseded by an immediate leaver, which revokes what it made', async () => {
  const scim = stack.tenant.scim!.emulator;
  scim.faults.add({ path: '.*', status: 503 });
  try {
    const joiner = await send(stack, personEvent({ eventId: 's-stuck', type: 'joiner', employee: employee('S400'), immediate: true }));
    await waitForView(joiner, (v) => v.steps.some((s) => s.system === 'scim:github' && s.status === 'running'), 'the joiner retrying');
    const leaver = await leaveNow('S400', 's-leave4');
    expect((await finished(joiner)).status).toBe('superseded');
    scim.faults.clear();
    expect((await finished(leaver)).status).toBe('completed');
    expect(await stack.store.getPerson('S400')).toMatchObject({ state: 'deactivated', locked: true });
    const fx = await effects(stack, 'S400');
    expect(fx.m365).toMatchObject({ enabled: false, groups: [], licences: [] });
    expect(fx.google).toMatchObject({ suspended: true, groups: [] });
    expect((await stack.store.listEntitlements('S400')).filter((e) => e.status !== 'removed')).toEqual([]);
  } finally {
    scim.faults.clear();
  }
});

test('case ids of different people never collide: (S5, x-y) and (S5-x, y) are two cases', async () => {
  await hire(stack, 'S5');
  await hire(stack, 'S5-x');
  const a = await send(stack, personEvent({ eventId: 'x-y', type: 'suspend', employee: employee('S5') }));
  const b = await send(stack, personEvent({ eventId: 'y', type: 'suspend', employee: employee('S5-x') }));
  expect(a.workflowId).not.toBe(b.workflowId);
  expect((await finished(a)).status).toBe('completed');
  expect((await finished(b)).status).toBe('completed');
  expect((await stack.store.getPerson('S5'))?.state).toBe('suspended');
  expect((await stack.store.getPerson('S5-x'))?.state).toBe('suspended');
});

test('a mover or a suspend for a person who has left is refused by the case itself', async () => {
  await hire(stack, 'S600');
  expect((await finished(await leaveNow('S600', 's-leave6'))).status).toBe('completed');
  const move = await finished(await send(stack, personEvent({ eventId: 's-late-move', type: 'mover', employee: employee('S600', { department: 'Sales' }) })));
  expect(move).toMatchObject({ status: 'rejected', outcome: 'refused: the person has left' });
  const suspend = await finished(await send(stack, personEvent({ eventId: 's-late-suspend', type: 'suspend', employee: employee('S600') })));
  expect(suspend.status).toBe('rejected');
  await expectLeft('S600');
});

test('a leaver sent right behind a joiner that names a system with no connector completes', async () => {
  const policy = defaultPolicy();
  policy.entitlements.push({ id: 'nowhere', system: 'scim:nosuch', kind: 'group', ref: 'x' });
  policy.birthright.push({ id: 'nowhere', when: { department: ['Nowhere'] }, grant: ['nowhere'] });
  await stack.store.savePolicyVersion(policy, { createdBy: 'test' });
  try {
    const joiner = await send(stack, personEvent({ eventId: 's-join7', type: 'joiner', employee: employee('S700', { department: 'Nowhere' }), immediate: true }));
    const leaver = await leaveNow('S700', 's-leave7', { department: 'Nowhere' });
    expect((await finished(leaver)).status).toBe('completed');
    expect(['failed', 'superseded']).toContain((await finished(joiner)).status);
    expect(await stack.store.getPerson('S700')).toMatchObject({ state: 'deactivated', locked: true });
  } finally {
    await stack.store.savePolicyVersion(defaultPolicy(), { createdBy: 'test' });
  }
});

test("a grant that reaches a person after a leaver's lock takes nothing: refused, and nothing lands in the systems", async () => {
  await hire(stack, 'S800');
  const activities = createActivities({ store: stack.store, connectors: stack.connectors });
  const inCase = new MockActivityEnvironment({ workflowExecution: { workflowId: 'case-S800:fence', runId: 'r1' } } as never);
  await inCase.run(activities.fencePerson, { employeeId: 'S800', actor: 'hr', caseId: 'case-S800:fence', step: 'fence' });
  await expect(inCase.run(activities.grantEntitlement, {
    employeeId: 'S800', entitlementId: 'sales-m365', source: 'manual' as const, actor: 'admin', caseId: 'case-S800:late', step: 'grant',
  })).rejects.toMatchObject({ type: 'PersonLeaving' });
  await expect(inCase.run(activities.setPersonState, { employeeId: 'S800', state: 'suspended' as const, actor: 'hr', caseId: 'case-S800:late', step: 's' }))
    .rejects.toMatchObject({ type: 'PersonLeaving' });
  expect((await effects(stack, 'S800')).m365?.groups).not.toContain('Sales');
  expect((await stack.store.listEntitlements('S800')).map((e) => e.entitlementId)).not.toContain('sales-m365');
  expect(await stack.store.getPerson('S800')).toMatchObject({ state: 'active', locked: true });
});

// Found by the suite under load: the leaver superseded the joiner before the joiner wrote the person's record,
// and the leaver's state change retried "person not found" for ever.
test('a leaver whose joiner was superseded before it wrote the record still completes: the person is recorded, deactivated and locked', async () => {
  const leaver = await leaveNow('S900', 's-leave9');
  expect((await finished(leaver)).status).toBe('completed');
  expect(await stack.store.getPerson('S900')).toMatchObject({ state: 'deactivated', locked: true });
  // The superseded joiner's write, landing late, does not reopen the identity.
  const activities = createActivities({ store: stack.store, connectors: stack.connectors });
  const late = new MockActivityEnvironment({ workflowExecution: { workflowId: 'case-S900:join', runId: 'r1' } } as never);
  await late.run(activities.recordPerson, { employee: employee('S900'), state: 'pending' as const, caseId: 'case-S900:join', step: 'person.recorded' });
  expect(await stack.store.getPerson('S900')).toMatchObject({ state: 'deactivated', locked: true });
});

test('a step whose record is missing fails at once (non-retryable), not retried for ever', async () => {
  const activities = createActivities({ store: stack.store, connectors: stack.connectors });
  const inCase = new MockActivityEnvironment({ workflowExecution: { workflowId: 'case-S901:x', runId: 'r1' } } as never);
  await expect(inCase.run(activities.setPersonState, { employeeId: 'S901', state: 'active' as const, actor: 'hr', caseId: 'case-S901:x', step: 's' }))
    .rejects.toMatchObject({ type: 'RecordMissing', nonRetryable: true });
});
