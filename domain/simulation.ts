// Birthright simulation (POST /v1/policies/birthright/simulate): who would gain or lose what under a
// proposed policy. It runs the same evaluation and mover plan as a real mover case, so it cannot drift
// from what would actually happen, and it changes nothing.
import { evaluateBirthright, type MatchableAttributes } from './birthright';
import { moverPlan, type CurrentAssignment } from './entitlement-diff';
import { type PolicyDocument } from './policy-document';

export interface SimulatedPerson {
  attrs: MatchableAttributes & { employeeId: string };
  assignments: readonly CurrentAssignment[];
}

export interface SimulationResult {
  employeeId: string;
  /** What the mover plan under the proposed policy would add. */
  gain: string[];
  /** What it would schedule for removal (after the grace period). */
  lose: string[];
  /** Pending removals it would cancel. */
  cancelRemoval: string[];
  /** For each gained id, the proposed rules that would grant it. */
  gainedBy: Record<string, string[]>;
  /** For each lost id, the current rules that grant it today (empty when held as birthright without one). */
  lostFrom: Record<string, string[]>;
}

export function simulateBirthright(
  currentPolicy: Pick<PolicyDocument, 'birthright'>,
  proposedPolicy: Pick<PolicyDocument, 'birthright'>,
  people: readonly SimulatedPerson[],
): SimulationResult[] {
  return people.map(({ attrs, assignments }) => {
    const proposed = evaluateBirthright(proposedPolicy, attrs);
    const current = evaluateBirthright(currentPolicy, attrs);
    const plan = moverPlan(assignments, proposed.entitlementIds);
    const rulesOf = (grants: typeof proposed.grants, id: string): string[] =>
      grants.find((g) => g.entitlementId === id)?.ruleIds ?? [];
    return {
      employeeId: attrs.employeeId,
      gain: plan.add,
      lose: plan.scheduleRemoval,
      cancelRemoval: plan.cancelRemoval,
      gainedBy: Object.fromEntries(plan.add.map((id) => [id, rulesOf(proposed.grants, id)])),
      lostFrom: Object.fromEntries(plan.scheduleRemoval.map((id) => [id, rulesOf(current.grants, id)])),
    };
  });
}
