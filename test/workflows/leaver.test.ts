// Scenarios 8 and 10–13 (time-skipping): a leaver with a future last day; the last day moved earlier; an
// immediate termination; a leaver during a mover's grace period; one system failing past the business day.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { useTestStack, type TestStack } from '../support/stack';
import { recordHistory } from '../support/workflow-histories';
import { searchAttributes, type CaseView } from '../../workflows/definitions';
import { endOfBusinessDay, endOfDay } from '../../domain/calendar';
import {
  DAY, TZ, act, auditEvents, caseView, dateIn, effects, employee, entitlementStatuses, finished, hire, personEvent, send, waitFor, waitForView,
  type SystemEffects, 
} from '../support/workflow-helpers';

let env: TestWorkflowEnvironment;
let stack: TestStack;

useTestStack((s) => ({ env, stack } = s));

const HOUR = 3_600_000;

/** Everything a leaver must have done, in the emulators and the record. */
async function expectFullyRevoked(employeeId: string, fx: SystemEffects): Promise<void> {
  expect(fx.m365).toMatchObject({ enabled: false, groups: [], licences: [] });
  expect(fx.m365?.revocations).toBeGreaterThanOrEqual(1);
  expect(fx.google).toMatchObject({ suspended: true, groups: [] });
  expect(fx.google?.signOuts).toBeGreaterThanOrEqual(1);
  expect(fx.scim).toEqual({ active: false, groups: [] });
  const accounts = await stack.store.listAccounts(employeeId);
  expect(accounts.map((a) => a.status)).toEqual(['disabled', 'disabled', 'disabled']);
  expect(Object.values(await entitlementStatuses(stack, employeeId)).every((s) => s === 'removed')).toBe(true);
  const person = await stack.store.getPerson(employeeId);
  expect(person).toMatchObject({ state: 'deactivated', locked: true });
  const snapshots = await stack.store.listAccessSnapshots(employeeId);
  expect(snapshots).toHaveLength(1);
}

function untouched(fx: SystemEffects): void {
  expect(fx.m365).toMatchObject({ enabled: true, revocations: 0 });
  expect(fx.m365?.groups.length).toBeGreaterThan(0);
  expect(fx.google).toMatchObject({ suspended: false, signOuts: 0 });
  expect(fx.scim?.active).toBe(true);
}

test('last day 14 days ahead: notice, nothing touched until the end of that day, then everything revoked and locked', async () => {
  await hire(stack, 'L500');
  const lastDay = await dateIn(env, 14);
  const handle = await send(stack, personEvent({ eventId: 'evt-l1', type: 'leaver', employee: employee('L500'), effectiveDate: lastDay }));
  const endAt = Date.parse(endOfDay(lastDay, TZ));
  const view = await waitForView(handle, (v) => v.status === 'scheduled');
  expect(view.scheduled).toEqual([{ action: 'revoke all access', at: new Date(endAt).toISOString() }]);
  expect((await stack.store.getPerson('L500'))?.state).toBe('notice');

  await env.sleep(endAt - HOUR - (await env.currentTimeMs()));
  expect(((await caseView(handle))!).status).toBe('scheduled');
  untouched(await effects(stack, 'L500'));
  expect((await stack.store.getPerson('L500'))?.state).toBe('notice');
  expect(await stack.store.listAccessSnapshots('L500')).toEqual([]);

  const result = await finished(handle);
  expect(result.status).toBe('completed');
  expect(result.slaBreached).toBe(false);
  expect(await env.currentTimeMs()).toBeGreaterThanOrEqual(endAt);
  await expectFullyRevoked('L500', await effects(stack, 'L500'));
  const [snapshot] = await stack.store.listAccessSnapshots('L500');
  expect(JSON.stringify(snapshot)).toContain('eng-m365');
  const types = (await auditEvents(stack, 'L500')).map((e) => e.type);
  expect(types).toEqual(expect.arrayContaining(['access.snapshot', 'account.disabled', 'sessions.revoked', 'entitlement.revoked', 'assets.released']));
  await recordHistory(handle, 'leaver');
});

test('the last day moved earlier: revocation fires at the new time', async () => {
  await hire(stack, 'L501');
  const handle = await send(stack, personEvent({ eventId: 'evt-l2', type: 'leaver', employee: employee('L501'), effectiveDate: await dateIn(env, 14) }));
  await waitForView(handle, (v) => v.status === 'scheduled');
  await env.sleep(2 * DAY);
  const newLastDay = await dateIn(env, 3);
  const newEnd = endOfDay(newLastDay, TZ);
  const moved: CaseView = await act(stack, handle.workflowId, 'reschedule', { by: 'admin-bob', effectiveAt: newEnd }, 'l2-move');
  expect(moved.scheduled).toEqual([{ action: 'revoke all access', at: newEnd }]);
  expect(moved.effectiveAt).toBe(newEnd);

  await env.sleep(Date.parse(newEnd) - HOUR - (await env.currentTimeMs()));
  untouched(await effects(stack, 'L501'));
  await env.sleep(2 * HOUR);
  const view = await waitForView(handle, (v) => v.status === 'completed', 'the leaver to finish at the new time');
  expect(view.effectiveAt).toBe(newEnd);
  await expectFullyRevoked('L501', await effects(stack, 'L501'));
  const description = await handle.describe();
  expect(description.typedSearchAttributes.get(searchAttributes.effectiveAt)?.toISOString()).toBe(newEnd);
  expect((await stack.store.getPerson('L501'))?.lastDay).toBe(newLastDay);
});

test('HR sends the leaver again with an earlier last day: the new case supersedes the old one and fires at the new time', async () => {
  await hire(stack, 'L505');
  const first = await send(stack, personEvent({ eventId: 'evt-l6', type: 'leaver', employee: employee('L505'), effectiveDate: await dateIn(env, 14) }));
  await waitForView(first, (v) => v.status === 'scheduled');
  await env.sleep(DAY);
  const lastDay = await dateIn(env, 4);
  const second = await send(stack, personEvent({ eventId: 'evt-l7', type: 'leaver', employee: employee('L505'), effectiveDate: lastDay }));
  // The notice lives in the person workflow, so the record says when it is superseded. Not finished(): on a
  // loaded machine it would skip time to the first notice's end, past the new last day.
  await waitFor(async () => (await stack.store.getCase(first.workflowId))?.status === 'superseded', 'the first notice superseded');
  const newEnd = endOfDay(lastDay, TZ);
  expect((await waitForView(second, (v) => v.status === 'scheduled')).scheduled).toEqual([{ action: 'revoke all access', at: newEnd }]);
  expect((await stack.store.getPerson('L505'))?.state).toBe('notice');
  await env.sleep(Date.parse(newEnd) - HOUR - (await env.currentTimeMs()));
  untouched(await effects(stack, 'L505'));
  const done = await finished(second);
  expect(done.status).toBe('completed');
  // When the revocation ran, by the case's own steps (the server's clock may skip on once it has closed).
  const revokedAt = Math.min(...done.steps.map((s) => Date.parse(s.at)));
  expect(revokedAt).toBeGreaterThanOrEqual(Date.parse(newEnd));
  expect(revokedAt).toBeLessThan(Date.parse(newEnd) + DAY);
  await expectFullyRevoked('L505', await effects(stack, 'L505'));
});

test('an immediate termination revokes at once', async () => {
  await hire(stack, 'L502', { department: 'Sales' });
  const handle = await send(stack, personEvent({ eventId: 'evt-l3', type: 'leaver', employee: employee('L502', { department: 'Sales' }), immediate: true, reason: 'terminated' }));
  const result = await finished(handle);
  expect(result.status).toBe('completed');
  await expectFullyRevoked('L502', await effects(stack, 'L502'));
});

test('a leaver during a mover grace period revokes everything; the mover is superseded', async () => {
  await hire(stack, 'L503', { department: 'Sales' });
  const mover = await send(stack, personEvent({ eventId: 'evt-m1', type: 'mover', employee: employee('L503', { department: 'Engineering' }) }));
  await waitForView(mover, (v) => v.status === 'scheduled', 'the grace period');
  expect(Object.values(await entitlementStatuses(stack, 'L503'))).toContain('pending_removal');
  await env.sleep(2 * DAY);
  const leaver = await send(stack, personEvent({ eventId: 'evt-l4', type: 'leaver', employee: employee('L503', { department: 'Engineering' }), immediate: true }));
  expect((await finished(mover)).status).toBe('superseded');
  expect((await finished(leaver)).status).toBe('completed');
  await expectFullyRevoked('L503', await effects(stack, 'L503'));
  expect((await auditEvents(stack, 'L503', 'case-L503:evt-m1')).some((e) => e.type === 'case.superseded')).toBe(true);
});

test('one system failing during a leaver: the others revoked, slaBreached past the business day, the failing one revoked when it recovers', async () => {
  await hire(stack, 'L504');
  // Late in a business day: the deadline (end of this business day in the company time zone) is 30 minutes away.
  const deadline = Date.parse(endOfBusinessDay(new Date(await env.currentTimeMs()).toISOString(), TZ));
  await env.sleep(deadline - 30 * 60_000 - (await env.currentTimeMs()));
  const scim = stack.tenant.scim!.emulator;
  scim.faults.add({ path: '.*', status: 503 });
  try {
    const handle = await send(stack, personEvent({ eventId: 'evt-l5', type: 'leaver', employee: employee('L504'), immediate: true }));
    await waitForView(handle, (v) => v.status === 'running');
    await env.sleep(HOUR);
    const view = await waitForView(handle, (v) => v.slaBreached, 'the SLA breach');
    expect(view.status).toBe('running');
    const fx = await effects(stack, 'L504');
    expect(fx.m365).toMatchObject({ enabled: false, groups: [], licences: [] });
    expect(fx.google).toMatchObject({ suspended: true, groups: [] });
    expect(fx.scim?.active).toBe(true); // still failing
    expect((await auditEvents(stack, 'L504')).some((e) => e.type === 'leaver.sla_breached')).toBe(true);
    expect((await stack.store.getCase('case-L504:evt-l5'))?.slaBreached).toBe(true);
    expect((await handle.describe()).typedSearchAttributes.get(searchAttributes.slaBreached)).toBe(true);

    scim.faults.clear();
    const result = await finished(handle);
    expect(result.status).toBe('completed');
    expect(result.slaBreached).toBe(true);
    await recordHistory(handle, 'leaver-sla-breached');
    await expectFullyRevoked('L504', await effects(stack, 'L504'));
  } finally {
    scim.faults.clear();
  }
});
