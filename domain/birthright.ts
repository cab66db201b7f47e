// Birthright evaluation: which entitlements a person gets from their HR attributes, and which rule granted each.
import { type EmployeeAttributes } from './lifecycle';
import { type Condition, type PolicyDocument } from './policy-document';
import { compareIds, sortedUnique } from './id-sets';

/** The attributes conditions may name; the rest of a person (names, e-mail) never grants access. */
export type MatchableAttributes = Pick<EmployeeAttributes, 'department' | 'location' | 'jobTitle' | 'employmentType'>;

export const CONDITION_KEYS = ['department', 'location', 'jobTitle', 'employmentType'] as const;

/**
 * True when every attribute the condition lists has one of the listed values. `{}` matches everyone;
 * an empty list (`department: []`) matches no one. Comparison is exact (case-sensitive): HR values are
 * compared as HR sends them, so a policy never matches by accident.
 */
export function matches(condition: Condition, attrs: MatchableAttributes): boolean {
  return CONDITION_KEYS.every((key) => {
    const allowed: readonly string[] | undefined = condition[key];
    return allowed === undefined || allowed.includes(attrs[key]);
  });
}

export interface BirthrightGrant {
  entitlementId: string;
  /** The birthright rules that granted it, sorted: the "which policy granted what" of the audit trail. */
  ruleIds: string[];
}

export interface BirthrightResult {
  /** Sorted, unique. */
  entitlementIds: string[];
  /** One per entitlement id, in the same order. */
  grants: BirthrightGrant[];
  /** Every rule whose condition matched, sorted. */
  matchedRuleIds: string[];
}

/** The birthright entitlements `attrs` earn under `policy`, each with the rules that granted it. */
export function evaluateBirthright(policy: Pick<PolicyDocument, 'birthright'>, attrs: MatchableAttributes): BirthrightResult {
  const rulesByEntitlement = new Map<string, Set<string>>();
  const matchedRuleIds: string[] = [];
  for (const rule of policy.birthright) {
    if (!matches(rule.when, attrs)) continue;
    matchedRuleIds.push(rule.id);
    for (const entitlementId of rule.grant) {
      const rules = rulesByEntitlement.get(entitlementId) ?? new Set<string>();
      rules.add(rule.id);
      rulesByEntitlement.set(entitlementId, rules);
    }
  }
  const grants = [...rulesByEntitlement.entries()]
    .map(([entitlementId, rules]) => ({ entitlementId, ruleIds: sortedUnique(rules) }))
    .sort((a, b) => compareIds(a.entitlementId, b.entitlementId));
  return { entitlementIds: grants.map((g) => g.entitlementId), grants, matchedRuleIds: sortedUnique(matchedRuleIds) };
}
