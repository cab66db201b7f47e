// Scenario 15 (time-skipping): rehiring (or reactivating) a locked identity without an admin override is
// refused; with `override: true` the joiner runs, sign-in is restored, and the override is in the audit trail.
import { useTestStack, type TestStack } from '../support/stack';
import { auditEvents, effects, employee, entitlementStatuses, finished, hire, personEvent, send } from '../support/workflow-helpers';

let stack: TestStack;

useTestStack((s) => ({ stack } = s));

test('a locked identity is not rehired or reactivated without an override; with one the joiner runs, audited', async () => {
  await hire(stack, 'R600');
  expect((await finished(await send(stack, personEvent({ eventId: 'evt-leave', type: 'leaver', employee: employee('R600'), immediate: true })))).status).toBe('completed');
  expect(await stack.store.getPerson('R600')).toMatchObject({ state: 'deactivated', locked: true });

  const reactivate = await finished(await send(stack, personEvent({ eventId: 'evt-react', type: 'reactivate', employee: employee('R600'), immediate: true })));
  expect(reactivate.status).toBe('rejected');
  expect(reactivate.outcome).toMatch(/locked/);

  const rehire = await finished(await send(stack, personEvent({ eventId: 'evt-rehire', type: 'joiner', employee: employee('R600'), immediate: true })));
  expect(rehire.status).toBe('rejected');
  expect(rehire.outcome).toMatch(/locked/);
  expect(await stack.store.getPerson('R600')).toMatchObject({ state: 'deactivated', locked: true });
  let fx = await effects(stack, 'R600');
  expect(fx.m365).toMatchObject({ enabled: false, groups: [] });
  expect(fx.scim).toEqual({ active: false, groups: [] });
  const refusals = (await auditEvents(stack, 'R600')).filter((e) => e.outcome === 'refused').map((e) => e.type);
  expect(refusals).toEqual(expect.arrayContaining(['lifecycle.reactivate_refused', 'lifecycle.rehire_refused']));

  const overridden = await finished(await send(stack, personEvent({
    eventId: 'evt-rehire-2', type: 'joiner', requestedBy: 'admin-bob', override: true, reason: 'rehired after review',
    employee: employee('R600'), immediate: true,
  })));
  expect(overridden.status).toBe('completed');
  expect(await stack.store.getPerson('R600')).toMatchObject({ state: 'active', locked: false });
  fx = await effects(stack, 'R600');
  expect(fx.m365).toMatchObject({ enabled: true, groups: ['All Staff', 'Engineering'], licences: ['ENTERPRISEPACK'] });
  expect(fx.google).toMatchObject({ suspended: false, groups: ['eng@example.com'] });
  expect(fx.scim).toEqual({ active: true, groups: ['engineering'] });
  expect(Object.values(await entitlementStatuses(stack, 'R600')).every((s) => s === 'active')).toBe(true);
  // One account per system: the rehire reuses the old identity.
  expect(stack.tenant.graph!.state.users.size).toBe(1);
  const override = (await auditEvents(stack, 'R600', 'case-R600:evt-rehire-2')).find((e) => e.type === 'lifecycle.rehire_override');
  expect(override).toMatchObject({ actor: 'admin-bob', outcome: 'succeeded', details: { reason: 'rehired after review' } });
});
