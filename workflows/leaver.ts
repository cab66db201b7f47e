// Leaver: started by the person workflow when it is due (the notice period is the person workflow's), it
// snapshots, disables every account, revokes sessions and tokens, removes every entitlement, releases licences
// and seats and locks the identity; it must finish the same business day as its effective time or the case
// raises slaBreached and keeps going. Afterwards: device returns with reminders and an escalation.
// A leaver started by the first person workflow still waits out its notice here (kept so it replays).
import { condition, isCancellation, patched } from '@temporalio/workflow';
import type { CaseInput, CaseStep, CaseView } from './definitions';
import { revocationParts, type RevokeSystemInput } from '../domain/revocation-parts';
import { type CaseKit, runCase, errorMessage } from './case-kit';
import { connector, type record } from './activity-options';
import { endOfBusinessDayAt, endOfLocalDay, plusDuration, durationMs } from './policy-rules';
import { closeInterrupted } from './case-endings';
import { lastDayOf } from './person-book';
import type { EmployeeAttributes } from '../domain/lifecycle';

export async function leaverWorkflow(input: CaseInput): Promise<CaseView> {
  return runCase(input, 'leaver', (kit) => leaverCase(kit, input));
}

async function leaverCase(kit: CaseKit, input: CaseInput): Promise<CaseView> {
  const { event, companyTimeZone: tz } = input;
  const employeeId = event.employee.employeeId;
  const actor = event.requestedBy;
  const ref = (step: string) => ({ caseId: event.caseId, step });

  // The person workflow starts a leaver when it is due (dueAt); only a leaver of the first person workflow
  // still waits out a notice period here.
  const effectiveAt = event.dueAt ?? (event.immediate || (!event.effectiveAt && !event.effectiveDate)
    ? kit.now
    : (event.effectiveAt ?? endOfLocalDay(event.effectiveDate as string, tz)));
  kit.view.effectiveAt = effectiveAt;
  // A due leaver records itself running in its first step (beginRevocation), not in a write of its own first.
  const beginsInOneStep = patched('leaver-begins-in-one-step');
  const due = Date.parse(effectiveAt) <= Date.now();
  if (!(beginsInOneStep && due)) await kit.persist();

  if (!due) {
    await kit.records.recordPerson({ employee: event.employee, lastDay: event.effectiveDate ?? lastDayOf(effectiveAt, tz), ...ref('person.last-day') });
    await kit.records.setPersonState({ employeeId, state: 'notice', actor, ...ref('state:notice') });
    // During notice the person still works: a move or a suspension may happen meanwhile.
    const releasedForNotice = patched('leaver-releases-person-during-notice');
    if (releasedForNotice) await kit.release();
    let firedAt = await kit.waitUntil('revoke all access', effectiveAt);
    if (firedAt !== 'interrupted' && releasedForNotice && !(await kit.reacquire())) firedAt = 'interrupted';
    if (firedAt === 'interrupted') {
      if (kit.interruption?.kind !== 'superseded') {
        await kit.records.setPersonState({ employeeId, state: 'active', actor: kit.interruption?.kind === 'cancelled' ? kit.interruption.by : actor, ...ref('state:notice-withdrawn') });
      }
      return closeInterrupted(kit, 'nothing was revoked');
    }
    if (firedAt !== effectiveAt && patched('leaver-records-rescheduled-last-day')) {
      // An admin moved the last day: the record says the day it really was.
      await kit.records.recordPerson({ employee: event.employee, lastDay: lastDayOf(firedAt, tz), ...ref('person.last-day-rescheduled') });
    }
  }

  kit.cancellable = false;
  if (beginsInOneStep) {
    kit.recordsLocally = true; // from here on every record step is safe to run again (see localRecord)
    kit.markRunning();
  }
  else await kit.setStatus('running', []);
  // The SLA clock runs from the effective time, not from when this case got going.
  const deadline = endOfBusinessDayAt(event.dueAt ?? kit.now, tz);
  let done = false;
  const failures: string[] = [];
  const revocation = (beginsInOneStep ? revokeFromOneStep(kit, event.employee, actor, failures) : revokeEverything(kit, event.employee, actor, failures))
    .then(() => (patched('leaver-sweeps-late-grants') ? sweep(kit, actor, failures) : undefined))
    .finally(() => {
      done = true;
    });
  const inTime = await condition(() => done, Math.max(0, Date.parse(deadline) - Date.now()));
  if (!inTime) {
    kit.view.slaBreached = true;
    await kit.persist();
    await kit.records.recordAudit({
      employeeId, ...ref('sla.breached'), type: 'leaver.sla_breached', outcome: 'partial', actor: 'gatehouse',
      details: { deadline, note: 'revocation not complete by the end of the business day; still retrying' },
    });
  }
  await revocation;
  await kit.release();
  await kit.persist();
  await deviceReturns(kit, await kit.records.loadPolicy().then((p) => p.document.durations), effectiveAt);
  return kit.close(failures.length ? 'failed' : 'completed', failures.length ? `revocation incomplete: ${failures.join('; ')}` : 'completed');
}

/**
 * After the revocation, the record is read again: anything still enabled or held (a grant that landed late)
 * is revoked in another pass, a few times at most. Each pass is its own set of steps.
 */
async function sweep(kit: CaseKit, actor: string, failures: string[]): Promise<void> {
  for (let pass = 1; pass <= 3 && failures.length === 0; pass += 1) {
    const person = await kit.records.getPersonSnapshot(kit.view.employeeId);
    const left = person.accounts.some((a) => a.status === 'active') || person.entitlements.length > 0;
    if (!left) return;
    await revokeLanes(kit, actor, failures, person, `:sweep${pass}`);
  }
}

async function revokeEverything(kit: CaseKit, employee: EmployeeAttributes, actor: string, failures: string[]): Promise<void> {
  const employeeId = kit.view.employeeId;
  const caseId = kit.view.caseId;
  const ref = (step: string) => ({ caseId, step });
  // Lock first, read after: a grant of a superseded case that lands late sees the lock and takes itself back.
  if (patched('leaver-fences-before-reading')) await kit.step('lock identity for revocation', undefined, () => kit.records.fencePerson({ employeeId, employee, actor, ...ref('fence') }));
  await kit.step('access snapshot', undefined, () => kit.records.takeAccessSnapshot({ employeeId, ...ref('snapshot') }));
  const person = await kit.records.getPersonSnapshot(employeeId);
  await revokeLanes(kit, actor, failures, person, '');
  await releaseAndLock(kit, actor, failures);
}

/** As revokeEverything, with the case recorded, the lock, the snapshot and the read in one step. */
async function revokeFromOneStep(kit: CaseKit, employee: EmployeeAttributes, actor: string, failures: string[]): Promise<void> {
  const { employeeId, caseId } = kit.view;
  const person = await kit.step('access snapshot and identity lock', undefined, () =>
    kit.records.beginRevocation({ view: kit.view, employeeId, employee, actor, caseId }));
  await revokeLanes(kit, actor, failures, person, '');
  await releaseAndLock(kit, actor, failures);
}

/** The revocation's last steps: seats and licences released, the identity locked as deactivated. */
async function releaseAndLock(kit: CaseKit, actor: string, failures: string[]): Promise<void> {
  const { employeeId, caseId } = kit.view;
  await attemptStep(kit, failures, 'release licences and seats', undefined, () => kit.records.releaseLicencesAndSeats({ employeeId, caseId, step: 'release-assets' }));
  await attemptStep(kit, failures, 'lock identity', undefined, () =>
    kit.records.setPersonState({ employeeId, state: 'deactivated', locked: true, actor, caseId, step: 'state:deactivated' }));
}

/** Each step is retried by Temporal until the system answers; a refused request is recorded and the rest goes on. */
async function attemptStep(kit: CaseKit, failures: string[], name: string, system: string | undefined, fn: () => Promise<unknown>): Promise<void> {
  try {
    await kit.step(name, system, fn);
  } catch (err) {
    if (isCancellation(err)) throw err;
    failures.push(`${name}${system ? ` in ${system}` : ''}: ${errorMessage(err)}`);
  }
}

type Snapshot = Awaited<ReturnType<typeof record.getPersonSnapshot>>;

async function revokeLanes(kit: CaseKit, actor: string, failures: string[], person: Snapshot, pass: string): Promise<void> {
  const employeeId = kit.view.employeeId;
  const caseId = kit.view.caseId;
  const ref = (step: string) => ({ caseId, step: `${step}${pass}` });
  const attempt = (name: string, system: string | undefined, fn: () => Promise<unknown>) => attemptStep(kit, failures, name, system, fn);
  // One lane per system, all at once: a system that keeps failing holds up only its own lane, never the others.
  const accounts = person.accounts.filter((a) => a.status !== 'deleted');
  const systems = [...new Set([...accounts.map((a) => a.system), ...person.entitlements.map((e) => e.system)])].sort();
  if (patched('leaver-one-activity-per-system')) {
    const lane = (system: string) => ({
      employeeId, system, actor, caseId, pass,
      disable: accounts.some((a) => a.system === system),
      entitlementIds: [...new Set(person.entitlements.filter((x) => x.system === system).map((x) => x.entitlementId))],
    });
    await Promise.all(systems.map((system) => revokeSystem(kit, failures, lane(system))));
    return;
  }
  await Promise.all(
    systems.map(async (system) => {
      if (accounts.some((a) => a.system === system)) {
        await attempt('disable account', system, () => connector.setSignIn({ employeeId, system, enabled: false, actor, ...ref(`disable:${system}`) }));
        await attempt('revoke sessions and tokens', system, () => connector.revokeSessions({ employeeId, system, actor, ...ref(`sessions:${system}`) }));
      }
      // One removal per entitlement, whatever sources hold it (birthright and manual): the leaver ends them all.
      const ids = [...new Set(person.entitlements.filter((x) => x.system === system).map((x) => x.entitlementId))];
      for (const entitlementId of ids) {
        await attempt(`remove ${entitlementId}`, system, () =>
          connector.revokeEntitlement({ employeeId, entitlementId, actor, reason: 'leaver', ...ref(`revoke:${entitlementId}`) }),
        );
      }
    }),
  );
}

/**
 * A system's lane as one activity (disable, revoke sessions, remove entitlements): one round trip instead of
 * one per part. The case still shows each part as its own step.
 */
async function revokeSystem(kit: CaseKit, failures: string[], lane: RevokeSystemInput): Promise<void> {
  const steps: CaseStep[] = revocationParts(lane).map((name) => ({ name, system: lane.system, status: 'running', at: kit.now }));
  kit.view.steps.push(...steps);
  const settle = (i: number, status: CaseStep['status'], error?: string) => {
    Object.assign(steps[i]!, { status, at: kit.now }, error ? { error } : {});
    if (error) failures.push(`${steps[i]!.name} in ${lane.system}: ${error}`);
  };
  try {
    const parts = await connector.revokeSystemAccess(lane);
    parts.forEach((p, i) => settle(i, p.status, p.error));
  } catch (err) {
    if (isCancellation(err)) throw err;
    steps.forEach((_, i) => settle(i, 'failed', errorMessage(err)));
  }
}

async function deviceReturns(kit: CaseKit, durations: { deviceReturnReminder: string; deviceReturnEscalation: string }, effectiveAt: string): Promise<void> {
  const employeeId = kit.view.employeeId;
  const caseId = kit.view.caseId;
  let open = await kit.records.listOpenDevices(employeeId);
  if (open.length === 0) return;
  const escalateAt = plusDuration(effectiveAt, durations.deviceReturnEscalation);
  const every = durationMs(durations.deviceReturnReminder);
  let reminders = 0;
  let escalated = false;
  while (open.length > 0) {
    const nextReminder = new Date(Date.now() + every).toISOString();
    const nextAt = !escalated && escalateAt < nextReminder ? escalateAt : nextReminder;
    await kit.setStatus('scheduled', [{ action: escalated || nextAt === nextReminder ? 'device return reminder' : 'device return escalation', at: nextAt }]);
    const changed = await kit.waitForDevices(Math.max(0, Date.parse(nextAt) - Date.now()));
    open = await kit.records.listOpenDevices(employeeId);
    if (open.length === 0 || changed) continue;
    if (!escalated && Date.now() >= Date.parse(escalateAt)) {
      escalated = true;
      await kit.records.recordAudit({
        employeeId, caseId, step: 'devices:escalated', type: 'device_return.escalated', outcome: 'succeeded', actor: 'gatehouse',
        details: { devices: open },
      });
      kit.view.steps.push({ name: 'device return escalated', status: 'succeeded', at: kit.now });
    } else {
      reminders += 1;
      await kit.records.recordAudit({
        employeeId, caseId, step: `devices:reminder:${reminders}`, type: 'device_return.reminder', outcome: 'succeeded', actor: 'gatehouse',
        details: { devices: open, reminder: reminders },
      });
      kit.view.steps.push({ name: `device return reminder ${reminders}`, status: 'succeeded', at: kit.now });
    }
  }
  kit.view.steps.push({ name: 'devices returned', status: 'succeeded', at: kit.now });
}
