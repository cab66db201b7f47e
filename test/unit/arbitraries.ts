// Shared fast-check generators for the domain property tests: small pools so that rules collide often.
import fc from 'fast-check';
import { type MatchableAttributes } from '../../domain/birthright';
import { type CurrentAssignment } from '../../domain/entitlement-diff';
import { type BirthrightRule, type Condition, type SodRule } from '../../domain/policy-document';

export const ENTITLEMENT_POOL = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'] as const;
const DEPARTMENTS = ['Engineering', 'Sales', 'Finance'] as const;
const LOCATIONS = ['Amsterdam', 'London'] as const;
const TITLES = ['Engineer', 'Manager'] as const;

export const entitlementId: fc.Arbitrary<string> = fc.constantFrom(...ENTITLEMENT_POOL);

export const attrs: fc.Arbitrary<MatchableAttributes & { employeeId: string }> = fc.record({
  employeeId: fc.stringMatching(/^E[0-9]{1,4}$/),
  department: fc.constantFrom(...DEPARTMENTS),
  location: fc.constantFrom(...LOCATIONS),
  jobTitle: fc.constantFrom(...TITLES),
  employmentType: fc.constantFrom('employee' as const, 'contractor' as const),
});

export const condition: fc.Arbitrary<Condition> = fc.record(
  {
    department: fc.subarray([...DEPARTMENTS]),
    location: fc.subarray([...LOCATIONS]),
    jobTitle: fc.subarray([...TITLES]),
    employmentType: fc.subarray(['employee' as const, 'contractor' as const]),
  },
  { requiredKeys: [] },
);

export const birthrightRules: fc.Arbitrary<BirthrightRule[]> = fc.uniqueArray(
  fc.record({
    id: fc.stringMatching(/^r[0-9]{1,3}$/),
    when: condition,
    grant: fc.uniqueArray(entitlementId, { minLength: 1, maxLength: 4 }),
  }),
  { maxLength: 6, selector: (r) => r.id },
);

export const sodRules: fc.Arbitrary<SodRule[]> = fc.uniqueArray(
  fc.record({
    id: fc.stringMatching(/^s[0-9]{1,3}$/),
    entitlements: fc.uniqueArray(entitlementId, { minLength: 2, maxLength: 3 }),
    severity: fc.constantFrom('block' as const, 'approve' as const),
  }),
  { maxLength: 4, selector: (r) => r.id },
);

/** One row per (entitlement, source), as the person record keeps them. */
export const assignments: fc.Arbitrary<CurrentAssignment[]> = fc.uniqueArray(
  fc.record({
    entitlementId,
    source: fc.constantFrom('birthright' as const, 'manual' as const, 'request' as const),
    status: fc.constantFrom('active' as const, 'pending_removal' as const, 'removed' as const),
  }),
  { maxLength: 10, selector: (a) => `${a.entitlementId}|${a.source}` },
);

export const desiredSet = fc.uniqueArray(entitlementId, { maxLength: 8 });
