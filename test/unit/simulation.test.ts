import fc from 'fast-check';
import { evaluateBirthright } from '../../domain/birthright';
import { defaultPolicy, DEFAULT_POLICY } from '../../domain/default-policy';
import { moverPlan, type CurrentAssignment } from '../../domain/entitlement-diff';
import { simulateBirthright } from '../../domain/simulation';
import { assignments, attrs, birthrightRules } from './arbitraries';

describe('simulateBirthright', () => {
  it('reports who gains and loses what when Sales loses GitHub and Engineering gains Sales M365', () => {
    const proposed = defaultPolicy();
    proposed.birthright = proposed.birthright.map((r) =>
      r.id === 'sales' ? { ...r, grant: ['sales-m365', 'sales-google'] } : r.id === 'engineering' ? { ...r, grant: [...r.grant, 'sales-m365'] } : r,
    );
    const held = (ids: string[]): CurrentAssignment[] => ids.map((entitlementId) => ({ entitlementId, source: 'birthright', status: 'active' }));
    const seller = { employeeId: 'S1', department: 'Sales', location: 'London', jobTitle: 'AE', employmentType: 'employee' as const };
    const engineer = { ...seller, employeeId: 'E1', department: 'Engineering' };
    const people = [
      { attrs: seller, assignments: held(evaluateBirthright(DEFAULT_POLICY, seller).entitlementIds) },
      { attrs: engineer, assignments: held(evaluateBirthright(DEFAULT_POLICY, engineer).entitlementIds) },
    ];
    const before = JSON.stringify(people);
    expect(simulateBirthright(DEFAULT_POLICY, proposed, people)).toEqual([
      { employeeId: 'S1', gain: [], lose: ['github-sales'], cancelRemoval: [], gainedBy: {}, lostFrom: { 'github-sales': ['sales'] } },
      { employeeId: 'E1', gain: ['sales-m365'], lose: [], cancelRemoval: [], gainedBy: { 'sales-m365': ['engineering'] }, lostFrom: {} },
    ]);
    expect(JSON.stringify(people)).toBe(before);
  });

  it('equals the plan the real evaluation computes', () => {
    fc.assert(
      fc.property(birthrightRules, birthrightRules, fc.array(fc.record({ attrs, assignments }), { maxLength: 5 }), (current, proposed, people) => {
        const results = simulateBirthright({ birthright: current }, { birthright: proposed }, people);
        expect(results).toHaveLength(people.length);
        results.forEach((r, i) => {
          const person = people[i]!;
          const plan = moverPlan(person.assignments, evaluateBirthright({ birthright: proposed }, person.attrs).entitlementIds);
          expect(r.employeeId).toBe(person.attrs.employeeId);
          expect(r.gain).toEqual(plan.add);
          expect(r.lose).toEqual(plan.scheduleRemoval);
          expect(r.cancelRemoval).toEqual(plan.cancelRemoval);
        });
      }),
    );
  });
});
