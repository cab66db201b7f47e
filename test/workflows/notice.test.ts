// During a leaver's notice period the person still works: a suspension or a move runs at once, and the
// leaver still fires at the end of the last day and takes everything, including what the move added.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { useTestStack, type TestStack } from '../support/stack';
import { recordHistory } from '../support/workflow-histories';
import { DAY, dateIn, effects, employee, finished, hire, personEvent, send, settled, waitForView } from '../support/workflow-helpers';

let env: TestWorkflowEnvironment;
let stack: TestStack;

useTestStack((s) => ({ env, stack } = s));

test('a suspension and a move during notice run at once; the leaver still fires on the last day', async () => {
  await hire(stack, 'N600', { department: 'Sales' });
  const leaver = await send(stack, personEvent({ eventId: 'n-leave', type: 'leaver', employee: employee('N600', { department: 'Sales' }), effectiveDate: await dateIn(env, 14) }));
  await waitForView(leaver, (v) => v.status === 'scheduled', 'notice');

  const suspend = await send(stack, personEvent({ eventId: 'n-suspend', type: 'suspend', employee: employee('N600', { department: 'Sales' }) }));
  expect((await settled(suspend)).status).toBe('completed');
  expect((await stack.store.getPerson('N600'))?.state).toBe('suspended');
  expect((await effects(stack, 'N600')).m365?.enabled).toBe(false);

  const move = await send(stack, personEvent({ eventId: 'n-move', type: 'mover', employee: employee('N600', { department: 'Engineering' }) }));
  await waitForView(move, (v) => v.status === 'scheduled', 'the grace period');
  expect((await effects(stack, 'N600')).m365?.groups).toContain('Engineering');

  await env.sleep(16 * DAY);
  const done = await settled(leaver);
  expect(done.status).toBe('completed');
  const person = await stack.store.getPersonRecord('N600');
  expect(person?.state).toBe('deactivated');
  expect(person?.entitlements.filter((e) => e.status !== 'removed')).toEqual([]);
  expect((await effects(stack, 'N600')).m365?.groups).toEqual([]);
  expect((await finished(move)).status).toBe('completed'); // its grace period ended on day 7, before the last day
  await recordHistory(leaver, 'leaver-notice-released');
  await recordHistory(stack.env.client.workflow.getHandle('person-N600'), 'person-notice-acquire');
});
