import fc from 'fast-check';
import { evaluateBirthright, matches, type MatchableAttributes } from '../../domain/birthright';
import { DEFAULT_POLICY } from '../../domain/default-policy';
import { attrs, birthrightRules } from './arbitraries';

const engineer: MatchableAttributes = { department: 'Engineering', location: 'Amsterdam', jobTitle: 'Engineer', employmentType: 'employee' };

describe('matches', () => {
  it('matches everyone on {}', () => {
    expect(matches({}, engineer)).toBe(true);
  });
  it('needs every listed attribute to match', () => {
    expect(matches({ department: ['Engineering', 'Sales'], location: ['Amsterdam'] }, engineer)).toBe(true);
    expect(matches({ department: ['Engineering'], location: ['London'] }, engineer)).toBe(false);
    expect(matches({ employmentType: ['contractor'] }, engineer)).toBe(false);
  });
  it('matches no one on an empty list, and compares exactly', () => {
    expect(matches({ department: [] }, engineer)).toBe(false);
    expect(matches({ department: ['engineering'] }, engineer)).toBe(false);
  });
});

describe('evaluateBirthright', () => {
  it('grants the default policy to an engineer, naming the rules', () => {
    const result = evaluateBirthright(DEFAULT_POLICY, engineer);
    expect(result.entitlementIds).toEqual(['all-m365', 'eng-google', 'eng-m365', 'github', 'm365-e3']);
    expect(result.matchedRuleIds).toEqual(['engineering', 'everyone']);
    expect(result.grants.find((g) => g.entitlementId === 'github')).toEqual({ entitlementId: 'github', ruleIds: ['engineering'] });
  });

  it('records every rule that granted an entitlement', () => {
    const result = evaluateBirthright(
      { birthright: [{ id: 'z', when: {}, grant: ['x'] }, { id: 'a', when: { location: ['Amsterdam'] }, grant: ['x', 'y'] }] },
      engineer,
    );
    expect(result.grants).toEqual([{ entitlementId: 'x', ruleIds: ['a', 'z'] }, { entitlementId: 'y', ruleIds: ['a'] }]);
  });

  it('grants nothing with no rules', () => {
    expect(evaluateBirthright({ birthright: [] }, engineer)).toEqual({ entitlementIds: [], grants: [], matchedRuleIds: [] });
  });
});

describe('evaluateBirthright properties', () => {
  it('does not depend on the order of the rules', () => {
    fc.assert(
      fc.property(
        birthrightRules.chain((rules) => fc.tuple(fc.constant(rules), fc.shuffledSubarray(rules, { minLength: rules.length }))),
        attrs,
        ([rules, shuffled], person) => {
          expect(evaluateBirthright({ birthright: shuffled }, person)).toEqual(evaluateBirthright({ birthright: rules }, person));
        },
      ),
    );
  });

  it('is monotone: more rules never take an entitlement away', () => {
    fc.assert(
      fc.property(birthrightRules, birthrightRules, attrs, (rules, more, person) => {
        const before = evaluateBirthright({ birthright: rules }, person).entitlementIds;
        const after = new Set(evaluateBirthright({ birthright: [...rules, ...more] }, person).entitlementIds);
        for (const id of before) expect(after.has(id)).toBe(true);
      }),
    );
  });

  it('grants exactly the union of what the matching rules grant, sorted and unique', () => {
    fc.assert(
      fc.property(birthrightRules, attrs, (rules, person) => {
        const expected = new Set(rules.filter((r) => matches(r.when, person)).flatMap((r) => r.grant));
        const result = evaluateBirthright({ birthright: rules }, person).entitlementIds;
        expect(result).toEqual([...expected].sort());
      }),
    );
  });
});
