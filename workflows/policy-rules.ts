// The domain rules as the case workflows ask them: one place that maps policy answers onto case decisions.
import { caseApprovalRequirement, entitlementsNeedingApproval } from '../domain/approvals';
import { evaluateBirthright } from '../domain/birthright';
import { endOfBusinessDay, endOfDay, startOfDay } from '../domain/calendar';
import { addDuration, parseDuration } from '../domain/durations';
import { heldEntitlementIds, moverPlan, type CurrentAssignment } from '../domain/entitlement-diff';
import type { EmployeeAttributes } from '../domain/lifecycle';
import type { PolicyDocument } from '../domain/policy-document';
import { evaluateSod } from '../domain/sod';
import { parseInstant, toIsoInstant } from '../domain/instant';

export interface Grant {
  entitlementId: string;
  system: string;
  ruleIds: string[];
}

function systemOf(policy: PolicyDocument, id: string): string {
  return policy.entitlements.find((e) => e.id === id)?.system ?? 'unknown';
}

/** Birthright grants for these attributes, each with its system and the rules that granted it. */
export function birthrightFor(policy: PolicyDocument, attrs: EmployeeAttributes): Grant[] {
  return evaluateBirthright(policy, attrs).grants.map((g) => ({ entitlementId: g.entitlementId, system: systemOf(policy, g.entitlementId), ruleIds: g.ruleIds }));
}

export interface HeldEntitlement {
  entitlementId: string;
  system: string;
  source: string;
  status: string;
  removeAt?: string;
}

export interface MoverChanges {
  add: Grant[];
  scheduleRemoval: Array<{ entitlementId: string; system: string }>;
  cancelRemoval: string[];
  /** Removals still pending from a superseded mover, at their original time: this case carries them out. */
  inheritedPending: Array<{ entitlementId: string; system: string; removeAt: string }>;
}

export function moverChanges(policy: PolicyDocument, attrs: EmployeeAttributes, held: HeldEntitlement[]): MoverChanges {
  const grants = birthrightFor(policy, attrs);
  const current: CurrentAssignment[] = held.map((h) => ({
    entitlementId: h.entitlementId,
    source: h.source as CurrentAssignment['source'],
    status: h.status as CurrentAssignment['status'],
    removeAt: h.removeAt,
  }));
  const plan = moverPlan(current, grants.map((g) => g.entitlementId));
  const byId = new Map(held.filter((h) => h.source === 'birthright').map((h) => [h.entitlementId, h]));
  return {
    add: grants.filter((g) => plan.add.includes(g.entitlementId)),
    scheduleRemoval: plan.scheduleRemoval.map((id) => ({ entitlementId: id, system: systemOf(policy, id) })),
    cancelRemoval: plan.cancelRemoval,
    inheritedPending: plan.stillPendingRemoval.flatMap((id) => {
      const h = byId.get(id);
      return h?.removeAt ? [{ entitlementId: id, system: h.system, removeAt: h.removeAt }] : [];
    }),
  };
}

export interface SodDecision {
  block?: { ruleId: string; entitlements: string[]; reason: string };
  approve?: { ruleId: string; entitlements: string[]; reason: string };
}

/** SoD for a person holding `held` (active or pending removal) who would gain `adding`. */
export function sodCheck(policy: PolicyDocument, held: string[], adding: string[]): SodDecision {
  const evaluation = evaluateSod(policy, [...heldEntitlementIds(held.map((id) => ({ entitlementId: id, source: 'manual', status: 'active' }))), ...adding], { newlyAdded: adding });
  const describe = (v: { ruleId: string; entitlements: string[] }) => ({
    ruleId: v.ruleId,
    entitlements: v.entitlements,
    reason: `SoD rule '${v.ruleId}': ${v.entitlements.join(' and ')} may not be held together`,
  });
  const block = evaluation.violations.find((v) => v.severity === 'block');
  const approve = evaluation.violations.find((v) => v.severity === 'approve');
  return { block: block ? describe(block) : undefined, approve: approve ? describe(approve) : undefined };
}

export function joinerApprovalReason(policy: PolicyDocument, attrs: EmployeeAttributes): string | undefined {
  return caseApprovalRequirement(policy, 'joiner', attrs)?.reason;
}

export function moverApprovalReason(policy: PolicyDocument, attrs: EmployeeAttributes): string | undefined {
  return caseApprovalRequirement(policy, 'mover', attrs)?.reason;
}

export function entitlementApprovalReason(policy: PolicyDocument, entitlementId: string): string | undefined {
  return entitlementsApprovalReason(policy, [entitlementId]);
}

/** Why granting these entitlements (birthright included) needs an approver, when approvals.entitlements lists any. */
export function entitlementsApprovalReason(policy: PolicyDocument, entitlementIds: string[]): string | undefined {
  const needing = entitlementsNeedingApproval(policy, entitlementIds);
  return needing.length > 0 ? `policy approvals.entitlements requires approval for ${needing.join(', ')}` : undefined;
}

export const startOfLocalDay = startOfDay;
export const endOfLocalDay = endOfDay;
export const endOfBusinessDayAt = endOfBusinessDay;

/** Durations are added in UTC here: the case times they apply to are already instants. */
export function plusDuration(instant: string, iso: string): string {
  return addDuration(instant, iso, 'UTC');
}

export function minusDuration(instant: string, iso: string): string {
  return toIsoInstant(parseInstant(instant, 'UTC').minus(parseDuration(iso)));
}

export function durationMs(iso: string): number {
  return parseDuration(iso).as('milliseconds');
}
