import fc from 'fast-check';
import { caseApprovalRequirement } from '../../domain/approvals';
import { matches } from '../../domain/birthright';
import { DEFAULT_POLICY, defaultPolicy } from '../../domain/default-policy';
import type { Condition, PolicyDocument } from '../../domain/policy-document';
import { covers, policyRelaxations } from '../../domain/policy-relaxation';
import { evaluateSod } from '../../domain/sod';
import { attrs, birthrightRules, condition, desiredSet, ENTITLEMENT_POOL, sodRules } from './arbitraries';

const withChange = (change: (p: PolicyDocument) => void): PolicyDocument => {
  const p = defaultPolicy();
  change(p);
  return p;
};

describe('policyRelaxations', () => {
  it('finds nothing in an unchanged policy or a stricter one', () => {
    expect(policyRelaxations(DEFAULT_POLICY, defaultPolicy())).toEqual([]);
    const stricter = withChange((p) => {
      p.approvals.joiner = {};
      p.approvals.mover = { department: ['Finance'] };
      p.approvals.entitlements = [...(p.approvals.entitlements ?? []), 'github'];
      p.sod.push({ id: 'more', entitlements: ['github', 'pay-create'], severity: 'approve' });
    });
    expect(policyRelaxations(DEFAULT_POLICY, stricter)).toEqual([]);
  });

  it('names a removed or narrowed approval rule', () => {
    expect(policyRelaxations(DEFAULT_POLICY, withChange((p) => delete p.approvals.joiner))).toEqual([
      'approvals.joiner removed: joiners no longer need approval',
    ]);
    const narrowed = withChange((p) => (p.approvals.joiner = { employmentType: ['contractor'], department: ['Sales'] }));
    expect(policyRelaxations(DEFAULT_POLICY, narrowed)).toEqual(['approvals.joiner narrowed: some joiners that needed approval no longer do']);
    expect(policyRelaxations(DEFAULT_POLICY, withChange((p) => (p.approvals.entitlements = [])))).toEqual([
      'approvals.entitlements: pay-approve no longer needs approval',
    ]);
  });

  it('names a removed or weakened SoD rule, but not a renamed one', () => {
    expect(policyRelaxations(DEFAULT_POLICY, withChange((p) => (p.sod = [])))).toEqual(['sod payments removed (block [pay-create, pay-approve])']);
    expect(policyRelaxations(DEFAULT_POLICY, withChange((p) => (p.sod[0]!.severity = 'approve')))).toEqual([
      'sod payments weakened (block [pay-create, pay-approve] → approve [pay-create, pay-approve])',
    ]);
    expect(policyRelaxations(DEFAULT_POLICY, withChange((p) => (p.sod[0]!.id = 'money')))).toEqual([]);
    const wider = withChange((p) => p.sod[0]!.entitlements.push('github'));
    expect(policyRelaxations(DEFAULT_POLICY, wider)).toHaveLength(1);
  });

  it('names a widened birthright grant of an entitlement that needs approval, and a re-pointed one', () => {
    const widened = withChange((p) => p.birthright.push({ id: 'everyone-approves', when: {}, grant: ['pay-approve'] }));
    expect(policyRelaxations(DEFAULT_POLICY, widened)).toEqual(['birthright everyone-approves widens who gets pay-approve, which needs approval']);
    const repointed = withChange((p) => (p.entitlements.find((e) => e.id === 'pay-approve')!.ref = 'Global Administrators'));
    expect(policyRelaxations(DEFAULT_POLICY, repointed)).toEqual([expect.stringMatching(/^entitlement pay-approve \(needs approval\) now points at m365 Global Administrators/)]);
    // A birthright grant of an entitlement that needs no approval is an ordinary change.
    expect(policyRelaxations(DEFAULT_POLICY, withChange((p) => p.birthright.push({ id: 'gh', when: {}, grant: ['github'] })))).toEqual([]);
  });
});

describe('covers', () => {
  /** Every combination of the arbitraries' attribute values: small enough to check a condition exhaustively. */
  const everyone = fc.sample(attrs, { numRuns: 2000, seed: 7 });
  /** A condition and one made from it by dropping values and adding keys (covered), or mixed with another. */
  const pair = fc.tuple(condition, condition, fc.boolean(), fc.boolean()).map(([wide, other, mix, dropFirst]) => {
    const narrow: Condition = { ...other };
    for (const [key, values] of Object.entries(wide) as Array<[keyof Condition, string[]]>) {
      const kept = dropFirst ? values.slice(1) : values;
      (narrow as Record<string, string[]>)[key] = mix && other[key] ? [...new Set([...kept, ...(other[key] as string[])])] : kept;
    }
    return [wide, narrow] as const;
  });

  it('is sound: whoever the narrow condition matches, the wide one matches', () => {
    let covered = 0;
    fc.assert(
      fc.property(pair, ([wide, narrow]) => {
        if (!covers(wide, narrow)) return;
        covered += 1;
        for (const a of everyone) if (matches(narrow, a)) expect(matches(wide, a)).toBe(true);
      }),
      { numRuns: 300 },
    );
    expect(covered).toBeGreaterThan(50);
  });

  it('knows that a key a condition does not list is not covered by one that lists it', () => {
    expect(covers({ department: ['Sales'] }, {})).toBe(false);
    expect(covers({}, { department: ['Sales'] })).toBe(true);
  });
});

describe('a change without relaxations keeps every control (properties)', () => {
  const policyOf = (sod: PolicyDocument['sod'], joiner: PolicyDocument['approvals']['joiner'], birthright: PolicyDocument['birthright'], needing: string[]): PolicyDocument => ({
    entitlements: ENTITLEMENT_POOL.map((id) => ({ id, system: 'm365', kind: 'group', ref: id })),
    birthright, sod, approvals: { joiner, entitlements: needing }, durations: DEFAULT_POLICY.durations,
  });
  const policy = fc.tuple(sodRules, fc.option(condition, { nil: undefined }), birthrightRules, desiredSet).map(([s, j, b, n]) => policyOf(s, j, b, n));
  /** A policy and the same policy with one part replaced at random: often no relaxation, so the properties bite. */
  const change = fc
    .tuple(policy, policy, fc.constantFrom('sod', 'joiner', 'birthright', 'needing'))
    .map(([before, other, part]): [PolicyDocument, PolicyDocument] => {
      const after: PolicyDocument = { ...before, approvals: { ...before.approvals } };
      if (part === 'sod') after.sod = [...before.sod, ...other.sod];
      if (part === 'joiner') after.approvals.joiner = other.approvals.joiner;
      if (part === 'birthright') after.birthright = [...before.birthright.slice(1), ...other.birthright.slice(0, 1)];
      if (part === 'needing') after.approvals.entitlements = other.approvals.entitlements;
      return [before, after];
    });
  const pairs = fc.oneof(fc.tuple(policy, policy), change);

  it('the changes generated include many without relaxations', () => {
    const sample = fc.sample(pairs, { numRuns: 400, seed: 1 });
    expect(sample.filter(([a, b]) => policyRelaxations(a, b).length === 0).length).toBeGreaterThan(60);
  });

  it('every joiner that needed approval still does', () => {
    fc.assert(
      fc.property(pairs, attrs, ([before, after], a) => {
        if (policyRelaxations(before, after).length > 0) return;
        if (caseApprovalRequirement(before, 'joiner', a)) expect(caseApprovalRequirement(after, 'joiner', a)).not.toBeNull();
      }),
    );
  });

  it('every set SoD blocked or sent for approval is still blocked or sent for approval', () => {
    const rank = { allow: 0, approve: 1, block: 2 } as const;
    fc.assert(
      fc.property(pairs, desiredSet, ([before, after], held) => {
        if (policyRelaxations(before, after).length > 0) return;
        const was = evaluateSod(before, held, { newlyAdded: held }).outcome;
        const now = evaluateSod(after, held, { newlyAdded: held }).outcome;
        expect(rank[now]).toBeGreaterThanOrEqual(rank[was]);
      }),
    );
  });

  it('whoever gets an entitlement that needs approval by birthright got it before', () => {
    fc.assert(
      fc.property(pairs, attrs, ([before, after], a) => {
        if (policyRelaxations(before, after).length > 0) return;
        for (const id of after.approvals.entitlements ?? []) {
          const now = after.birthright.some((r) => r.grant.includes(id) && matches(r.when, a));
          if (now) expect(before.birthright.some((r) => r.grant.includes(id) && matches(r.when, a))).toBe(true);
        }
      }),
    );
  });
});
