// Scenario 1 (time-skipping): an Engineering joiner starting in 10 days: nothing until start minus lead time;
// then accounts, groups and licence in all three systems; `active` on the start date.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { useTestStack, type TestStack } from '../support/stack';
import { recordHistory } from '../support/workflow-histories';
import type { CaseView } from '../../workflows/definitions';
import { startOfDay } from '../../domain/calendar';
import { TZ, auditTypes, caseView, dateIn, effects, employee, entitlementStatuses, personEvent, presentIn, send } from '../support/workflow-helpers';

let env: TestWorkflowEnvironment;
let stack: TestStack;

useTestStack((s) => ({ env, stack } = s));

const HOUR = 3_600_000;

test('an engineering joiner is provisioned at start minus lead time and active on the start date', async () => {
  const startDate = await dateIn(env, 10);
  const handle = await send(stack, personEvent({
    eventId: 'evt-j1', type: 'joiner', employee: employee('E100', { givenName: 'Ada', familyName: 'Lovelace' }), effectiveDate: startDate,
  }));
  const startAt = Date.parse(startOfDay(startDate, TZ));
  const provisionAt = startAt - 86_400_000; // joinerLeadTime P1D

  // An hour before start minus lead time: nothing anywhere, the person pending.
  await env.sleep(provisionAt - HOUR - (await env.currentTimeMs()));
  let view: CaseView = (await caseView(handle))!;
  expect(view.status).toBe('scheduled');
  expect(view.scheduled).toEqual([{ action: 'provision accounts and access', at: new Date(provisionAt).toISOString() }]);
  expect(presentIn(stack, 'E100')).toEqual([]);
  expect(await stack.store.listAccounts('E100')).toEqual([]);
  expect((await stack.store.getPerson('E100'))?.state).toBe('pending');

  // Two hours later: provisioned everywhere, still pending until the start date.
  await env.sleep(2 * HOUR);
  view = (await caseView(handle))!;
  expect(view.status).toBe('scheduled');
  expect(view.scheduled[0]?.action).toBe('activate');
  const fx = await effects(stack, 'E100');
  expect(fx.m365).toEqual({ enabled: true, groups: ['All Staff', 'Engineering'], licences: ['ENTERPRISEPACK'], revocations: 0 });
  expect(fx.google).toMatchObject({ suspended: false, groups: ['eng@example.com'] });
  expect(fx.scim).toEqual({ active: true, groups: ['engineering'] });
  expect((await stack.store.getPerson('E100'))?.state).toBe('pending');
  expect(await entitlementStatuses(stack, 'E100')).toEqual({
    'm365-e3': 'active', 'all-m365': 'active', 'eng-m365': 'active', 'eng-google': 'active', github: 'active',
  });

  const result = await handle.result();
  expect(result.status).toBe('completed');
  expect(result.outcome).toBe('active');
  expect(await env.currentTimeMs()).toBeGreaterThanOrEqual(startAt);
  expect((await stack.store.getPerson('E100'))?.state).toBe('active');
  const types = await auditTypes(stack, 'E100');
  expect(types.filter((t) => t === 'account.provisioned')).toHaveLength(3);
  expect(types.filter((t) => t === 'entitlement.granted')).toHaveLength(5);
  expect(types).toContain('lifecycle.transition');
  await recordHistory(handle, 'joiner');
  await recordHistory(env.client.workflow.getHandle('person-E100'), 'person');
});
