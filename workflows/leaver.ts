// Leaver: `notice` until the end of the last day in the company time zone (or at once), then snapshot,
// disable every account, revoke sessions and tokens, remove every entitlement, release licences and seats,
// lock the identity; it must finish the same business day or the case raises slaBreached and keeps going.
// Afterwards: device returns with reminders and an escalation.
import { condition, patched } from '@temporalio/workflow';
import type { CaseInput, CaseView } from './definitions';
import { CaseKit, errorMessage } from './case-kit';
import { connector, record } from './activity-options';
import { endOfBusinessDayAt, endOfLocalDay, plusDuration, durationMs } from './policy-rules';
import { closeInterrupted } from './case-endings';
import { localDateOf } from '../domain/calendar';

/** The last working day that ends at `effectiveAt` (the end of a day is the start of the next, so step back 1 ms). */
function lastDayOf(effectiveAt: string, tz: string): string {
  return localDateOf(new Date(Date.parse(effectiveAt) - 1).toISOString(), tz);
}

export async function leaverWorkflow(input: CaseInput): Promise<CaseView> {
  const kit = new CaseKit(input, 'leaver');
  const { event, companyTimeZone: tz } = input;
  const employeeId = event.employee.employeeId;
  const actor = event.requestedBy;
  const ref = (step: string) => ({ caseId: event.caseId, step });

  const effectiveAt = event.immediate || (!event.effectiveAt && !event.effectiveDate)
    ? kit.now
    : (event.effectiveAt ?? endOfLocalDay(event.effectiveDate as string, tz));
  kit.view.effectiveAt = effectiveAt;
  await kit.persist();

  if (Date.parse(effectiveAt) > Date.now()) {
    await record.recordPerson({ employee: event.employee, lastDay: event.effectiveDate ?? lastDayOf(effectiveAt, tz), ...ref('person.last-day') });
    await record.setPersonState({ employeeId, state: 'notice', actor, ...ref('state:notice') });
    // During notice the person still works: a move or a suspension may happen meanwhile.
    const releasedForNotice = patched('leaver-releases-person-during-notice');
    if (releasedForNotice) await kit.release();
    let firedAt = await kit.waitUntil('revoke all access', effectiveAt);
    if (firedAt !== 'interrupted' && releasedForNotice && !(await kit.reacquire())) firedAt = 'interrupted';
    if (firedAt === 'interrupted') {
      if (kit.interruption?.kind !== 'superseded') {
        await record.setPersonState({ employeeId, state: 'active', actor: kit.interruption?.kind === 'cancelled' ? kit.interruption.by : actor, ...ref('state:notice-withdrawn') });
      }
      return closeInterrupted(kit, 'nothing was revoked');
    }
    if (firedAt !== effectiveAt && patched('leaver-records-rescheduled-last-day')) {
      // An admin moved the last day: the record says the day it really was.
      await record.recordPerson({ employee: event.employee, lastDay: lastDayOf(firedAt, tz), ...ref('person.last-day-rescheduled') });
    }
  }

  kit.cancellable = false;
  await kit.setStatus('running', []);
  const started = kit.now;
  const deadline = endOfBusinessDayAt(started, tz);
  let done = false;
  const failures: string[] = [];
  const revocation = revokeEverything(kit, actor, failures).finally(() => {
    done = true;
  });
  const inTime = await condition(() => done, Math.max(0, Date.parse(deadline) - Date.now()));
  if (!inTime) {
    kit.view.slaBreached = true;
    await kit.persist();
    await record.recordAudit({
      employeeId, ...ref('sla.breached'), type: 'leaver.sla_breached', outcome: 'partial', actor: 'gatehouse',
      details: { deadline, note: 'revocation not complete by the end of the business day; still retrying' },
    });
  }
  await revocation;
  await kit.release();
  await kit.persist();
  await deviceReturns(kit, await record.loadPolicy().then((p) => p.document.durations), effectiveAt);
  return kit.close(failures.length ? 'failed' : 'completed', failures.length ? `revocation incomplete: ${failures.join('; ')}` : 'completed');
}

async function revokeEverything(kit: CaseKit, actor: string, failures: string[]): Promise<void> {
  const employeeId = kit.view.employeeId;
  const caseId = kit.view.caseId;
  const ref = (step: string) => ({ caseId, step });
  await kit.step('access snapshot', undefined, () => record.takeAccessSnapshot({ employeeId, ...ref('snapshot') }));
  const person = await record.getPersonSnapshot(employeeId);
  // Each step is retried by Temporal until the system answers; a refused request is recorded and the rest goes on.
  const attempt = async (name: string, system: string | undefined, fn: () => Promise<unknown>) => {
    try {
      await kit.step(name, system, fn);
    } catch (err) {
      failures.push(`${name}${system ? ` in ${system}` : ''}: ${errorMessage(err)}`);
    }
  };
  // One lane per system, all at once: a system that keeps failing holds up only its own lane, never the others.
  const accounts = person.accounts.filter((a) => a.status !== 'deleted');
  const systems = [...new Set([...accounts.map((a) => a.system), ...person.entitlements.map((e) => e.system)])].sort();
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
  await attempt('release licences and seats', undefined, () => record.releaseLicencesAndSeats({ employeeId, ...ref('release-assets') }));
  await attempt('lock identity', undefined, () => record.setPersonState({ employeeId, state: 'deactivated', locked: true, actor, ...ref('state:deactivated') }));
}

async function deviceReturns(kit: CaseKit, durations: { deviceReturnReminder: string; deviceReturnEscalation: string }, effectiveAt: string): Promise<void> {
  const employeeId = kit.view.employeeId;
  const caseId = kit.view.caseId;
  let open = await record.listOpenDevices(employeeId);
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
    open = await record.listOpenDevices(employeeId);
    if (open.length === 0 || changed) continue;
    if (!escalated && Date.now() >= Date.parse(escalateAt)) {
      escalated = true;
      await record.recordAudit({
        employeeId, caseId, step: 'devices:escalated', type: 'device_return.escalated', outcome: 'succeeded', actor: 'gatehouse',
        details: { devices: open },
      });
      kit.view.steps.push({ name: 'device return escalated', status: 'succeeded', at: kit.now });
    } else {
      reminders += 1;
      await record.recordAudit({
        employeeId, caseId, step: `devices:reminder:${reminders}`, type: 'device_return.reminder', outcome: 'succeeded', actor: 'gatehouse',
        details: { devices: open, reminder: reminders },
      });
      kit.view.steps.push({ name: `device return reminder ${reminders}`, status: 'succeeded', at: kit.now });
    }
  }
  kit.view.steps.push({ name: 'devices returned', status: 'succeeded', at: kit.now });
}
