// Separation of duties: sets of entitlements that must not be held together.
import { type PolicyDocument, type SodRule } from './policy-document';
import { sortedUnique } from './id-sets';

export type SodSeverity = SodRule['severity'];

export interface SodViolation {
  ruleId: string;
  severity: SodSeverity;
  /** The rule's entitlements, sorted: all of them are in the resulting set. */
  entitlements: string[];
}

export interface SodEvaluation {
  /** Rules this change would newly complete: these decide the outcome. Sorted by rule id. */
  violations: SodViolation[];
  /**
   * Rules already complete before the change (none of their entitlements is newly added). Reported so the
   * case and the audit can show them, but they do not block or require approval: the change did not create
   * them, and blocking an unrelated change (a new Slack group) would not remove the conflict.
   */
  preexisting: SodViolation[];
  /** 'block' if any violation blocks; else 'approve' if any needs approval; else 'allow'. Block beats approve. */
  outcome: 'allow' | 'approve' | 'block';
}

/**
 * Evaluates SoD for the set a person would hold after a change. `resultingSet` should include entitlements
 * pending removal (they are held until the grace period ends, so a mover may hold both halves meanwhile);
 * `newlyAdded` are the ids the change grants.
 */
export function evaluateSod(
  policy: Pick<PolicyDocument, 'sod'>,
  resultingSet: Iterable<string>,
  options: { newlyAdded: Iterable<string> },
): SodEvaluation {
  const held = new Set(resultingSet);
  const added = new Set(options.newlyAdded);
  const violations: SodViolation[] = [];
  const preexisting: SodViolation[] = [];
  for (const rule of policy.sod) {
    const entitlements = sortedUnique(rule.entitlements);
    if (!entitlements.every((id) => held.has(id))) continue;
    const violation = { ruleId: rule.id, severity: rule.severity, entitlements };
    (entitlements.some((id) => added.has(id)) ? violations : preexisting).push(violation);
  }
  const byRule = (a: SodViolation, b: SodViolation): number => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
  violations.sort(byRule);
  preexisting.sort(byRule);
  const outcome = violations.some((v) => v.severity === 'block')
    ? 'block'
    : violations.some((v) => v.severity === 'approve') ? 'approve' : 'allow';
  return { violations, preexisting, outcome };
}
