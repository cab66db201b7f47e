// The commands of the model-based test: what HR and admins do over HTTP, connector faults and time passing.
// Each command sends its request, checks the answer is coherent with the record as it stood just before
// (never a 5xx; a 202 names a case that exists; a 4xx is the one the person's state calls for), and tells the
// model what was accepted. After each, the workflows are given a moment (real time) to settle.
import fc from 'fast-check';
import { WorkflowNotFoundError } from '@temporalio/client';
import { DEPARTMENTS, GRANTABLE, type Employee, type Model, type ModelPerson } from './invariants';
import { ADMINS, CLOSED, DAY, HOUR, nameOf, type FaultSystem, type PersonBody, type RealSystem, type Res } from './system';

export class CommandFailure extends Error {
  constructor(what: string, detail: string) {
    super(`${what}: ${detail}`);
    this.name = 'CommandFailure';
  }
}

type Cmd = fc.AsyncCommand<Model, RealSystem>;

const show = (res: Res) => `${res.status} ${JSON.stringify(res.body).slice(0, 400)}`;

function expectStatus(cmd: Cmd, res: Res, allowed: number[], why: string): void {
  if (!allowed.includes(res.status)) throw new CommandFailure(cmd.toString(), `expected ${allowed.join(' or ')} (${why}), got ${show(res)}`);
}

/** A person who has left: deactivated or locked. */
const hasLeft = (p: PersonBody | null) => !!p && (p.locked || p.state === 'deactivated');

function stateOf(p: PersonBody | null): string {
  return p ? `${p.state}${p.locked ? ', locked' : ''}` : 'unknown';
}

async function dateIn(real: RealSystem, days: number): Promise<string> {
  return new Date((await real.now()) + days * DAY).toISOString().slice(0, 10);
}

/** A 2xx that names a case: the case must be there at once (GET /v1/cases/{id}). */
async function mustExist(cmd: Cmd, real: RealSystem, res: Res): Promise<string> {
  const caseId = res.body.caseId as string | undefined;
  if (!caseId) throw new CommandFailure(cmd.toString(), `a ${res.status} without a caseId: ${show(res)}`);
  const c = await real.caseById(caseId);
  if (!c) throw new CommandFailure(cmd.toString(), `answered ${res.status} naming ${caseId}, but GET /v1/cases/${caseId} is 404`);
  if (c.caseId !== caseId) throw new CommandFailure(cmd.toString(), `GET /v1/cases/${caseId} answered another case: ${c.caseId}`);
  return caseId;
}

abstract class Base implements Cmd {
  check(_m: Readonly<Model>): boolean {
    return true;
  }

  async run(m: Model, real: RealSystem): Promise<void> {
    real.log(`${this.toString()} …`);
    const line = await this.exec(m, real);
    m.log.push(`${this.toString()} → ${line}`);
    real.log(`  → ${line}`);
    await real.quiesce(m.prefix);
  }

  /** Runs the command; returns a short note of what happened, for the log. */
  protected abstract exec(m: Model, real: RealSystem): Promise<string>;
  abstract toString(): string;
}

/** Sends an HR event for a person; on a 202 the model learns the case. */
async function sendHr(cmd: Cmd, m: Model, real: RealSystem, p: ModelPerson, body: Record<string, unknown>, allowed: number[], why: string): Promise<{ res: Res; caseId?: string }> {
  const res = await real.hr(body);
  expectStatus(cmd, res, allowed, why);
  if (res.status !== 202) return { res };
  const caseId = await mustExist(cmd, real, res);
  if (res.body.duplicate !== false) throw new CommandFailure(cmd.toString(), `202 with duplicate ${String(res.body.duplicate)}`);
  const acceptedAt = await real.now();
  m.events.push({ eventId: body.eventId as string, employeeId: p.employeeId, type: body.type as string, body, caseId });
  if (body.type !== 'cancel') m.addCase({ caseId, employeeId: p.employeeId, type: body.type as string, requestedBy: nameOf(0), acceptedAt });
  return { res, caseId };
}

// ---------------------------------------------------------------------------------------------------------
// HR events

export class JoinerCmd extends Base {
  constructor(readonly slot: number, readonly department: string, readonly employmentType: 'employee' | 'contractor', readonly startInDays: number | null) {
    super();
  }

  protected async exec(m: Model, real: RealSystem): Promise<string> {
    const p = m.person(this.slot);
    const attrs: Employee = { ...p.attrs, department: this.department, employmentType: this.employmentType };
    const when = this.startInDays === null ? { immediate: true } : { effectiveDate: await dateIn(real, this.startInDays) };
    const body = { eventId: m.nextEventId(), type: 'joiner', employee: attrs, ...when };
    const pre = await real.person(p.employeeId);
    // Unknown: hired (202). Known in any state: 409 (a mover instead, or a rehire with the admin override).
    const allowed = pre ? [409] : p.joined ? [202, 409] : [202];
    const { res, caseId } = await sendHr(this, m, real, p, body, allowed, `the person is ${stateOf(pre)}`);
    if (caseId) {
      p.joined = true;
      p.attrs = attrs;
    }
    return `${res.status}${caseId ? ` ${caseId}` : ''}`;
  }

  toString(): string {
    return `joiner(P${this.slot + 1}, ${this.department}, ${this.employmentType}, ${this.startInDays === null ? 'immediate' : `+${this.startInDays}d`})`;
  }
}

export class MoverCmd extends Base {
  constructor(readonly slot: number, readonly department: string, readonly jobTitle: string) {
    super();
  }

  protected async exec(m: Model, real: RealSystem): Promise<string> {
    const p = m.person(this.slot);
    const attrs: Employee = { ...p.attrs, department: this.department, jobTitle: this.jobTitle };
    const body = { eventId: m.nextEventId(), type: 'mover', employee: attrs };
    const pre = await real.person(p.employeeId);
    const allowed = !pre ? [422] : hasLeft(pre) ? [409] : [202];
    const { res, caseId } = await sendHr(this, m, real, p, body, allowed, `the person is ${stateOf(pre)}`);
    if (caseId) p.attrs = attrs;
    return `${res.status}${caseId ? ` ${caseId}` : ''}`;
  }

  toString(): string {
    return `mover(P${this.slot + 1} → ${this.department}, ${this.jobTitle})`;
  }
}

export type LeaverWhen = { kind: 'immediate' } | { kind: 'date'; days: number } | { kind: 'at'; hours: number };

export class LeaverCmd extends Base {
  constructor(readonly slot: number, readonly when: LeaverWhen) {
    super();
  }

  protected async exec(m: Model, real: RealSystem): Promise<string> {
    const p = m.person(this.slot);
    const now = await real.now();
    let when: Record<string, unknown>;
    let effectiveAt: number;
    if (this.when.kind === 'immediate') {
      when = { immediate: true };
      effectiveAt = now;
    } else if (this.when.kind === 'date') {
      const date = await dateIn(real, this.when.days);
      when = { effectiveDate: date };
      effectiveAt = Date.parse(`${date}T00:00:00Z`) + DAY; // the end of the last day (company time zone UTC)
    } else {
      effectiveAt = Math.ceil((now + this.when.hours * HOUR) / 1000) * 1000;
      when = { effectiveAt: new Date(effectiveAt).toISOString() };
    }
    const body = { eventId: m.nextEventId(), type: 'leaver', employee: p.attrs, ...when };
    const pre = await real.person(p.employeeId);
    const allowed = !pre ? [422] : hasLeft(pre) ? [409] : [202];
    const { res, caseId } = await sendHr(this, m, real, p, body, allowed, `the person is ${stateOf(pre)}`);
    if (caseId) {
      const c = m.cases.get(caseId)!;
      c.immediate = this.when.kind === 'immediate';
      c.effectiveAt = c.immediate ? c.acceptedAt : effectiveAt;
      p.leavers.push(caseId);
    }
    return `${res.status}${caseId ? ` ${caseId}` : ''}`;
  }

  toString(): string {
    const w = this.when;
    return `leaver(P${this.slot + 1}, ${w.kind === 'immediate' ? 'immediate' : w.kind === 'date' ? `last day +${w.days}d` : `at +${w.hours}h`})`;
  }
}

export class SignInCmd extends Base {
  constructor(readonly slot: number, readonly type: 'suspend' | 'reactivate', readonly inHours: number | null) {
    super();
  }

  protected async exec(m: Model, real: RealSystem): Promise<string> {
    const p = m.person(this.slot);
    const when = this.inHours === null ? { immediate: true } : { effectiveAt: new Date(Math.ceil(((await real.now()) + this.inHours * HOUR) / 1000) * 1000).toISOString() };
    const body = { eventId: m.nextEventId(), type: this.type, employee: p.attrs, ...when };
    const pre = await real.person(p.employeeId);
    // Unknown: 422; left: 409. Otherwise it depends on the suspensions already on their way: 202 or 409.
    const allowed = !pre ? [422] : hasLeft(pre) ? [409] : this.type === 'suspend' && pre.state === 'pending' ? [409] : [202, 409];
    const { res, caseId } = await sendHr(this, m, real, p, body, allowed, `the person is ${stateOf(pre)}`);
    return `${res.status}${caseId ? ` ${caseId}` : ''}`;
  }

  toString(): string {
    return `${this.type}(P${this.slot + 1}${this.inHours === null ? '' : `, at +${this.inHours}h`})`;
  }
}

/** HR withdraws an earlier event (offer or resignation withdrawn; a move called off). */
export class CancelEventCmd extends Base {
  constructor(readonly k: number) {
    super();
  }

  override check(m: Readonly<Model>): boolean {
    return m.events.some((e) => e.type !== 'cancel');
  }

  protected async exec(m: Model, real: RealSystem): Promise<string> {
    const targets = m.events.filter((e) => e.type !== 'cancel');
    const target = targets[this.k % targets.length]!;
    const p = m.people.find((x) => x.employeeId === target.employeeId)!;
    const body = { eventId: m.nextEventId(), type: 'cancel', employee: p.attrs, cancelsEventId: target.eventId, reason: 'withdrawn by HR' };
    const res = await real.hr(body);
    expectStatus(this, res, [202, 409], 'a cancel of an accepted event is taken, or refused once its case has ended');
    if (res.status === 409) {
      const c = await real.caseById(target.caseId);
      if (!c || !CLOSED.has(c.status)) throw new CommandFailure(this.toString(), `409 for a cancel of ${target.eventId}, but its case is ${c?.status ?? 'missing'}: ${show(res)}`);
      return `409 (${c.status})`;
    }
    if (res.body.caseId !== target.caseId) throw new CommandFailure(this.toString(), `202 names ${String(res.body.caseId)}, not the cancelled event's case ${target.caseId}`);
    await mustExist(this, real, res);
    m.events.push({ eventId: body.eventId, employeeId: p.employeeId, type: 'cancel', body, caseId: target.caseId });
    m.cancelAsked.add(target.caseId);
    return `202 → ${target.caseId}`;
  }

  toString(): string {
    return `hr-cancel(event #${this.k})`;
  }
}

/** The same HR event again (a webhook redelivered): 200 duplicate, same case; with another body: 409. */
export class DuplicateCmd extends Base {
  constructor(readonly k: number, readonly changed: boolean) {
    super();
  }

  override check(m: Readonly<Model>): boolean {
    return m.events.length > 0;
  }

  protected async exec(m: Model, real: RealSystem): Promise<string> {
    const e = m.events[this.k % m.events.length]!;
    // Keys reordered: the same event to the API (canonical JSON).
    const same = Object.fromEntries(Object.entries(e.body).reverse());
    const body = this.changed ? { ...same, reason: `changed ${this.k}` } : same;
    const res = await real.hr(body);
    if (this.changed) {
      expectStatus(this, res, [409], 'an event id reused for another body');
      return '409';
    }
    expectStatus(this, res, [200], 'a redelivered event');
    if (res.body.duplicate !== true || res.body.caseId !== e.caseId) throw new CommandFailure(this.toString(), `expected {duplicate: true, caseId: ${e.caseId}}, got ${show(res)}`);
    return `200 duplicate ${e.eventId}`;
  }

  toString(): string {
    return `duplicate(event #${this.k}${this.changed ? ', other body' : ''})`;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Admin actions

/** Chooses a case: mostly one in the wanted status (from the API's list), else any the model knows. */
async function chooseCase(m: Model, real: RealSystem, k: number, status: string): Promise<string | undefined> {
  if (k % 4 !== 0) {
    const listed = await real.cases(m.ids(), status);
    if (listed.length) return listed[k % listed.length]!.caseId;
  }
  return m.pickCase(k)?.caseId;
}

export class DecideCmd extends Base {
  constructor(readonly k: number, readonly admin: number, readonly approve: boolean) {
    super();
  }

  override check(m: Readonly<Model>): boolean {
    return m.cases.size > 0;
  }

  protected async exec(m: Model, real: RealSystem): Promise<string> {
    const caseId = await chooseCase(m, real, this.k, 'awaiting_approval');
    if (!caseId) return 'no case';
    const pre = await real.caseById(caseId);
    if (!pre) throw new CommandFailure(this.toString(), `${caseId} is not there`);
    const who = nameOf(ADMINS[this.admin]!);
    const pending = pre.status === 'awaiting_approval' && pre.pendingApprovals.length > 0;
    const decision = this.approve ? 'approved' : 'rejected';
    // The same admin sending the same decision again is a retry: Temporal dedupes the update and answers
    // with the first outcome, even once the case has closed.
    const retry = pre.decisions.some((d) => d.by === who && d.decision === decision);
    // Four eyes: the requester may not decide; no pending approval: 409.
    const allowed = retry ? [200] : !pending ? [409] : pre.requestedBy === who ? [403] : [200];
    const res = await real.call('post', `/v1/cases/${encodeURIComponent(caseId)}/${this.approve ? 'approve' : 'reject'}`, ADMINS[this.admin]!, { comment: 'model decision' });
    expectStatus(this, res, allowed, `${caseId} is ${pre.status} with ${pre.pendingApprovals.length} pending approvals, requested by ${pre.requestedBy}`);
    if (res.status === 200) {
      const decisions = (res.body.decisions ?? []) as Array<{ by: string; decision: string }>;
      if (!decisions.some((d) => d.by === who && d.decision === decision)) {
        throw new CommandFailure(this.toString(), `200 without the decision recorded: ${show(res)}`);
      }
      if (!this.approve) m.rejected.add(caseId);
    }
    return `${res.status} ${caseId}`;
  }

  toString(): string {
    return `${this.approve ? 'approve' : 'reject'}(case #${this.k}, by ${nameOf(ADMINS[this.admin]!)})`;
  }
}

export class RescheduleCmd extends Base {
  constructor(readonly k: number, readonly hours: number) {
    super();
  }

  override check(m: Readonly<Model>): boolean {
    return m.cases.size > 0;
  }

  protected async exec(m: Model, real: RealSystem): Promise<string> {
    const caseId = await chooseCase(m, real, this.k, 'scheduled');
    if (!caseId) return 'no case';
    const pre = await real.caseById(caseId);
    const at = new Date(Math.ceil(((await real.now()) + this.hours * HOUR) / 1000) * 1000).toISOString();
    const res = await real.call('post', `/v1/cases/${encodeURIComponent(caseId)}/reschedule`, ADMINS[0], { effectiveAt: at });
    expectStatus(this, res, pre && CLOSED.has(pre.status) ? [409] : [200, 409], `${caseId} is ${pre?.status}`);
    if (res.status === 200) {
      if (res.body.effectiveAt !== at) throw new CommandFailure(this.toString(), `200, but the case's effectiveAt is ${String(res.body.effectiveAt)}, not ${at}`);
      m.rescheduled.set(caseId, Date.parse(at));
    }
    return `${res.status} ${caseId}${res.status === 200 ? ` → ${at}` : ''}`;
  }

  toString(): string {
    return `reschedule(case #${this.k}, +${this.hours}h)`;
  }
}

export class AdminCancelCmd extends Base {
  constructor(readonly k: number) {
    super();
  }

  override check(m: Readonly<Model>): boolean {
    return m.cases.size > 0;
  }

  protected async exec(m: Model, real: RealSystem): Promise<string> {
    const caseId = await chooseCase(m, real, this.k, 'scheduled');
    if (!caseId) return 'no case';
    const pre = await real.caseById(caseId);
    const res = await real.call('post', `/v1/cases/${encodeURIComponent(caseId)}/cancel`, ADMINS[1], { reason: 'admin cancel' });
    // 202: accepted, the case is still undoing what it provisioned (a slow system); it must close by the settle.
    // The same admin repeating the same cancel is an idempotent retry: it answers what the first one did.
    const retry = pre?.status === 'cancelled' && m.adminCancelled.has(caseId);
    expectStatus(this, res, retry ? [200, 409] : pre && CLOSED.has(pre.status) ? [409] : [200, 202, 409], `${caseId} is ${pre?.status}`);
    if (res.status === 200 || res.status === 202) {
      m.cancelAsked.add(caseId);
      m.adminCancelled.add(caseId);
    }
    if (res.status === 200 && !CLOSED.has(res.body.status as string)) throw new CommandFailure(this.toString(), `200, but the case is still ${String(res.body.status)}`);
    return `${res.status} ${caseId}${res.status === 200 ? ` ${String(res.body.status)}` : ''}`;
  }

  toString(): string {
    return `admin-cancel(case #${this.k})`;
  }
}

/** An admin grants access by hand, for good or until expiresAt (temporary access). */
export class GrantCmd extends Base {
  constructor(readonly slot: number, readonly entitlementId: string, readonly days: number | null, readonly admin: number) {
    super();
  }

  protected async exec(m: Model, real: RealSystem): Promise<string> {
    const p = m.person(this.slot);
    const pre = await real.person(p.employeeId);
    const expiresAt = this.days === null ? undefined : new Date((await real.now()) + this.days * DAY).toISOString();
    const as = ADMINS[this.admin]!;
    const res = await real.call('post', `/v1/people/${p.employeeId}/entitlements`, as, { entitlementId: this.entitlementId, reason: 'model grant', ...(expiresAt ? { expiresAt } : {}) });
    const allowed = !pre ? [404] : ['pending', 'active', 'notice'].includes(pre.state) ? [202] : [409];
    expectStatus(this, res, allowed, `the person is ${stateOf(pre)}`);
    if (res.status !== 202) return String(res.status);
    const caseId = await mustExist(this, real, res);
    m.addCase({ caseId, employeeId: p.employeeId, type: 'access', requestedBy: nameOf(as), acceptedAt: await real.now() });
    return `202 ${caseId}`;
  }

  toString(): string {
    return `grant(P${this.slot + 1}, ${this.entitlementId}${this.days === null ? '' : `, for ${this.days}d`}, by ${nameOf(ADMINS[this.admin]!)})`;
  }
}

export class RevokeCmd extends Base {
  constructor(readonly slot: number, readonly entitlementId: string) {
    super();
  }

  protected async exec(m: Model, real: RealSystem): Promise<string> {
    const p = m.person(this.slot);
    const pre = await real.person(p.employeeId);
    const held = (pre?.entitlements ?? []).filter((e) => e.id === this.entitlementId && e.status !== 'removed');
    const allowed = !pre || held.length === 0 ? [404] : held.some((e) => e.source === 'manual') ? [202] : [409];
    const res = await real.call('delete', `/v1/people/${p.employeeId}/entitlements/${this.entitlementId}`, ADMINS[1], { reason: 'model revoke' });
    expectStatus(this, res, allowed, `held as ${JSON.stringify(held.map((e) => `${e.source}/${e.status}`))}`);
    if (res.status !== 202) return String(res.status);
    const caseId = await mustExist(this, real, res);
    m.addCase({ caseId, employeeId: p.employeeId, type: 'access', requestedBy: nameOf(ADMINS[1]), acceptedAt: await real.now() });
    return `202 ${caseId}`;
  }

  toString(): string {
    return `revoke(P${this.slot + 1}, ${this.entitlementId})`;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Hostile input: a 400 naming the field, and nothing started.

const HOSTILE = [
  { name: 'NUL in jobTitle', field: 'jobTitle', type: 'mover', patch: (e: Employee) => ({ ...e, jobTitle: `Eng\u0000ineer` }) },
  { name: 'ESC in givenName', field: 'givenName', type: 'mover', patch: (e: Employee) => ({ ...e, givenName: 'Ev\u001b[2Jil' }) },
  { name: 'lone surrogate in familyName', field: 'familyName', type: 'leaver', patch: (e: Employee) => ({ ...e, familyName: 'Sm\ud800ith' }) },
  { name: 'C1 control in department', field: 'department', type: 'mover', patch: (e: Employee) => ({ ...e, department: 'Fin\u0085ance' }) },
  { name: "':' in employeeId", field: 'employeeId', type: 'joiner', patch: (e: Employee) => ({ ...e, employeeId: `${e.employeeId}:x` }) },
  { name: "'/' in employeeId", field: 'employeeId', type: 'joiner', patch: (e: Employee) => ({ ...e, employeeId: `${e.employeeId}/x` }) },
  { name: 'over-long jobTitle', field: 'jobTitle', type: 'mover', patch: (e: Employee) => ({ ...e, jobTitle: 'x'.repeat(201) }) },
  { name: 'lone low surrogate in reason', field: 'reason', type: 'leaver', patch: (e: Employee) => e, extra: { reason: 'bye \udc00' } },
  { name: 'NUL in eventId', field: 'eventId', type: 'leaver', patch: (e: Employee) => e, eventSuffix: '\u0000' },
] as const;

export class HostileCmd extends Base {
  constructor(readonly slot: number, readonly variant: number) {
    super();
  }

  protected async exec(m: Model, real: RealSystem): Promise<string> {
    const p = m.person(this.slot);
    const v = HOSTILE[this.variant % HOSTILE.length]!;
    const baseId = m.nextEventId();
    const eventId = `${baseId}${'eventSuffix' in v ? v.eventSuffix : ''}`;
    const employee = v.patch(p.attrs);
    const body = {
      eventId, type: v.type, employee, ...(v.type === 'joiner' ? { immediate: true } : {}), ...(v.type === 'leaver' ? { immediate: true } : {}),
      ...('extra' in v ? v.extra : {}),
    };
    const before = (await real.cases([p.employeeId])).length;
    const res = await real.hr(body);
    expectStatus(this, res, [400], v.name);
    const fields = ((res.body.errors ?? []) as Array<{ field: string }>).map((e) => e.field);
    if (!fields.some((f) => f.split('.').includes(v.field))) throw new CommandFailure(this.toString(), `the 400 does not name ${v.field}: ${show(res)}`);
    // Nothing started: no ledger entry, no new case, no person workflow for a malformed id.
    // (PostgreSQL cannot even be asked about an id with a NUL: the id without its hostile suffix is asked instead.)
    for (const id of eventId.includes('\u0000') ? [baseId] : [baseId, eventId]) {
      if (await real.stack.store.getHrEvent(id)) throw new CommandFailure(this.toString(), `the refused event ${JSON.stringify(id)} is in the ledger`);
    }
    const after = (await real.cases([p.employeeId])).length;
    if (after !== before) throw new CommandFailure(this.toString(), `refused with 400, but ${p.employeeId} has ${after - before} new case(s)`);
    if (employee.employeeId !== p.employeeId) {
      try {
        await real.env.client.workflow.getHandle(`person-${employee.employeeId}`).describe();
        throw new CommandFailure(this.toString(), `a person workflow was started for ${JSON.stringify(employee.employeeId)}`);
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      }
    }
    return '400';
  }

  toString(): string {
    return `hostile(P${this.slot + 1}, ${HOSTILE[this.variant % HOSTILE.length]!.name})`;
  }
}

/** An admin's action with a hostile note: 400, and the case unchanged. */
export class HostileActionCmd extends Base {
  constructor(readonly k: number) {
    super();
  }

  override check(m: Readonly<Model>): boolean {
    return m.cases.size > 0;
  }

  protected async exec(m: Model, real: RealSystem): Promise<string> {
    const caseId = m.pickCase(this.k)!.caseId;
    const before = await real.caseById(caseId);
    const res = await real.call('post', `/v1/cases/${encodeURIComponent(caseId)}/cancel`, ADMINS[0], { reason: 'because\u0000' });
    expectStatus(this, res, [400], 'a NUL in the reason');
    const after = await real.caseById(caseId);
    if (before && after && CLOSED.has(after.status) && !CLOSED.has(before.status) && after.status === 'cancelled') {
      throw new CommandFailure(this.toString(), `refused with 400, but ${caseId} went from ${before.status} to cancelled`);
    }
    return '400';
  }

  toString(): string {
    return `hostile-cancel(case #${this.k}, NUL in reason)`;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Connector faults and time

export type FaultKind = 'throttle' | 'outage' | 'open-outage' | 'refuse';
const FAULT_PATHS: Record<FaultSystem, Record<'any' | 'users' | 'groups', string>> = {
  m365: { any: '.*', users: '/users', groups: '/groups|/assignLicense' },
  google: { any: '.*', users: '/users', groups: '/groups' },
  scim: { any: '.*', users: '/Users', groups: '/Groups' },
};

export class FaultCmd extends Base {
  constructor(
    readonly system: FaultSystem, readonly kind: FaultKind, readonly where: 'any' | 'users' | 'groups',
    readonly method: 'POST' | 'PATCH' | 'DELETE' | 'PUT' | undefined, readonly times: number,
  ) {
    super();
  }

  protected async exec(m: Model, real: RealSystem): Promise<string> {
    const path = FAULT_PATHS[this.system][this.where];
    const f = real.faultsOf(this.system);
    if (this.kind === 'throttle') f.add({ path, method: this.method, status: 429, retryAfter: 1 + (this.times % 20), times: this.times });
    else if (this.kind === 'outage') f.add({ path, method: this.method, status: 503, times: this.times });
    else if (this.kind === 'open-outage') {
      f.add({ path, method: this.method, status: 503 });
      m.openOutage = true;
    } else {
      // A refusal retrying cannot fix (400): the step fails visibly.
      f.add({ path, method: this.method ?? 'POST', status: 400, times: 1 + (this.times % 2) });
      m.permanentFaults += 1;
    }
    return 'added';
  }

  toString(): string {
    return `fault(${this.system}, ${this.kind}, ${this.method ?? 'any'} ${this.where}${this.kind === 'open-outage' ? '' : `, ×${this.kind === 'refuse' ? 1 + (this.times % 2) : this.times}`})`;
  }
}

export class ClearFaultsCmd extends Base {
  protected async exec(m: Model, real: RealSystem): Promise<string> {
    real.clearFaults();
    m.openOutage = false;
    return 'cleared';
  }

  toString(): string {
    return 'clear-faults';
  }
}

export class TimePassesCmd extends Base {
  constructor(readonly ms: number) {
    super();
  }

  protected async exec(m: Model, real: RealSystem): Promise<string> {
    // While an outage has no end, every retry is a real request: time passes in hours, not days.
    const ms = m.openOutage ? Math.min(this.ms, 2 * HOUR) : this.ms;
    await real.sleep(ms, m.prefix);
    return `slept ${Math.round(ms / 60_000)} min`;
  }

  toString(): string {
    const h = this.ms / HOUR;
    return `time-passes(${h >= 24 ? `${(h / 24).toFixed(1)}d` : h >= 1 ? `${h.toFixed(1)}h` : `${Math.round(h * 60)}min`})`;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Arbitraries

const TITLES = ['Engineer', 'Analyst', 'Manager', 'Controller'];

export function joinerArbitrary(slot: number): fc.Arbitrary<JoinerCmd> {
  return fc
    .record({
      dept: fc.constantFrom(...DEPARTMENTS),
      type: fc.constantFrom<'employee' | 'contractor'>('employee', 'employee', 'employee', 'contractor'),
      start: fc.option(fc.integer({ min: 0, max: 4 }), { freq: 2 }),
    })
    .map((r) => new JoinerCmd(slot, r.dept, r.type, r.start));
}

export function commandArbitraries(people: number): Array<fc.Arbitrary<Cmd>> {
  const slot = fc.nat({ max: people - 1 });
  const k = fc.nat({ max: 1000 });
  const admin = fc.nat({ max: 1 });
  const leaverWhen: fc.Arbitrary<LeaverWhen> = fc.oneof(
    fc.constant({ kind: 'immediate' as const }),
    fc.integer({ min: 0, max: 5 }).map((days) => ({ kind: 'date' as const, days })),
    fc.integer({ min: 1, max: 40 }).map((hours) => ({ kind: 'at' as const, hours })),
  );
  const weighted = <T>(w: number, a: fc.Arbitrary<T>) => Array.from({ length: w }, () => a);
  return [
    ...weighted(1, slot.chain((s) => joinerArbitrary(s))),
    ...weighted(3, fc.tuple(slot, fc.constantFrom(...DEPARTMENTS), fc.constantFrom(...TITLES)).map(([s, d, t]) => new MoverCmd(s, d, t))),
    ...weighted(3, fc.tuple(slot, leaverWhen).map(([s, w]) => new LeaverCmd(s, w))),
    ...weighted(1, fc.tuple(slot, fc.constantFrom<'suspend' | 'reactivate'>('suspend', 'reactivate'), fc.option(fc.integer({ min: 1, max: 30 }), { freq: 3 })).map(([s, t, h]) => new SignInCmd(s, t, h))),
    ...weighted(2, k.map((x) => new CancelEventCmd(x))),
    ...weighted(3, fc.tuple(k, admin, fc.boolean()).map(([x, a, ok]) => new DecideCmd(x, a, ok || x % 3 !== 0))),
    ...weighted(1, fc.tuple(k, fc.integer({ min: 1, max: 72 })).map(([x, h]) => new RescheduleCmd(x, h))),
    ...weighted(1, k.map((x) => new AdminCancelCmd(x))),
    ...weighted(2, fc.tuple(slot, fc.constantFrom(...GRANTABLE), fc.option(fc.integer({ min: 1, max: 10 }), { freq: 2 }), admin).map(([s, e, d, a]) => new GrantCmd(s, e, d, a))),
    ...weighted(1, fc.tuple(slot, fc.constantFrom(...GRANTABLE)).map(([s, e]) => new RevokeCmd(s, e))),
    ...weighted(1, fc.tuple(k, fc.boolean()).map(([x, c]) => new DuplicateCmd(x, c && x % 2 === 0))),
    ...weighted(1, fc.tuple(slot, fc.nat({ max: HOSTILE.length - 1 })).map(([s, v]) => new HostileCmd(s, v))),
    ...weighted(1, k.map((x) => new HostileActionCmd(x))),
    ...weighted(2, fc.tuple(
      fc.constantFrom<FaultSystem>('m365', 'google', 'scim'),
      fc.constantFrom<FaultKind>('throttle', 'outage', 'outage', 'open-outage', 'refuse'),
      fc.constantFrom<'any' | 'users' | 'groups'>('any', 'users', 'groups'),
      fc.constantFrom<'POST' | 'PATCH' | 'DELETE' | 'PUT' | undefined>(undefined, 'POST', 'PATCH', 'DELETE', 'PUT'),
      fc.integer({ min: 1, max: 12 }),
    ).map(([sys, kind, where, method, times]) => new FaultCmd(sys, kind, where, method, times))),
    ...weighted(1, fc.constant(new ClearFaultsCmd())),
    ...weighted(3, fc.oneof(
      fc.integer({ min: 1, max: 120 }).map((min) => min * 60_000),
      fc.integer({ min: 1, max: 30 }).map((h) => h * HOUR),
      fc.integer({ min: 1, max: 10 }).map((d) => d * DAY),
    ).map((ms) => new TimePassesCmd(ms))),
  ];
}
