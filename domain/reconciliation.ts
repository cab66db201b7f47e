// Reconciliation (REFERENCE.md "Reconciliation"): what a full read of each system says, set against the record
// and the policy. Pure: correlation of every account to a person with midPoint's situations, the findings
// (orphans, drift, seats and licences held by leavers or nobody) with their monthly cost, the safeguards that
// mark a run incomplete, and the remediations a complete run proposes. Workflow code calls this, so it must
// stay deterministic: no clocks, no randomness, code-unit ordering.
import type { InventoryAccount } from '../connectors/types';
import { compareIds, sortedUnique } from './id-sets';
import { type AccountStatus, type EntitlementStatus, type PersonState } from './lifecycle';
import { type PolicyDocument } from './policy-document';

/** One account as the system's read returned it. */
export type ReadAccount = InventoryAccount;

export type SystemRead =
  | { system: string; status: 'complete'; accounts: ReadAccount[]; pages: number; emptyPages: number }
  | { system: string; status: 'failed'; error: string };

/** What the record holds about one person, as reconciliation needs it. */
export interface RecordPerson {
  employeeId: string;
  state: PersonState;
  accounts: { system: string; externalId: string; login?: string | null; status: AccountStatus }[];
  entitlements: { entitlementId: string; status: EntitlementStatus }[];
}

export const SITUATIONS = ['linked', 'unlinked', 'unmatched', 'disputed', 'deleted'] as const;
export type Situation = (typeof SITUATIONS)[number];

/** Which key correlated the account: the record's link, the system's employee-id field, or the login. */
export type MatchKey = 'link' | 'employeeId' | 'externalIds' | 'externalId' | 'login';

export interface CorrelatedAccount {
  system: string;
  externalId: string;
  login: string;
  enabled: boolean;
  situation: Situation;
  /** The owner, for linked and unlinked. */
  ownerId?: string;
  /** Every person a key pointed at, sorted (several for disputed). */
  candidates: string[];
  matchedBy: MatchKey[];
}

export const FINDING_KINDS = ['orphan_account', 'drift', 'leaver_seat', 'unowned_seat'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export type RemediationAction =
  | { kind: 'disable_account'; system: string; externalId: string }
  | { kind: 'remove_membership'; system: string; externalId: string; target: { kind: 'group' | 'licence'; ref: string } }
  | { kind: 'release_seat'; system: string; externalId: string; target: { kind: 'licence' | 'seat'; ref: string } };

export interface Finding {
  /** Stable across runs for the same fact, so an admin's selection names it. */
  id: string;
  kind: FindingKind;
  system: string;
  externalId: string;
  ownerId?: string;
  /** unmatched | owner_deactivated | unexpected | missing | leaver | nobody */
  reason: string;
  /** The membership or licence concerned (drift, seats). */
  target?: { kind: 'group' | 'licence' | 'seat'; ref: string };
  monthlyCost: number;
  /**
   * What would fix it; absent where only a person can (a missing grant is the JML flows' job, and the account
   * a connector acts as is never changed by reconciliation).
   */
  action?: RemediationAction;
}

export type ProblemReason = 'read_failed' | 'empty_page' | 'count_drop';

export interface ReadProblem {
  system: string;
  reason: ProblemReason;
  detail: string;
}

export interface SafeguardOptions {
  /** A run whose account count fell by more than this share since the last complete run is incomplete. */
  maxDropShare: number;
}

export const DEFAULT_SAFEGUARDS: SafeguardOptions = { maxDropShare: 0.2 };

export interface ReconciliationReport {
  complete: boolean;
  problems: ReadProblem[];
  accounts: CorrelatedAccount[];
  findings: Finding[];
  /** Finding ids a complete run proposes to remediate; always empty for an incomplete run. */
  proposals: string[];
  /** Accounts read per system (what the next run's drop check compares with). */
  counts: Record<string, number>;
  situations: Record<Situation, number>;
  cost: { currency: string; monthlyTotal: number; byKind: Record<FindingKind, number> };
}

/** People who have left: what they still hold is held by a leaver. */
const LEAVER_STATES: ReadonlySet<PersonState> = new Set(['deactivated', 'archived', 'erased']);

export function isLeaver(state: PersonState): boolean {
  return LEAVER_STATES.has(state);
}

/** The name of the system's employee-id field, for the report. */
export function employeeKeyName(system: string): MatchKey {
  if (system === 'm365') return 'employeeId';
  if (system === 'google') return 'externalIds';
  return 'externalId';
}

const lower = (s: string) => s.toLowerCase();

/** Correlates every account of one completely read system to the people in the record. */
export function correlate(system: string, accounts: readonly ReadAccount[], people: readonly RecordPerson[]): CorrelatedAccount[] {
  const byLink = new Map<string, string>();
  const byLogin = new Map<string, Set<string>>();
  const known = new Set<string>();
  for (const p of people) {
    known.add(p.employeeId);
    for (const a of p.accounts) {
      if (a.system === system && a.status !== 'deleted') byLink.set(a.externalId, p.employeeId);
      if (a.login) {
        const set = byLogin.get(lower(a.login)) ?? new Set<string>();
        set.add(p.employeeId);
        byLogin.set(lower(a.login), set);
      }
    }
  }
  const seen = new Set<string>();
  const out: CorrelatedAccount[] = accounts.map((a) => {
    seen.add(a.externalId);
    const base = { system, externalId: a.externalId, login: a.login, enabled: a.enabled };
    const linked = byLink.get(a.externalId);
    if (linked !== undefined) return { ...base, situation: 'linked', ownerId: linked, candidates: [linked], matchedBy: ['link'] };
    const matchedBy: MatchKey[] = [];
    const candidates = new Set<string>();
    if (a.employeeKey !== undefined && known.has(a.employeeKey)) {
      candidates.add(a.employeeKey);
      matchedBy.push(employeeKeyName(system));
    }
    const byName = byLogin.get(lower(a.login));
    if (byName) {
      for (const id of byName) candidates.add(id);
      matchedBy.push('login');
    }
    const sorted = sortedUnique(candidates);
    if (sorted.length === 0) return { ...base, situation: 'unmatched', candidates: [], matchedBy: [] };
    if (sorted.length > 1) return { ...base, situation: 'disputed', candidates: sorted, matchedBy };
    return { ...base, situation: 'unlinked', ownerId: sorted[0], candidates: sorted, matchedBy };
  });
  // In the record, gone from the system.
  for (const p of people) {
    for (const a of p.accounts) {
      if (a.system !== system || a.status === 'deleted' || seen.has(a.externalId)) continue;
      out.push({
        system, externalId: a.externalId, login: a.login ?? '', enabled: false, situation: 'deleted',
        ownerId: p.employeeId, candidates: [p.employeeId], matchedBy: ['link'],
      });
    }
  }
  return out.sort((x, y) => compareIds(x.externalId, y.externalId));
}

export interface PriceList {
  currency: string;
  /** `m365:<SKU part number>` for a licence, `scim:<app>` for an app's seat. */
  prices: Readonly<Record<string, number>>;
}

/** Prices from the policy: its `prices` map, else an entitlement's own monthlyCost for the same system and ref. */
export function priceListOf(policy: Pick<PolicyDocument, 'entitlements' | 'prices' | 'currency'>): PriceList {
  const prices: Record<string, number> = {};
  for (const e of policy.entitlements) {
    if (e.monthlyCost === undefined) continue;
    if (e.kind === 'licence') prices[`${e.system}:${e.ref}`] = e.monthlyCost;
    if (e.kind === 'seat') prices[e.system] = e.monthlyCost;
  }
  return { currency: policy.currency ?? 'USD', prices: { ...prices, ...(policy.prices ?? {}) } };
}

export function licencePrice(list: PriceList, system: string, sku: string): number {
  return list.prices[`${system}:${sku}`] ?? list.prices[`${system}:${sku.toUpperCase()}`] ?? 0;
}

export function seatPrice(list: PriceList, system: string): number {
  return list.prices[system] ?? 0;
}

/** What a person should hold in one system: policy refs of their held entitlements, by kind. */
function expectedRefs(person: RecordPerson, system: string, policy: Pick<PolicyDocument, 'entitlements'>) {
  const held = new Set(person.entitlements.filter((e) => e.status !== 'removed').map((e) => e.entitlementId));
  const groups = new Map<string, string>();
  const licences = new Map<string, string>();
  for (const e of policy.entitlements) {
    if (e.system !== system || !held.has(e.id)) continue;
    if (e.kind === 'group') groups.set(lower(e.ref), e.ref);
    if (e.kind === 'licence') licences.set(lower(e.ref), e.ref);
  }
  return { groups, licences };
}

/** Refs the policy manages in the system: memberships outside them are not Gatehouse's to judge. */
function managedRefs(system: string, policy: Pick<PolicyDocument, 'entitlements'>, kind: 'group' | 'licence'): Set<string> {
  return new Set(policy.entitlements.filter((e) => e.system === system && e.kind === kind).map((e) => lower(e.ref)));
}

/** The findings for one completely read system's correlated accounts. */
export function findingsFor(
  system: string,
  read: readonly ReadAccount[],
  correlated: readonly CorrelatedAccount[],
  people: readonly RecordPerson[],
  policy: Pick<PolicyDocument, 'entitlements'>,
  prices: PriceList,
): Finding[] {
  const byId = new Map(people.map((p) => [p.employeeId, p]));
  const readById = new Map(read.map((a) => [a.externalId, a]));
  const managedGroups = managedRefs(system, policy, 'group');
  const managedLicences = managedRefs(system, policy, 'licence');
  const findings: Finding[] = [];
  const push = ({ action, ...f }: Omit<Finding, 'id'>) =>
    findings.push({
      id: [f.kind, f.system, f.externalId, f.target ? `${f.target.kind}:${f.target.ref}` : ''].filter(Boolean).join('|'),
      ...f,
      ...(action && !readById.get(f.externalId)?.connectorIdentity ? { action } : {}),
    });

  for (const c of correlated) {
    const account = readById.get(c.externalId);
    if (!account) continue; // deleted: nothing left to hold anything
    const owner = c.ownerId === undefined ? undefined : byId.get(c.ownerId);
    const ownerLeft = owner !== undefined && isLeaver(owner.state);
    const nobody = c.situation === 'unmatched';
    const ref = { system, externalId: c.externalId };
    const ownerField = c.ownerId === undefined ? {} : { ownerId: c.ownerId };

    if (account.enabled && (nobody || ownerLeft)) {
      push({ kind: 'orphan_account', ...ref, ...ownerField, reason: nobody ? 'unmatched' : 'owner_deactivated', monthlyCost: 0, action: { kind: 'disable_account', ...ref } });
    }
    if (nobody || ownerLeft) {
      const kind = nobody ? 'unowned_seat' : 'leaver_seat';
      const reason = nobody ? 'nobody' : 'leaver';
      for (const sku of account.licences) {
        const target = { kind: 'licence' as const, ref: sku };
        push({ kind, ...ref, ...ownerField, reason, target, monthlyCost: licencePrice(prices, system, sku), action: { kind: 'release_seat', ...ref, target } });
      }
      if (account.seat) {
        const target = { kind: 'seat' as const, ref: system };
        push({ kind, ...ref, ...ownerField, reason, target, monthlyCost: seatPrice(prices, system), action: { kind: 'release_seat', ...ref, target } });
      }
      continue;
    }
    // Drift is judged against an owner the record is sure of; a disputed account is reported, not judged.
    if (!owner || c.situation === 'disputed') continue;
    const expected = expectedRefs(owner, system, policy);
    const drift = (kind: 'group' | 'licence', actual: readonly string[], wanted: Map<string, string>, managed: Set<string>) => {
      const actualLower = new Map(actual.map((r) => [lower(r), r]));
      for (const [key, original] of actualLower) {
        if (!managed.has(key) || wanted.has(key)) continue;
        const target = { kind, ref: original };
        const cost = kind === 'licence' ? licencePrice(prices, system, original) : 0;
        push({ kind: 'drift', ...ref, ...ownerField, reason: 'unexpected', target, monthlyCost: cost, action: { kind: 'remove_membership', ...ref, target } });
      }
      for (const [key, original] of wanted) {
        if (actualLower.has(key)) continue;
        push({ kind: 'drift', ...ref, ...ownerField, reason: 'missing', target: { kind, ref: original }, monthlyCost: 0 });
      }
    };
    drift('group', account.groups, expected.groups, managedGroups);
    drift('licence', account.licences, expected.licences, managedLicences);
  }
  return findings.sort((a, b) => compareIds(a.id, b.id));
}

/** The safeguards: a failed read, an empty page, or a drop in accounts beyond the allowed share. */
export function readProblems(reads: readonly SystemRead[], previousCounts: Readonly<Record<string, number>> | undefined, options: SafeguardOptions): ReadProblem[] {
  const problems: ReadProblem[] = [];
  for (const r of reads) {
    if (r.status === 'failed') {
      problems.push({ system: r.system, reason: 'read_failed', detail: r.error });
      continue;
    }
    if (r.emptyPages > 0) problems.push({ system: r.system, reason: 'empty_page', detail: `${r.emptyPages} empty page(s) in the read` });
    const before = previousCounts?.[r.system];
    if (before !== undefined && before > 0) {
      const drop = (before - r.accounts.length) / before;
      if (drop > options.maxDropShare) {
        problems.push({
          system: r.system, reason: 'count_drop',
          detail: `accounts fell from ${before} to ${r.accounts.length} (more than ${Math.round(options.maxDropShare * 100)}%)`,
        });
      }
    }
  }
  return problems;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The whole report for one run. */
export function reconcile(input: {
  reads: readonly SystemRead[];
  people: readonly RecordPerson[];
  policy: Pick<PolicyDocument, 'entitlements' | 'prices' | 'currency'>;
  previousCounts?: Readonly<Record<string, number>>;
  safeguards?: SafeguardOptions;
}): ReconciliationReport {
  const prices = priceListOf(input.policy);
  const problems = readProblems(input.reads, input.previousCounts, input.safeguards ?? DEFAULT_SAFEGUARDS);
  const accounts: CorrelatedAccount[] = [];
  const findings: Finding[] = [];
  const counts: Record<string, number> = {};
  for (const r of [...input.reads].sort((a, b) => compareIds(a.system, b.system))) {
    if (r.status !== 'complete') continue;
    counts[r.system] = r.accounts.length;
    const correlated = correlate(r.system, r.accounts, input.people);
    accounts.push(...correlated);
    findings.push(...findingsFor(r.system, r.accounts, correlated, input.people, input.policy, prices));
  }
  findings.sort((a, b) => compareIds(a.id, b.id));
  const complete = problems.length === 0;
  const situations = Object.fromEntries(SITUATIONS.map((s) => [s, accounts.filter((a) => a.situation === s).length])) as Record<Situation, number>;
  const byKind = Object.fromEntries(
    FINDING_KINDS.map((k) => [k, round2(findings.filter((f) => f.kind === k).reduce((sum, f) => sum + f.monthlyCost, 0))]),
  ) as Record<FindingKind, number>;
  return {
    complete,
    problems,
    accounts,
    findings,
    proposals: complete ? findings.filter((f) => f.action).map((f) => f.id) : [],
    counts,
    situations,
    cost: { currency: prices.currency, monthlyTotal: round2(findings.reduce((sum, f) => sum + f.monthlyCost, 0)), byKind },
  };
}
