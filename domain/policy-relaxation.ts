// Which changes to a policy relax control (issue 10, four eyes): such a change takes effect only when a
// second admin approves it. Relaxing means someone could now get or keep access with less scrutiny than
// before: an approval rule removed or narrowed, an SoD rule removed or weakened, a birthright grant of an
// entitlement that needs approval widened, or such an entitlement pointed at something else.
import { CONDITION_KEYS } from './birthright';
import { type Condition, type PolicyDocument, type SodRule } from './policy-document';

/** True when `wide` matches everyone `narrow` matches (for every possible set of attributes). */
export function covers(wide: Condition, narrow: Condition): boolean {
  return CONDITION_KEYS.every((key) => {
    const allowed = wide[key] as readonly string[] | undefined;
    if (allowed === undefined) return true;
    const asked = narrow[key] as readonly string[] | undefined;
    return asked !== undefined && asked.every((v) => allowed.includes(v));
  });
}

const STRENGTH: Record<SodRule['severity'], number> = { approve: 1, block: 2 };

/** An SoD rule of `after` that catches every set `rule` caught, at least as strictly. */
function stillEnforced(rule: SodRule, after: readonly SodRule[]): boolean {
  return after.some((r) => STRENGTH[r.severity] >= STRENGTH[rule.severity] && r.entitlements.every((e) => rule.entitlements.includes(e)));
}

/** Why `after` relaxes control compared with `before`, one line each, sorted; empty when it does not. */
export function policyRelaxations(before: PolicyDocument, after: PolicyDocument): string[] {
  const found: string[] = [];
  for (const caseType of ['joiner', 'mover'] as const) {
    const was = before.approvals[caseType];
    const now = after.approvals[caseType];
    if (was === undefined) continue;
    if (now === undefined) found.push(`approvals.${caseType} removed: ${caseType}s no longer need approval`);
    else if (!covers(now, was)) found.push(`approvals.${caseType} narrowed: some ${caseType}s that needed approval no longer do`);
  }
  const needing = new Set(after.approvals.entitlements ?? []);
  for (const id of before.approvals.entitlements ?? []) {
    if (!needing.has(id)) found.push(`approvals.entitlements: ${id} no longer needs approval`);
  }
  for (const rule of before.sod) {
    if (stillEnforced(rule, after.sod)) continue;
    const same = after.sod.find((r) => r.id === rule.id);
    found.push(same ? `sod ${rule.id} weakened (${describeSod(rule)} → ${describeSod(same)})` : `sod ${rule.id} removed (${describeSod(rule)})`);
  }
  const guarded = new Set([...(before.approvals.entitlements ?? []), ...needing]);
  for (const id of guarded) {
    const was = before.entitlements.find((e) => e.id === id);
    const now = after.entitlements.find((e) => e.id === id);
    if (was && now && (was.system !== now.system || was.ref !== now.ref)) {
      found.push(`entitlement ${id} (needs approval) now points at ${now.system} ${now.ref}, not ${was.system} ${was.ref}`);
    }
  }
  for (const id of needing) {
    const grantedBefore = before.birthright.filter((r) => r.grant.includes(id));
    for (const rule of after.birthright.filter((r) => r.grant.includes(id))) {
      if (!grantedBefore.some((old) => covers(old.when, rule.when))) {
        found.push(`birthright ${rule.id} widens who gets ${id}, which needs approval`);
      }
    }
  }
  return [...new Set(found)].sort();
}

const describeSod = (r: SodRule) => `${r.severity} [${r.entitlements.join(', ')}]`;
