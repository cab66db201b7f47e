// The model of one sequence (only what the invariants need: who exists, which leavers were accepted, which
// cases the API named and what was asked of them), the policy the test runs under, and the invariants checked
// after every sequence has settled: leavers revoked within their SLA, record = emulators, no case open, every
// history replays.
import { Worker } from '@temporalio/worker';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { defaultPolicy } from '../../domain/default-policy';
import type { PolicyDocument } from '../../domain/policy-document';
import { workflowBundle } from '../support/temporal';
import { CLOSED, DAY, type CaseBody, type PersonBody, type RealSystem } from './system';
import { TEST_DATA_CONVERTER } from '../support/payload-keys';

// ---------------------------------------------------------------------------------------------------------
// Policy: the default one, plus Finance and Treasury. Treasury's birthright brings pay-approve, which
// approvals.entitlements lists (a joiner or mover into Treasury waits for an approver); Finance brings
// pay-create, so Finance ↔ Treasury is a blocked SoD conflict while the old side is pending removal; and
// finance-m365 with eng-m365 is an SoD rule of severity approve (Engineering ↔ Finance waits for an approver).

export function modelPolicy(): PolicyDocument {
  const p = defaultPolicy();
  p.entitlements.push(
    { id: 'finance-m365', system: 'm365', kind: 'group', ref: 'Finance' },
    { id: 'finance-google', system: 'google', kind: 'group', ref: 'finance@example.com' },
    { id: 'github-everyone', system: 'scim:github', kind: 'group', ref: 'everyone' },
  );
  p.birthright.push(
    { id: 'finance', when: { department: ['Finance'] }, grant: ['finance-m365', 'pay-create'] },
    { id: 'treasury', when: { department: ['Treasury'] }, grant: ['finance-google', 'pay-approve'] },
    { id: 'contractors', when: { employmentType: ['contractor'] }, grant: ['github-everyone'] },
  );
  p.sod = [
    { id: 'payments', entitlements: ['pay-create', 'pay-approve'], severity: 'block' },
    { id: 'finance-engineering', entitlements: ['finance-m365', 'eng-m365'], severity: 'approve' },
  ];
  p.approvals = { joiner: { employmentType: ['contractor'] }, entitlements: ['pay-approve'] };
  return p;
}

export const DEPARTMENTS = ['Engineering', 'Sales', 'Finance', 'Treasury', 'Legal'] as const;
export const GRANTABLE = ['pay-approve', 'pay-create', 'eng-google', 'github-sales', 'finance-m365', 'm365-e3', 'github-everyone'] as const;

// ---------------------------------------------------------------------------------------------------------
// The model

export interface Employee {
  employeeId: string;
  givenName: string;
  familyName: string;
  department: string;
  location: string;
  jobTitle: string;
  employmentType: 'employee' | 'contractor';
}

export interface ModelEvent {
  eventId: string;
  employeeId: string;
  type: string;
  body: Record<string, unknown>;
  caseId: string;
}

export interface ModelCase {
  caseId: string;
  employeeId: string;
  type: string;
  requestedBy: string;
  /** Test-server time when the API accepted it. */
  acceptedAt: number;
  /** For a leaver: when it takes effect as sent (immediate: acceptedAt). */
  effectiveAt?: number;
  immediate?: boolean;
}

export interface ModelPerson {
  employeeId: string;
  attrs: Employee;
  /** A joiner for them was accepted. */
  joined: boolean;
  /** Leaver case ids in the order the API accepted them. */
  leavers: string[];
}

export class Model {
  readonly people: ModelPerson[];
  readonly events: ModelEvent[] = [];
  readonly cases = new Map<string, ModelCase>();
  /** Cases a cancel (HR's cancel event or an admin's cancel) was accepted for. */
  readonly cancelAsked = new Set<string>();
  /** Cases the model's admin cancel (always the same admin and reason) was accepted for: a repeat is a retry. */
  readonly adminCancelled = new Set<string>();
  /** Cases an admin rejected (200). */
  readonly rejected = new Set<string>();
  /** Cases an admin rescheduled (200), with the last time asked for. */
  readonly rescheduled = new Map<string, number>();
  /** Permanent refusals injected in this sequence (a step may fail visibly). */
  permanentFaults = 0;
  /** An outage with no end is active (time passing is kept short meanwhile: every retry is real work). */
  openOutage = false;
  private counter = 0;
  readonly log: string[] = [];

  constructor(readonly run: number, readonly prefix: string, size: number) {
    this.people = Array.from({ length: size }, (_, i) => {
      const employeeId = `${prefix}${i + 1}`;
      return {
        employeeId, joined: false, leavers: [],
        attrs: { employeeId, givenName: 'Model', familyName: `Person ${employeeId}`, department: 'Engineering', location: 'NL', jobTitle: 'Engineer', employmentType: 'employee' },
      };
    });
  }

  person(slot: number): ModelPerson {
    return this.people[slot % this.people.length]!;
  }

  nextEventId(): string {
    this.counter += 1;
    return `${this.prefix}e${this.counter}`;
  }

  ids(): string[] {
    return this.people.map((p) => p.employeeId);
  }

  addCase(c: ModelCase): void {
    if (!this.cases.has(c.caseId)) this.cases.set(c.caseId, c);
  }

  pickCase(k: number): ModelCase | undefined {
    const all = [...this.cases.values()];
    return all.length ? all[k % all.length] : undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Invariants

export class InvariantFailure extends Error {
  constructor(readonly problems: string[]) {
    super(`${problems.length} invariant${problems.length === 1 ? '' : 's'} broken:\n  - ${problems.join('\n  - ')}`);
    this.name = 'InvariantFailure';
  }
}

/** The end of the business day (Mon–Fri, UTC) of an instant: written here, not taken from the product. */
export function businessDayEnd(at: number): number {
  const d = new Date(at);
  let day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  while ([0, 6].includes(new Date(day).getUTCDay())) day += DAY;
  return day + DAY;
}

const REVOKE_STEP = /^(access snapshot|disable account|revoke sessions|remove |release licences|lock identity)/;

/**
 * After the settle phase: every case of these people is closed, and the rest of issue 9's invariants hold.
 * Returns the problems found (empty: all good).
 */
export async function checkInvariants(m: Model, real: RealSystem, cases: CaseBody[]): Promise<string[]> {
  const problems: string[] = [];
  const policy = modelPolicy();
  const defOf = new Map(policy.entitlements.map((e) => [e.id, e]));
  const byId = new Map(cases.map((c) => [c.caseId, c]));

  // No case waits for ever (the settle phase gave each one every chance to close).
  for (const c of cases) if (!CLOSED.has(c.status)) problems.push(`a case waits for ever: ${c.caseId} (${c.type}) is ${c.status}; scheduled ${JSON.stringify(c.scheduled)}; pending ${JSON.stringify(c.pendingApprovals)}; last steps ${JSON.stringify(c.steps.slice(-3))}`);
  // Every case the API named with a 202 exists.
  for (const id of m.cases.keys()) if (!byId.has(id)) problems.push(`the API answered 202 for ${id}, but GET /v1/cases lists no such case`);

  // How each case ended must be explained by what was asked.
  for (const c of cases) {
    const mc = m.cases.get(c.caseId);
    const p = m.people.find((x) => x.employeeId === c.employeeId);
    if (c.status === 'failed' && m.permanentFaults === 0) problems.push(`${c.caseId} (${c.type}) failed with no permanent refusal injected: ${c.outcome}; ${JSON.stringify(c.steps.filter((s) => s.status === 'failed'))}`);
    if (c.status === 'cancelled' && !m.cancelAsked.has(c.caseId)) problems.push(`${c.caseId} (${c.type}) was cancelled, but nobody cancelled it (${c.outcome})`);
    if (c.status === 'superseded') {
      // A later leaver, or one in notice whose last day ended after this case was accepted (it supersedes tails).
      const laterLeaver = p?.leavers.some((l) => l !== c.caseId && (
        (m.cases.get(l)?.acceptedAt ?? 0) >= (mc?.acceptedAt ?? 0) || ['completed', 'failed'].includes(byId.get(l)?.status ?? '')));
      const laterMover = c.type === 'mover' && [...m.cases.values()].some((x) => x.employeeId === c.employeeId && x.type === 'mover' && x.caseId !== c.caseId && x.acceptedAt >= (mc?.acceptedAt ?? 0));
      if (!laterLeaver && !laterMover) problems.push(`${c.caseId} (${c.type}) was superseded, but no later leaver${c.type === 'mover' ? ' or mover' : ''} was accepted for ${c.employeeId}`);
    }
    if (c.status === 'rejected' && !m.rejected.has(c.caseId) && !(c.outcome ?? '').startsWith('refused')) {
      problems.push(`${c.caseId} (${c.type}) was rejected without an admin's reject or a refusal: ${c.outcome}`);
    }
  }

  for (const p of m.people) {
    const rec = await real.person(p.employeeId);
    if (!rec) {
      if (cases.some((c) => c.employeeId === p.employeeId && c.status === 'completed' && c.type !== 'access')) problems.push(`${p.employeeId} has completed cases but no record`);
      continue;
    }
    problems.push(...driftOf(rec, real, defOf));
    problems.push(...leaverProblems(m, p, rec, byId, real));
  }

  problems.push(...(await replayProblems(m, real, cases)));
  return problems;
}

type Defs = Map<string, { id: string; system: string; kind: string; ref: string }>;

/** The record equals the emulators: account status, and memberships and licences = held entitlements. */
function driftOf(rec: PersonBody, real: RealSystem, defOf: Defs): string[] {
  const out: string[] = [];
  const who = rec.employeeId;
  for (const a of rec.accounts) {
    const emu = real.emulatorAccount(a.system, a.externalId);
    if (a.status === 'deleted') {
      if (emu) out.push(`drift: ${who}'s ${a.system} account is deleted in the record but exists in the emulator (enabled ${emu.enabled})`);
      continue;
    }
    if (!emu) {
      out.push(`drift: ${who}'s ${a.system} account ${a.externalId} is ${a.status} in the record but missing in the emulator`);
      continue;
    }
    if (emu.enabled !== (a.status === 'active')) out.push(`drift: ${who}'s ${a.system} account is ${a.status} in the record but ${emu.enabled ? 'enabled' : 'disabled'} in the emulator`);
    const held = rec.entitlements.filter((e) => e.system === a.system && (e.status === 'active' || e.status === 'pending_removal'));
    const want = { groups: new Set<string>(), licences: new Set<string>() };
    for (const e of held) {
      const d = defOf.get(e.id);
      if (!d) {
        out.push(`${who} holds ${e.id}, which the policy does not know`);
        continue;
      }
      (d.kind === 'licence' ? want.licences : want.groups).add(d.ref);
    }
    const same = (x: Set<string>, y: string[]) => x.size === new Set(y).size && y.every((v) => x.has(v));
    if (!same(want.groups, emu.groups)) out.push(`drift: ${who}'s ${a.system} groups are ${JSON.stringify(emu.groups)} in the emulator, the record holds ${JSON.stringify([...want.groups].sort())}`);
    if (!same(want.licences, emu.licences)) out.push(`drift: ${who}'s ${a.system} licences are ${JSON.stringify(emu.licences)} in the emulator, the record holds ${JSON.stringify([...want.licences].sort())}`);
  }
  // Entitlements of a system the person has no live account in cannot be held there.
  for (const e of rec.entitlements) {
    if (e.status === 'removed') continue;
    if (!rec.accounts.some((a) => a.system === e.system && a.status !== 'deleted')) out.push(`drift: ${who} holds ${e.id} (${e.status}) in ${e.system}, where the record has no live account`);
  }
  // No account in an emulator that the record does not know of.
  for (const u of real.emulatorUsersOf(who)) {
    if (!rec.accounts.some((a) => a.system === u.system && a.externalId === u.externalId && a.status !== 'deleted')) {
      out.push(`drift: the ${u.system} emulator holds a user ${u.externalId} for ${who} that the record does not have as a live account`);
    }
  }
  return out;
}

/** Every accepted, not withdrawn leaver: the person deactivated, locked, nothing enabled or held, within the SLA. */
function leaverProblems(m: Model, p: ModelPerson, rec: PersonBody, byId: Map<string, CaseBody>, real: RealSystem): string[] {
  const out: string[] = [];
  const who = p.employeeId;
  const leavers = p.leavers.map((id) => byId.get(id)).filter((c): c is CaseBody => !!c);
  const ran = leavers.filter((c) => c.status === 'completed' || c.status === 'failed');
  const last = p.leavers.length ? byId.get(p.leavers[p.leavers.length - 1]!) : undefined;
  if (last && !ran.length) {
    // The latest leaver supersedes the earlier ones; only a cancel may stop it.
    if (last.status !== 'cancelled') out.push(`leaver ${last.caseId} for ${who} ended ${last.status} (${last.outcome}) and no leaver ran`);
    return out;
  }
  if (!ran.length) return out;

  if (rec.state !== 'deactivated' || !rec.locked) out.push(`${who} had a leaver (${ran.map((c) => `${c.caseId} ${c.status}`).join(', ')}) but is ${rec.state}${rec.locked ? ', locked' : ', not locked'}`);
  const failedSystems = new Set(ran.filter((c) => c.status === 'failed').flatMap((c) => c.steps.filter((s) => s.status === 'failed').map((s) => s.system ?? '(record)')));
  for (const a of rec.accounts) {
    if (failedSystems.has(a.system)) continue;
    if (a.status === 'active') out.push(`${who} left, but their ${a.system} account is still active in the record`);
    const emu = real.emulatorAccount(a.system, a.externalId);
    if (emu?.enabled) out.push(`${who} left, but their ${a.system} account is still enabled in the emulator`);
    if (emu && (emu.groups.length || emu.licences.length)) out.push(`${who} left, but still holds ${JSON.stringify([...emu.groups, ...emu.licences])} in ${a.system}`);
  }
  for (const e of rec.entitlements) {
    if (e.status !== 'removed' && !failedSystems.has(e.system)) out.push(`${who} left, but the record still has ${e.id} ${e.status} (${e.source})`);
  }

  for (const c of ran) {
    if (c.status === 'failed' && !c.steps.some((s) => s.status === 'failed' && s.error)) out.push(`${c.caseId} failed without a failed step saying why: ${c.outcome}`);
    const mc = m.cases.get(c.caseId);
    const effective = c.effectiveAt ? Date.parse(c.effectiveAt) : NaN;
    if (Number.isNaN(effective)) {
      out.push(`${c.caseId} ran with no effective time`);
      continue;
    }
    // The effective time is the one HR sent (or an admin's reschedule), not when the leaver got the person.
    const rescheduled = m.rescheduled.get(c.caseId);
    const asked = rescheduled ?? (mc?.immediate ? mc.acceptedAt : mc?.effectiveAt);
    const slack = rescheduled === undefined && mc?.immediate ? 5 * 60_000 : 1000;
    if (asked !== undefined && (effective < asked - 1000 || effective > asked + slack)) {
      out.push(`${c.caseId}: effective at ${c.effectiveAt}, but it was asked for ${new Date(asked).toISOString()}${mc?.immediate ? ' (immediate: when HR sent it)' : ''}`);
    }
    const revocationSteps = c.steps.filter((s) => REVOKE_STEP.test(s.name));
    const doneAt = Math.max(...revocationSteps.map((s) => Date.parse(s.at)));
    const deadline = businessDayEnd(effective);
    if (doneAt > deadline && !c.slaBreached) {
      out.push(`${c.caseId}: revocation finished ${new Date(doneAt).toISOString()}, after the end of its business day ${new Date(deadline).toISOString()} (effective ${c.effectiveAt}), and slaBreached is false`);
    }
  }
  return out;
}

/** Every workflow of these people replays against the current workflow code. */
async function replayProblems(m: Model, real: RealSystem, cases: CaseBody[]): Promise<string[]> {
  const out: string[] = [];
  const ids = [...m.people.map((p) => `person-${p.employeeId}`), ...cases.map((c) => c.workflowId)];
  const histories: Array<{ workflowId: string; history: temporal.api.history.v1.IHistory }> = [];
  for (const workflowId of ids) {
    try {
      histories.push({ workflowId, history: await real.env.client.workflow.getHandle(workflowId).fetchHistory() });
    } catch (err) {
      // A case closed before it ever started (cancelled in notice, superseded in the queue) has no workflow.
      if (err instanceof WorkflowNotFoundError || /not found/i.test(String((err as Error).message))) continue;
      out.push(`fetching the history of ${workflowId}: ${(err as Error).message}`);
    }
  }
  for await (const r of Worker.runReplayHistories({ workflowBundle: await workflowBundle(), dataConverter: TEST_DATA_CONVERTER }, histories)) {
    if (r.error) out.push(`history of ${r.workflowId} does not replay: ${r.error.message.split('\n')[0]}`);
  }
  return out;
}
