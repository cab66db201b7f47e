// Scenario 19 (time-skipping): a policy change — the simulation's report equals what the next real evaluation
// (a mover under the changed policy) does.
import { useTestStack, type TestStack } from '../support/stack';
import { defaultPolicy } from '../../domain/default-policy';
import { simulateBirthright } from '../../domain/simulation';
import type { PolicyDocument } from '../../domain/policy-document';
import { auditEvents, employee, entitlementStatuses, hire, personEvent, send, waitForView } from '../support/workflow-helpers';

let stack: TestStack;

useTestStack((s) => ({ stack } = s));

test('the simulation of a policy change equals what the next mover under that policy does', async () => {
  await hire(stack, 'P900');
  await hire(stack, 'P901', { department: 'Sales', location: 'DE' });
  const current = defaultPolicy();
  const proposed: PolicyDocument = defaultPolicy();
  // Engineering no longer gets the Google group; everyone in NL gets the Sales Google group.
  proposed.birthright = proposed.birthright.map((r) => (r.id === 'engineering' ? { ...r, grant: ['eng-m365', 'github'] } : r));
  proposed.birthright.push({ id: 'nl-office', when: { location: ['NL'] }, grant: ['sales-google'] });

  const people = await Promise.all(['P900', 'P901'].map(async (id) => {
    const p = await stack.store.getPerson(id);
    return {
      attrs: { employeeId: id, department: p!.department, location: p!.location, jobTitle: p!.jobTitle, employmentType: p!.employmentType },
      assignments: (await stack.store.listEntitlements(id)).map((e) => ({ entitlementId: e.entitlementId, source: e.source, status: e.status, removeAt: e.removeAt ?? undefined })),
    };
  }));
  const statusesBefore = { P900: await entitlementStatuses(stack, 'P900'), P901: await entitlementStatuses(stack, 'P901') };
  const report = simulateBirthright(current, proposed, people);
  expect(report.find((r) => r.employeeId === 'P900')).toMatchObject({ gain: ['sales-google'], lose: ['eng-google'] });
  expect(report.find((r) => r.employeeId === 'P901')).toMatchObject({ gain: [], lose: [] });
  // The simulation changed nothing.
  expect({ P900: await entitlementStatuses(stack, 'P900'), P901: await entitlementStatuses(stack, 'P901') }).toEqual(statusesBefore);

  const saved = await stack.store.savePolicyVersion(proposed, { createdBy: 'admin-bob' });
  for (const r of report) {
    const p = people.find((x) => x.attrs.employeeId === r.employeeId)!;
    const emp = employee(r.employeeId, { department: p.attrs.department, location: p.attrs.location, jobTitle: `${p.attrs.jobTitle} II` });
    const handle = await send(stack, personEvent({ eventId: `evt-${r.employeeId}-sim`, type: 'mover', employee: emp }));
    await waitForView(handle, (v) => ['scheduled', 'completed'].includes(v.status), 'the mover to apply its changes');

    const mover = (await auditEvents(stack, r.employeeId, handle.workflowId)).find((e) => e.type === 'mover.attributes_changed');
    expect(mover?.policyVersion).toBe(saved.version);
    const changes = mover!.entitlements as Array<{ id: string; change: string }>;
    const of = (change: string) => changes.filter((c) => c.change === change).map((c) => c.id).sort();
    expect(of('add')).toEqual([...r.gain].sort());
    expect(of('schedule_removal')).toEqual([...r.lose].sort());
    expect(of('cancel_removal')).toEqual([...r.cancelRemoval].sort());

    const after = await entitlementStatuses(stack, r.employeeId);
    for (const id of r.gain) expect(after[id]).toBe('active');
    for (const id of r.lose) expect(after[id]).toBe('pending_removal');
    const untouchedIds = Object.keys(statusesBefore[r.employeeId as 'P900' | 'P901']).filter((id) => !r.lose.includes(id));
    for (const id of untouchedIds) expect(after[id]).toBe('active');
  }
});
