// Scenario 2 (time-skipping): a contractor joiner waits for approval; rejected → nothing provisioned,
// outcome `rejected`; approval by the requester (or the subject) → refused.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { useTestStack, type TestStack } from '../support/stack';
import { recordHistory } from '../support/workflow-histories';
import { approveUpdate, rejectUpdate, type CaseView } from '../../workflows/definitions';
import { auditEvents, dateIn, effects, employee, finished, personEvent, presentIn, send, waitForView } from '../support/workflow-helpers';

let env: TestWorkflowEnvironment;
let stack: TestStack;

useTestStack((s) => ({ env, stack } = s));

test('a contractor joiner waits for approval; the requester and the subject may not approve; rejected → nothing provisioned', async () => {
  const handle = await send(stack, personEvent({
    eventId: 'evt-c1', type: 'joiner', requestedBy: 'hr-alice', employee: employee('C200', { employmentType: 'contractor' }),
    effectiveDate: await dateIn(env, 5),
  }));
  const waiting = await waitForView(handle, (v) => v.status === 'awaiting_approval');
  expect(waiting.pendingApprovals).toHaveLength(1);
  expect(waiting.pendingApprovals[0]?.reason).toMatch(/contractor/);

  // The requester may not approve; nor may the subject.
  await expect(handle.executeUpdate(approveUpdate, { args: [{ by: 'hr-alice' }], updateId: 'c1-self' })).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
  await expect(handle.executeUpdate(approveUpdate, { args: [{ by: 'C200' }], updateId: 'c1-subject' })).rejects.toThrow(WorkflowUpdateFailedError);
  expect((await waitForView(handle, () => true)).status).toBe('awaiting_approval');

  // Days pass with no decision: still waiting, nothing provisioned.
  await env.sleep('10 days');
  expect((await waitForView(handle, () => true)).status).toBe('awaiting_approval');
  expect(presentIn(stack, 'C200')).toEqual([]);

  const decided: CaseView = await handle.executeUpdate(rejectUpdate, { args: [{ by: 'admin-bob', comment: 'no budget' }], updateId: 'c1-reject' });
  expect(decided.decisions).toEqual([expect.objectContaining({ by: 'admin-bob', decision: 'rejected' })]);
  const result = await finished(handle);
  expect(result.status).toBe('rejected');
  expect(result.outcome).toBe('rejected');
  expect(presentIn(stack, 'C200')).toEqual([]);
  expect(await stack.store.listAccounts('C200')).toEqual([]);
  expect(await stack.store.listEntitlements('C200')).toEqual([]);
  const rejection = (await auditEvents(stack, 'C200')).find((e) => e.type === 'approval.rejected');
  expect(rejection).toMatchObject({ actor: 'admin-bob', approver: 'admin-bob' });
  // A decision is taken once.
  await expect(handle.executeUpdate(approveUpdate, { args: [{ by: 'admin-carol' }], updateId: 'c1-late' })).rejects.toThrow();
});

test('an approved contractor joiner is provisioned, the approver on the record', async () => {
  const handle = await send(stack, personEvent({
    eventId: 'evt-c2', type: 'joiner', requestedBy: 'hr-alice', employee: employee('C201', { employmentType: 'contractor', department: 'Sales' }),
    immediate: true,
  }));
  await waitForView(handle, (v) => v.status === 'awaiting_approval');
  await handle.executeUpdate(approveUpdate, { args: [{ by: 'admin-bob' }], updateId: 'c2-approve' });
  const result = await finished(handle);
  expect(result.status).toBe('completed');
  const fx = await effects(stack, 'C201');
  expect(fx.m365?.groups).toEqual(['All Staff', 'Sales']);
  expect(fx.google?.groups).toEqual(['sales@example.com']);
  expect(fx.scim?.groups).toEqual(['sales']);
  const grants = (await auditEvents(stack, 'C201')).filter((e) => e.type === 'entitlement.granted');
  expect(grants.length).toBeGreaterThan(0);
  expect(grants.every((g) => g.approver === 'admin-bob')).toBe(true);
  await recordHistory(handle, 'joiner-approved');
});
