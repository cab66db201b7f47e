// Scenario 18: a bulk deactivation of 50 people starts 50 leaver cases, a few at a time, each person's own;
// progress is visible while it runs, and every person ends deactivated with their accounts disabled.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { randomUUID } from 'node:crypto';
import { useTestStack, type TestStack } from '../support/stack';
import { employee, finished, personEvent, send } from '../support/workflow-helpers';
import type { bulkWorkflow } from '../../workflows/bulk';
import { caseWorkflowId } from '../../domain/ids';

let env: TestWorkflowEnvironment;
let stack: TestStack;

useTestStack((s) => ({ env, stack } = s));

const ids = Array.from({ length: 50 }, (_, i) => `B${String(i).padStart(3, '0')}`);

test('bulk deactivation of 50 people: 50 leaver cases, progress visible, everyone deactivated', async () => {
  const hires = await Promise.all(ids.map((id) => send(stack, personEvent({ eventId: `hire-${id}`, type: 'joiner', employee: employee(id), immediate: true }))));
  for (const h of hires) expect((await finished(h)).status).toBe('completed');

  const bulkId = randomUUID();
  const request = { operation: 'leaver' as const, employeeIds: [...ids, 'NOBODY'], reason: 'office closure', immediate: true };
  await stack.store.createBulk({ id: bulkId, request, requestedBy: 'admin-bob', items: request.employeeIds.map((e) => ({ employeeId: e, request: null })) });
  const run = await env.client.workflow.start<typeof bulkWorkflow>('bulkWorkflow', {
    workflowId: `bulk-${bulkId}`, taskQueue: stack.taskQueue,
    args: [{ bulkId, request, requestedBy: 'admin-bob', concurrency: 8 }],
  });
  expect(await run.result()).toEqual({ started: 50, skipped: 1, failed: 0 });

  const progress = await stack.store.getBulk(bulkId);
  expect(progress?.progress).toEqual(expect.objectContaining({ total: 51, started: 50, skipped: 1, pending: 0 }));
  expect(progress?.items.find((i) => i.employeeId === 'NOBODY')?.error).toBe('unknown employee');

  for (const id of ids) {
    const leaver = env.client.workflow.getHandle(caseWorkflowId(id, `bulk-${bulkId}-${id}`));
    expect((await finished(leaver)).status).toBe('completed');
  }
  const people = await Promise.all(ids.map((id) => stack.store.getPersonRecord(id)));
  expect(people.every((p) => p?.state === 'deactivated' && p.locked)).toBe(true);
  expect(people.every((p) => p!.accounts.every((a) => a.status === 'disabled'))).toBe(true);
  expect([...stack.tenant.graph!.state.users.values()].filter((u) => ids.includes(u.employeeId ?? '') && u.accountEnabled)).toEqual([]);
  // Each person has their own case and their own lifecycle events.
  for (const id of ids.slice(0, 5)) {
    const cases = await stack.store.listCases({ employeeId: id, type: 'leaver' });
    expect(cases.items).toHaveLength(1);
    const audit = await stack.store.listAudit({ employeeId: id, limit: 200 });
    expect(audit.items.filter((e) => e.type === 'lifecycle.transition').length).toBeGreaterThanOrEqual(2);
  }
});
