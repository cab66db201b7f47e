// Scenarios 4–7 (time-skipping): a move's additions at once and its removals after the grace period; a reversal
// inside the grace period; SoD on a move (block / approve); hand-granted and temporary access across a move.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { useTestStack, type TestStack } from '../support/stack';
import { recordHistory } from '../support/workflow-histories';
import { approveUpdate, rejectUpdate, type CaseView } from '../../workflows/definitions';
import { defaultPolicy } from '../../domain/default-policy';
import type { PolicyDocument } from '../../domain/policy-document';
import {
  DAY, auditEvents, effects, employee, entitlementStatuses, finished, hire, settled, personEvent, send, waitForView, 
} from '../support/workflow-helpers';

let env: TestWorkflowEnvironment;
let stack: TestStack;

useTestStack((s) => ({ env, stack } = s));

const HOUR = 3_600_000;
const SALES = ['sales-m365', 'sales-google', 'github-sales'];
const ENG = ['eng-m365', 'eng-google', 'github'];
const removalScheduled = (v: CaseView) => v.status === 'scheduled' && (v.scheduled[0]?.action.startsWith('remove') ?? false);
const pick = (all: Record<string, string>, ids: string[]) => Object.fromEntries(ids.map((id) => [id, all[id]]));
const each = (ids: string[], status: string) => Object.fromEntries(ids.map((id) => [id, status]));

test('Sales → Engineering: Engineering access at once, Sales access pending removal for 7 days, removed on day 7', async () => {
  await hire(stack, 'M400', { department: 'Sales' });
  const movedAt = await env.currentTimeMs();
  const handle = await send(stack, personEvent({ eventId: 'evt-m1', type: 'mover', employee: employee('M400', { department: 'Engineering' }) }));
  const view = await waitForView(handle, removalScheduled, 'the grace period');
  expect(Date.parse(view.scheduled[0]?.at as string) - movedAt).toBeGreaterThanOrEqual(7 * DAY);
  expect(Date.parse(view.scheduled[0]?.at as string) - movedAt).toBeLessThan(7 * DAY + HOUR);

  let st = await entitlementStatuses(stack, 'M400');
  expect(pick(st, ENG)).toEqual(each(ENG, 'active'));
  expect(pick(st, SALES)).toEqual(each(SALES, 'pending_removal'));
  let fx = await effects(stack, 'M400');
  expect(fx.m365?.groups).toEqual(['All Staff', 'Engineering', 'Sales']);
  expect(fx.google?.groups).toEqual(['eng@example.com', 'sales@example.com']);
  expect(fx.scim?.groups).toEqual(['engineering', 'sales']);
  expect((await stack.store.getPerson('M400'))?.department).toBe('Engineering');

  await env.sleep(6 * DAY);
  fx = await effects(stack, 'M400');
  expect(fx.m365?.groups).toContain('Sales');
  expect(fx.m365?.revocations).toBe(0);

  await env.sleep(DAY + HOUR);
  const result = await finished(handle);
  expect(result.status).toBe('completed');
  st = await entitlementStatuses(stack, 'M400');
  expect(pick(st, SALES)).toEqual(each(SALES, 'removed'));
  expect(pick(st, ENG)).toEqual(each(ENG, 'active'));
  fx = await effects(stack, 'M400');
  expect(fx.m365).toMatchObject({ enabled: true, groups: ['All Staff', 'Engineering'], licences: ['ENTERPRISEPACK'] });
  expect(fx.google?.groups).toEqual(['eng@example.com']);
  expect(fx.scim?.groups).toEqual(['engineering']);
  // Access shrank in every system: sessions revoked there.
  expect(fx.m365?.revocations).toBeGreaterThanOrEqual(1);
  expect(fx.google?.signOuts).toBeGreaterThanOrEqual(1);
  await recordHistory(handle, 'mover');
});

test('the move reversed on day 3: the pending removal is cancelled and the Engineering additions go by the same grace rule', async () => {
  await hire(stack, 'M401', { department: 'Sales' });
  const first = await send(stack, personEvent({ eventId: 'evt-m2', type: 'mover', employee: employee('M401', { department: 'Engineering' }) }));
  await waitForView(first, removalScheduled, 'the first grace period');
  await env.sleep(3 * DAY);
  const back = await send(stack, personEvent({ eventId: 'evt-m3', type: 'mover', employee: employee('M401', { department: 'Sales' }) }));
  const firstResult = await finished(first);
  expect(firstResult.status).toBe('superseded');
  await recordHistory(first, 'mover-superseded');
  await waitForView(back, removalScheduled, 'the second grace period');
  let st = await entitlementStatuses(stack, 'M401');
  expect(pick(st, SALES)).toEqual(each(SALES, 'active'));
  expect(pick(st, ENG)).toEqual(each(ENG, 'pending_removal'));
  expect((await auditEvents(stack, 'M401')).some((e) => e.type === 'entitlement.removal_cancelled')).toBe(true);

  // Day 8 after the first move: the first grace period would have ended; Sales access is still there.
  await env.sleep(5 * DAY);
  let fx = await effects(stack, 'M401');
  expect(fx.m365?.groups).toEqual(['All Staff', 'Engineering', 'Sales']);
  expect(fx.scim?.groups).toEqual(['engineering', 'sales']);

  // Day 10 (+1h): seven days after the reversal, the Engineering additions are removed.
  await env.sleep(2 * DAY + HOUR);
  const result = await finished(back);
  expect(result.status).toBe('completed');
  st = await entitlementStatuses(stack, 'M401');
  expect(pick(st, SALES)).toEqual(each(SALES, 'active'));
  expect(pick(st, ENG)).toEqual(each(ENG, 'removed'));
  fx = await effects(stack, 'M401');
  expect(fx.m365?.groups).toEqual(['All Staff', 'Sales']);
  expect(fx.google?.groups).toEqual(['sales@example.com']);
  expect(fx.scim?.groups).toEqual(['sales']);
});

function financePolicy(severity: 'block' | 'approve'): PolicyDocument {
  const p = defaultPolicy();
  p.birthright.push({ id: 'finance', when: { department: ['Finance'] }, grant: ['pay-approve'] });
  p.sod = [{ id: 'payments', entitlements: ['pay-create', 'pay-approve'], severity }];
  p.approvals = { joiner: { employmentType: ['contractor'] } };
  return p;
}

async function grantByHand(employeeId: string, department: string, eventId: string, entitlementId: string, expiresAt?: string): Promise<CaseView> {
  const handle = await send(stack, personEvent({
    eventId, type: 'access', requestedBy: 'admin-bob', reason: 'needs it', employee: employee(employeeId, { department }),
    access: { action: 'grant', entitlementId, expiresAt },
  }));
  return expiresAt ? waitForView(handle, removalScheduled, 'the temporary grant') : (await finished(handle));
}

test('a move that would combine a manual entitlement with a birthright one: refused under block, approval under approve', async () => {
  try {
    await stack.store.savePolicyVersion(financePolicy('block'), { createdBy: 'test' });
    await hire(stack, 'M402', { department: 'Sales' });
    expect((await grantByHand('M402', 'Sales', 'evt-g1', 'pay-create')).status).toBe('completed');
    const before = await entitlementStatuses(stack, 'M402');
    const beforeFx = await effects(stack, 'M402');

    const blocked = await send(stack, personEvent({ eventId: 'evt-m4', type: 'mover', employee: employee('M402', { department: 'Finance' }) }));
    const refused = await finished(blocked);
    expect(refused.status).toBe('rejected');
    expect(refused.outcome).toMatch(/payments/);
    expect(refused.outcome).toMatch(/pay-create/);
    expect(await entitlementStatuses(stack, 'M402')).toEqual(before);
    expect(await effects(stack, 'M402')).toEqual(beforeFx);
    expect((await stack.store.getPerson('M402'))?.department).toBe('Sales');
    const audit = (await auditEvents(stack, 'M402')).find((e) => e.type === 'mover.refused');
    expect(audit).toMatchObject({ outcome: 'refused', policyId: 'payments' });

    await stack.store.savePolicyVersion(financePolicy('approve'), { createdBy: 'test' });
    const gated = await send(stack, personEvent({ eventId: 'evt-m5', type: 'mover', employee: employee('M402', { department: 'Finance' }) }));
    const waiting = await waitForView(gated, (v) => v.status === 'awaiting_approval', 'the SoD approval');
    expect(waiting.pendingApprovals[0]?.reason).toMatch(/payments/);
    await env.sleep('2 days');
    expect(await entitlementStatuses(stack, 'M402')).toEqual(before);
    await gated.executeUpdate(approveUpdate, { args: [{ by: 'admin-carol', comment: 'compensating control' }], updateId: 'm5-approve' });
    await waitForView(gated, removalScheduled, 'the grace period');
    const after = await entitlementStatuses(stack, 'M402');
    expect(after['pay-approve']).toBe('active');
    expect(after['pay-create']).toBe('active');
    expect((await effects(stack, 'M402')).m365?.groups).toEqual(expect.arrayContaining(['Payments Approve', 'Payments Create']));
    const granted = (await auditEvents(stack, 'M402')).find((e) => e.type === 'entitlement.granted' && JSON.stringify(e.entitlements).includes('pay-approve'));
    expect(granted?.approver).toBe('admin-carol');
  } finally {
    await stack.store.savePolicyVersion(defaultPolicy(), { createdBy: 'test' });
  }
});

test('a hand-granted entitlement survives a move; a temporary one granted for 30 days is removed on day 30', async () => {
  await hire(stack, 'M403', { department: 'Sales' });
  expect((await grantByHand('M403', 'Sales', 'evt-g2', 'pay-create')).status).toBe('completed');
  const expiresAt = new Date((await env.currentTimeMs()) + 30 * DAY).toISOString();
  const temporary = await grantByHand('M403', 'Sales', 'evt-g3', 'github', expiresAt);
  expect(temporary.scheduled).toEqual([{ action: 'remove github', at: expiresAt }]);

  const move = await send(stack, personEvent({ eventId: 'evt-m6', type: 'mover', employee: employee('M403', { department: 'Marketing' }) }));
  await waitForView(move, removalScheduled, 'the grace period');
  let st = await entitlementStatuses(stack, 'M403');
  expect(st['pay-create']).toBe('active');
  expect(st.github).not.toBe('removed');
  expect(pick(st, SALES)).toEqual(each(SALES, 'pending_removal'));

  await env.sleep(8 * DAY);
  expect((await settled(move)).status).toBe('completed'); // not finished(): time must not skip on to day 30
  st = await entitlementStatuses(stack, 'M403');
  expect(st['pay-create']).toBe('active');
  expect(pick(st, SALES)).toEqual(each(SALES, 'removed'));
  let fx = await effects(stack, 'M403');
  expect(fx.m365?.groups).toEqual(['All Staff', 'Payments Create']);
  expect(fx.scim?.groups).toEqual(['engineering']);

  // Day 29: the temporary grant is still there; day 30 (+1h): gone.
  await env.sleep(Date.parse(expiresAt) - DAY - (await env.currentTimeMs()));
  expect((await effects(stack, 'M403')).scim?.groups).toEqual(['engineering']);
  await env.sleep(DAY + HOUR);
  const access = stack.env.client.workflow.getHandle('case-M403:evt-g3');
  expect((await finished(access)).status).toBe('completed');
  st = await entitlementStatuses(stack, 'M403');
  expect(st.github).toBe('removed');
  expect(st['pay-create']).toBe('active');
  fx = await effects(stack, 'M403');
  expect(fx.scim?.groups).toEqual([]);
  expect(fx.m365?.groups).toEqual(['All Staff', 'Payments Create']);
  await recordHistory(access, 'access');
});

test('a move whose birthright brings an entitlement listed in approvals.entitlements waits for an approver', async () => {
  const policy = defaultPolicy(); // approvals.entitlements lists pay-approve
  policy.birthright.push({ id: 'finance', when: { department: ['Finance'] }, grant: ['pay-approve'] });
  try {
    await stack.store.savePolicyVersion(policy, { createdBy: 'test' });
    await hire(stack, 'M404', { department: 'Sales' });
    const before = await entitlementStatuses(stack, 'M404');
    const handle = await send(stack, personEvent({ eventId: 'evt-m7', type: 'mover', employee: employee('M404', { department: 'Finance' }) }));
    const waiting = await waitForView(handle, (v) => v.status === 'awaiting_approval', 'the entitlement approval');
    expect(waiting.pendingApprovals[0]?.reason).toMatch(/pay-approve/);
    await handle.executeUpdate(rejectUpdate, { args: [{ by: 'admin-carol' }], updateId: 'm7-reject' });
    expect((await finished(handle)).status).toBe('rejected');
    expect(await entitlementStatuses(stack, 'M404')).toEqual(before);
    expect((await effects(stack, 'M404')).m365?.groups).not.toContain('Payments Approve');
    expect((await stack.store.getPerson('M404'))?.department).toBe('Sales');
  } finally {
    await stack.store.savePolicyVersion(defaultPolicy(), { createdBy: 'test' });
  }
});
