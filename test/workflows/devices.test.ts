// Scenario 17 (time-skipping): a device not returned → reminders, then an escalation after the configured
// time (deviceReturnReminder P2D, deviceReturnEscalation P14D); marked returned → the leaver case closes.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { useTestStack, type TestStack } from '../support/stack';
import { recordHistory } from '../support/workflow-histories';
import { devicesChangedSignal } from '../../workflows/definitions';
import { DAY, auditEvents, caseView, employee, finished, hire, personEvent, send, waitForView } from '../support/workflow-helpers';

let env: TestWorkflowEnvironment;
let stack: TestStack;

useTestStack((s) => ({ env, stack } = s));

const HOUR = 3_600_000;

test('a device not returned gets reminders and an escalation; once returned the case closes', async () => {
  await hire(stack, 'D800');
  const laptop = await stack.store.addAsset({ id: 'dev-D800-laptop', employeeId: 'D800', kind: 'device', name: 'MacBook Pro', serial: 'C02X1', status: 'assigned' });
  const handle = await send(stack, personEvent({ eventId: 'evt-l1', type: 'leaver', employee: employee('D800'), immediate: true }));
  const waiting = await waitForView(handle, (v) => v.status === 'scheduled' && v.scheduled[0]?.action === 'device return reminder', 'the device return');
  expect((await stack.store.getPerson('D800'))).toMatchObject({ state: 'deactivated', locked: true });
  const leftAt = Date.parse(waiting.effectiveAt as string);

  const kinds = async () => (await auditEvents(stack, 'D800', 'case-D800:evt-l1')).map((e) => e.type).filter((t) => t.startsWith('device_return'));
  await env.sleep(leftAt + 2 * DAY + HOUR - (await env.currentTimeMs()));
  expect(await kinds()).toEqual(['device_return.reminder']);

  // Just before the escalation: reminders every two days, no escalation yet.
  await env.sleep(leftAt + 14 * DAY - HOUR - (await env.currentTimeMs()));
  expect((await kinds()).filter((t) => t === 'device_return.escalated')).toEqual([]);
  expect((await kinds()).length).toBeGreaterThanOrEqual(5);
  await env.sleep(2 * HOUR);
  expect((await kinds()).filter((t) => t === 'device_return.escalated')).toHaveLength(1);
  const escalation = (await auditEvents(stack, 'D800', 'case-D800:evt-l1')).find((e) => e.type === 'device_return.escalated');
  expect(JSON.stringify(escalation?.details)).toContain('dev-D800-laptop');
  expect(((await caseView(handle))!).status).toBe('scheduled');

  await env.sleep(3 * DAY);
  expect((await kinds()).filter((t) => t === 'device_return.escalated')).toHaveLength(1); // escalated once, reminded after
  await stack.store.setAssetStatus(laptop.id, 'returned');
  await handle.signal(devicesChangedSignal);
  const result = await finished(handle);
  expect(result.status).toBe('completed');
  expect(result.steps.map((s) => s.name)).toContain('devices returned');
  expect(await stack.store.listOpenDevices('D800')).toEqual([]);
  await recordHistory(handle, 'leaver-devices');
});
