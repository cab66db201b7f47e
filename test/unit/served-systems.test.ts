// Policies may only name systems with a configured connector: the check itself, the PUT validation built on
// it, and the default policy cut down to a deployment's systems.
import fc from 'fast-check';
import { DEFAULT_POLICY, defaultPolicy, defaultPolicyFor } from '../../domain/default-policy';
import { validatePolicy } from '../../domain/policy-validation';
import { unservedMessage, unservedSystems } from '../../domain/served-systems';

const DEFAULT_SYSTEMS = [...new Set(DEFAULT_POLICY.entitlements.map((e) => e.system))];

describe('unservedSystems', () => {
  it('lists, in document order, the entitlements whose system has no connector', () => {
    expect(unservedSystems(DEFAULT_POLICY, ['m365', 'google', 'scim:figma'])).toEqual([
      { entitlementId: 'github', system: 'scim:github' },
      { entitlementId: 'github-sales', system: 'scim:github' },
    ]);
    expect(unservedSystems(DEFAULT_POLICY, DEFAULT_SYSTEMS)).toEqual([]);
    expect(unservedSystems({ entitlements: [] }, [])).toEqual([]);
  });

  it('says which entitlement, which system, and what is configured', () => {
    expect(unservedMessage({ entitlementId: 'github', system: 'scim:github' }, ['m365', 'google', 'scim:figma'])).toBe(
      "entitlement 'github' names system 'scim:github', which has no connector; configured: m365, google, scim:figma",
    );
    expect(unservedMessage({ entitlementId: 'x', system: 'm365' }, [])).toMatch(/configured: \(none\)$/);
  });
});

describe('validatePolicy with the configured systems', () => {
  it('refuses each entitlement on a system without a connector, at its system field', () => {
    const policy = defaultPolicy();
    policy.entitlements.push({ id: 'nosuch', system: 'scim:nosuch', kind: 'group', ref: 'x' });
    const result = validatePolicy(policy, { systems: ['m365', 'google', 'scim:github'] });
    expect(result).toEqual({
      ok: false,
      problems: [{
        path: `entitlements[${policy.entitlements.length - 1}].system`,
        message: "entitlement 'nosuch' names system 'scim:nosuch', which has no connector; configured: m365, google, scim:github",
      }],
    });
  });

  it('reports it beside shape problems, in one round trip', () => {
    const policy = defaultPolicy() as unknown as { entitlements: unknown[]; durations: unknown };
    policy.durations = 'weekly';
    const result = validatePolicy(policy, { systems: ['m365', 'google'] });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems.map((p) => p.path)).toEqual(expect.arrayContaining(['durations', 'entitlements[6].system', 'entitlements[7].system']));
    }
  });

  it('does not check systems when none are given (existing callers)', () => {
    expect(validatePolicy(defaultPolicy()).ok).toBe(true);
  });
});

describe('defaultPolicyFor', () => {
  it('is the default policy when every system it names is configured', () => {
    expect(defaultPolicyFor(DEFAULT_SYSTEMS)).toEqual(DEFAULT_POLICY);
  });

  it('leaves out another SCIM app and what granted it', () => {
    const policy = defaultPolicyFor(['m365', 'google', 'scim:figma']);
    expect(policy.entitlements.map((e) => e.id)).not.toEqual(expect.arrayContaining(['github']));
    expect(policy.entitlements.some((e) => e.system === 'scim:github')).toBe(false);
    expect(policy.birthright.find((r) => r.id === 'engineering')?.grant).toEqual(['eng-m365', 'eng-google']);
    expect(policy.sod).toEqual(DEFAULT_POLICY.sod);
  });

  it('drops rules left granting nothing, SoD rules on a dropped entitlement, and approval entries', () => {
    const policy = defaultPolicyFor(['google']);
    expect(policy.entitlements.map((e) => e.id)).toEqual(['eng-google', 'sales-google']);
    expect(policy.birthright.map((r) => r.id)).toEqual(['engineering', 'sales']);
    expect(policy.sod).toEqual([]);
    expect(policy.approvals).toEqual({ joiner: { employmentType: ['contractor'] }, entitlements: [] });
  });

  it('does not touch DEFAULT_POLICY', () => {
    defaultPolicyFor([]);
    expect(DEFAULT_POLICY.entitlements).toHaveLength(10);
  });

  it('always passes validation against the systems it was built for, and names only those', () => {
    const system = fc.constantFrom(...DEFAULT_SYSTEMS, 'scim:figma', 'scim:slack');
    fc.assert(
      fc.property(fc.uniqueArray(system, { maxLength: 6 }), (systems) => {
        const policy = defaultPolicyFor(systems);
        expect(validatePolicy(policy, { systems })).toEqual({ ok: true, policy });
        expect(policy.entitlements.every((e) => systems.includes(e.system))).toBe(true);
        expect(unservedSystems(policy, systems)).toEqual([]);
      }),
    );
  });
});
