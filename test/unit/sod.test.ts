import fc from 'fast-check';
import { DEFAULT_POLICY } from '../../domain/default-policy';
import { evaluateSod } from '../../domain/sod';
import { desiredSet, sodRules } from './arbitraries';

describe('evaluateSod', () => {
  it('blocks adding the second half of the payments pair', () => {
    const result = evaluateSod(DEFAULT_POLICY, ['m365-e3', 'pay-create', 'pay-approve'], { newlyAdded: ['pay-approve'] });
    expect(result).toEqual({
      violations: [{ ruleId: 'payments', severity: 'block', entitlements: ['pay-approve', 'pay-create'] }],
      preexisting: [],
      outcome: 'block',
    });
  });

  it('reports a conflict the change did not create separately, without blocking', () => {
    const result = evaluateSod(DEFAULT_POLICY, ['pay-create', 'pay-approve', 'github'], { newlyAdded: ['github'] });
    expect(result.violations).toEqual([]);
    expect(result.preexisting.map((v) => v.ruleId)).toEqual(['payments']);
    expect(result.outcome).toBe('allow');
  });

  it('block beats approve, and approve alone asks for approval', () => {
    const sod = [
      { id: 'soft', entitlements: ['a', 'b'], severity: 'approve' as const },
      { id: 'hard', entitlements: ['b', 'c'], severity: 'block' as const },
    ];
    expect(evaluateSod({ sod }, ['a', 'b', 'c'], { newlyAdded: ['b'] }).outcome).toBe('block');
    expect(evaluateSod({ sod }, ['a', 'b'], { newlyAdded: ['a'] }).outcome).toBe('approve');
    expect(evaluateSod({ sod }, ['a', 'c'], { newlyAdded: ['a', 'c'] }).outcome).toBe('allow');
  });

  it('never reports a violation for a set that completes no rule', () => {
    fc.assert(
      fc.property(sodRules, desiredSet, desiredSet, (sod, held, added) => {
        const set = new Set(held);
        fc.pre(!sod.some((r) => r.entitlements.every((id) => set.has(id))));
        expect(evaluateSod({ sod }, held, { newlyAdded: added })).toEqual({ violations: [], preexisting: [], outcome: 'allow' });
      }),
    );
  });

  it('reports every complete rule exactly once, as a violation only if the change touched it', () => {
    fc.assert(
      fc.property(sodRules, desiredSet, desiredSet, (sod, held, added) => {
        const result = evaluateSod({ sod }, [...held, ...added], { newlyAdded: added });
        const complete = sod.filter((r) => r.entitlements.every((id) => held.includes(id) || added.includes(id)));
        expect([...result.violations, ...result.preexisting].map((v) => v.ruleId).sort()).toEqual(complete.map((r) => r.id).sort());
        for (const v of result.violations) expect(v.entitlements.some((id) => added.includes(id))).toBe(true);
        const expected = result.violations.some((v) => v.severity === 'block') ? 'block' : result.violations.length > 0 ? 'approve' : 'allow';
        expect(result.outcome).toBe(expected);
      }),
    );
  });
});
