// Scenario 14 (time-skipping): the same HR event twice → one case, one set of effects; the same admin action
// twice (the same updateId) → one decision, one effect.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { useTestStack, type TestStack } from '../support/stack';
import { approveUpdate, personStateQuery, rescheduleUpdate, type CaseView } from '../../workflows/definitions';
import { personWorkflowId } from '../../domain/ids';
import { endOfDay } from '../../domain/calendar';
import { TZ, auditEvents, dateIn, employee, finished, hire, personEvent, send, waitForView } from '../support/workflow-helpers';

let env: TestWorkflowEnvironment;
let stack: TestStack;

useTestStack((s) => ({ env, stack } = s));

test('the same HR event twice starts one case with one set of effects, also after the case has finished', async () => {
  const event = personEvent({ eventId: 'evt-i1', type: 'joiner', employee: employee('I900'), immediate: true });
  await send(stack, event);
  const handle = await send(stack, event);
  expect((await finished(handle)).status).toBe('completed');
  await send(stack, event); // once more, after the case closed
  // A later event is handled after the duplicate (signals are processed in order): when it is done, so is the duplicate.
  const probe = await send(stack, personEvent({ eventId: 'evt-i1-probe', type: 'mover', employee: employee('I900') }));
  expect((await finished(probe)).status).toBe('completed');
  const state = await stack.env.client.workflow.getHandle(personWorkflowId('I900')).query(personStateQuery);
  expect(state.queue).toEqual([]);
  expect(state.seenEventIds.filter((id) => id === 'evt-i1')).toHaveLength(1);
  expect((await stack.store.listCases({ employeeId: 'I900' })).items.map((c) => c.caseId).sort()).toEqual(['case-I900:evt-i1', 'case-I900:evt-i1-probe']);
  const types = (await auditEvents(stack, 'I900')).map((e) => e.type);
  expect(types.filter((t) => t === 'account.provisioned')).toHaveLength(3);
  expect(types.filter((t) => t === 'entitlement.granted')).toHaveLength(5);
  expect(stack.tenant.graph!.state.users.size).toBe(1);
});

test('the same approval twice with the same updateId is one decision; a reschedule twice is one move', async () => {
  const handle = await send(stack, personEvent({
    eventId: 'evt-i2', type: 'joiner', employee: employee('I901', { employmentType: 'contractor' }), effectiveDate: await dateIn(env, 10),
  }));
  await waitForView(handle, (v) => v.status === 'awaiting_approval');
  const first: CaseView = await handle.executeUpdate(approveUpdate, { args: [{ by: 'admin-bob' }], updateId: 'i2-approve' });
  const again: CaseView = await handle.executeUpdate(approveUpdate, { args: [{ by: 'admin-bob' }], updateId: 'i2-approve' });
  expect(again.decisions).toEqual(first.decisions);
  expect(first.decisions).toHaveLength(1);
  const view = await waitForView(handle, (v) => v.status === 'scheduled');
  expect(view.decisions).toHaveLength(1);
  expect((await auditEvents(stack, 'I901', 'case-I901:evt-i2')).filter((e) => e.type === 'approval.granted')).toHaveLength(1);

  const to = endOfDay(await dateIn(env, 5), TZ);
  await handle.executeUpdate(rescheduleUpdate, { args: [{ by: 'admin-bob', effectiveAt: to }], updateId: 'i2-move' });
  const moved: CaseView = await handle.executeUpdate(rescheduleUpdate, { args: [{ by: 'admin-bob', effectiveAt: to }], updateId: 'i2-move' });
  expect(moved.effectiveAt).toBe(to);
  expect((await waitForView(handle, () => true)).effectiveAt).toBe(to);
});

test('the same leaver event twice revokes once', async () => {
  await hire(stack, 'I902');
  const event = personEvent({ eventId: 'evt-i3', type: 'leaver', employee: employee('I902'), immediate: true });
  await Promise.all([send(stack, event), send(stack, event)]);
  const result = await finished(stack.env.client.workflow.getHandle(event.caseId));
  expect(result.status).toBe('completed');
  const types = (await auditEvents(stack, 'I902')).map((e) => e.type);
  expect(types.filter((t) => t === 'access.snapshot')).toHaveLength(1);
  expect(types.filter((t) => t === 'account.disabled')).toHaveLength(3);
  expect(await stack.store.listAccessSnapshots('I902')).toHaveLength(1);
});
