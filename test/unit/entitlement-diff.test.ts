import fc from 'fast-check';
import {
  applyMoverPlan, completeRemovals, heldEntitlementIds, joinerPlan, leaverPlan, moverPlan, type CurrentAssignment,
} from '../../domain/entitlement-diff';
import { assignments, desiredSet } from './arbitraries';

const REMOVE_AT = '2026-05-08T10:00:00.000Z';
const birthright = (entitlementId: string, status: CurrentAssignment['status'] = 'active'): CurrentAssignment =>
  ({ entitlementId, source: 'birthright', status });

describe('moverPlan', () => {
  it('adds, schedules removal, cancels removal and keeps', () => {
    const current: CurrentAssignment[] = [
      birthright('m365-e3'),
      birthright('sales-m365'),
      { ...birthright('eng-m365', 'pending_removal'), removeAt: REMOVE_AT },
      birthright('old-google', 'removed'),
      { entitlementId: 'pay-create', source: 'manual', status: 'active' },
      { entitlementId: 'figma', source: 'request', status: 'active' },
    ];
    const plan = moverPlan(current, ['m365-e3', 'eng-m365', 'eng-google', 'old-google', 'pay-create']);
    expect(plan).toEqual({
      add: ['eng-google', 'old-google', 'pay-create'],
      scheduleRemoval: ['sales-m365'],
      cancelRemoval: ['eng-m365'],
      keep: ['m365-e3'],
      stillPendingRemoval: [],
      untouched: ['figma', 'pay-create'],
      heldOtherwise: ['pay-create'],
    });
  });

  it('never removes a manual or requested grant', () => {
    const current: CurrentAssignment[] = [
      { entitlementId: 'github', source: 'manual', status: 'active' },
      { entitlementId: 'figma', source: 'request', status: 'active' },
    ];
    const plan = moverPlan(current, []);
    expect(plan.scheduleRemoval).toEqual([]);
    expect(plan.untouched).toEqual(['figma', 'github']);
  });

  it('leaves a pending removal that is still not desired alone', () => {
    const plan = moverPlan([birthright('x', 'pending_removal')], []);
    expect(plan.stillPendingRemoval).toEqual(['x']);
    expect(plan.cancelRemoval).toEqual([]);
  });

  it('flags a birthright removal that a manual grant keeps', () => {
    const current: CurrentAssignment[] = [birthright('github'), { entitlementId: 'github', source: 'manual', status: 'active' }];
    const plan = moverPlan(current, []);
    expect(plan.scheduleRemoval).toEqual(['github']);
    expect(plan.heldOtherwise).toEqual(['github']);
  });
});

describe('joinerPlan and leaverPlan', () => {
  it('a joiner gets every birthright entitlement', () => {
    expect(joinerPlan(['b', 'a', 'a'])).toEqual({ add: ['a', 'b'] });
    expect(joinerPlan(['a', 'b'], [birthright('a')])).toEqual({ add: ['b'] });
  });

  it('a leaver loses everything active or pending removal, of every source', () => {
    const current: CurrentAssignment[] = [
      birthright('m365-e3'),
      birthright('sales-m365', 'pending_removal'),
      birthright('gone', 'removed'),
      { entitlementId: 'pay-create', source: 'manual', status: 'active' },
    ];
    expect(leaverPlan(current)).toEqual({ remove: ['m365-e3', 'pay-create', 'sales-m365'], carriedOverRemovals: ['sales-m365'] });
  });
});

const nonBirthright = (rows: CurrentAssignment[]): CurrentAssignment[] =>
  rows.filter((a) => a.source !== 'birthright').sort((x, y) => `${x.entitlementId}|${x.source}`.localeCompare(`${y.entitlementId}|${y.source}`));
const birthrightIds = (rows: CurrentAssignment[]): string[] =>
  [...new Set(rows.filter((a) => a.source === 'birthright' && a.status === 'active').map((a) => a.entitlementId))].sort();

describe('moverPlan properties', () => {
  it('never touches non-birthright entitlements', () => {
    fc.assert(
      fc.property(assignments, desiredSet, (current, desired) => {
        const plan = moverPlan(current, desired);
        const held = current.filter((a) => a.status !== 'removed');
        const birthrightHeld = new Set(held.filter((a) => a.source === 'birthright').map((a) => a.entitlementId));
        for (const id of [...plan.scheduleRemoval, ...plan.cancelRemoval, ...plan.keep]) expect(birthrightHeld.has(id)).toBe(true);
        expect(nonBirthright(applyMoverPlan(current, plan, REMOVE_AT))).toEqual(nonBirthright(held));
      }),
    );
  });

  it('once removals are done, leaves exactly the desired birthright set plus the non-birthright grants', () => {
    fc.assert(
      fc.property(assignments, desiredSet, (current, desired) => {
        const after = completeRemovals(applyMoverPlan(current, moverPlan(current, desired), REMOVE_AT));
        expect(birthrightIds(after)).toEqual([...desired].sort());
        expect(nonBirthright(after)).toEqual(nonBirthright(completeRemovals(current)));
      }),
    );
  });

  it('a reversal within grace cancels every pending removal the first move created', () => {
    fc.assert(
      fc.property(assignments, desiredSet, desiredSet, (start, a, b) => {
        // The person holds birthright A (as a completed joiner or earlier mover would leave them).
        const atA = completeRemovals(applyMoverPlan(start, moverPlan(start, a), REMOVE_AT));
        const toB = moverPlan(atA, b);
        const atB = applyMoverPlan(atA, toB, REMOVE_AT);
        const backToA = moverPlan(atB, a);
        expect(backToA.cancelRemoval).toEqual(toB.scheduleRemoval);
        expect(backToA.add).toEqual([]);
        const back = applyMoverPlan(atB, backToA, REMOVE_AT);
        const pendingBirthright = back.filter((x) => x.source === 'birthright' && x.status === 'pending_removal').map((x) => x.entitlementId);
        expect(pendingBirthright.sort()).toEqual(toB.add);
        expect(birthrightIds(completeRemovals(back))).toEqual([...a].sort());
      }),
    );
  });

  it('the plan lists each birthright id in exactly one bucket', () => {
    fc.assert(
      fc.property(assignments, desiredSet, (current, desired) => {
        const plan = moverPlan(current, desired);
        const buckets = [plan.add, plan.scheduleRemoval, plan.cancelRemoval, plan.keep, plan.stillPendingRemoval].flat();
        expect(new Set(buckets).size).toBe(buckets.length);
        const held = heldEntitlementIds(current.filter((x) => x.source === 'birthright'));
        expect(new Set(buckets)).toEqual(new Set([...held, ...desired]));
      }),
    );
  });
});
