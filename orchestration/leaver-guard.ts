// The mass-leaver safeguard at intake (domain/leaver-guard.ts), before any case starts: a leaver beyond its
// source's allowance is held in the record store with a clear alert (the caller's log line and metric, an
// audit event), listed for admins, and started only when an admin releases it (through startCase, as it
// would have started) or dropped when an admin discards it. Nothing held is lost: it stays listed until then.
import type { LeaverIntake, RecordStore } from '../db';
import type { LeaverGuardSettings } from '../domain/leaver-guard';
import { lifecycleRefusal } from '../domain/lifecycle-rules';
import type { PersonEvent } from '../workflows/definitions';
import { lifecyclePerson } from './lifecycle-person';
import type { PersonCaseTarget } from './person-cases';
import { startCase } from './start-case';

export interface LeaverAdmission {
  held: boolean;
  intake: LeaverIntake;
  /** The first time this leaver was decided on (a retried delivery finds the first decision). */
  fresh: boolean;
}

/** Counts a leaver from `source` and says whether it may start; a hold is audited once. */
export async function admitLeaver(
  store: RecordStore, settings: LeaverGuardSettings, source: string, event: PersonEvent, at: number,
): Promise<LeaverAdmission> {
  const { intake, fresh } = await store.admitLeaver(settings, {
    eventId: event.eventId, source, employeeId: event.employee.employeeId, caseId: event.caseId,
    event: event as unknown as Record<string, unknown>, at: new Date(at),
  });
  const held = intake.disposition !== 'started';
  if (held) {
    await store.appendAudit({
      idempotencyKey: `leaver-guard/${intake.eventId}/held`, at: intake.receivedAt, employeeId: intake.employeeId, type: 'hr.leaver_held',
      outcome: 'pending', actor: source,
      details: { eventId: intake.eventId, source, position: intake.position, allowed: intake.allowed, activePeople: intake.activePeople, windowSeconds: settings.windowSeconds },
    });
  }
  return { held, intake, fresh };
}

export type HeldLeaverRefusal = { kind: 'not_found' | 'forbidden' | 'conflict'; message: string };
export class HeldLeaverRefused extends Error {
  constructor(readonly kind: HeldLeaverRefusal['kind'], message: string) {
    super(message);
  }
}

export interface Decider {
  name: string;
  employeeId?: string;
  comment?: string;
}

async function openHeld(store: RecordStore, eventId: string, by: Decider, verb: string): Promise<LeaverIntake> {
  const intake = await store.getLeaverIntake(eventId);
  if (!intake || intake.disposition === 'started') throw new HeldLeaverRefused('not_found', `no held leaver ${eventId}`);
  // Four eyes: nobody decides on their own leaving.
  if (by.employeeId && by.employeeId === intake.employeeId) {
    throw new HeldLeaverRefused('forbidden', `${by.name} is the subject of this leaver (${intake.employeeId}) and may not ${verb} it: another admin must`);
  }
  return intake;
}

/**
 * Starts the held leaver's case as it would have started. Claimed first (held → releasing), so a discard
 * cannot race it; a release that stopped half-way stays listed as releasing and may be released again
 * (the person workflow drops an event id it has seen).
 */
export async function releaseHeldLeaver(target: PersonCaseTarget, store: RecordStore, eventId: string, by: Decider, at: number): Promise<{ caseId: string; workflowId: string }> {
  const intake = await openHeld(store, eventId, by, 'release');
  if (intake.disposition !== 'held' && intake.disposition !== 'releasing') {
    throw new HeldLeaverRefused('conflict', `held leaver ${eventId} was already ${intake.disposition} by ${intake.decidedBy ?? 'an admin'}`);
  }
  const event = intake.event as unknown as PersonEvent;
  const person = await lifecyclePerson(store, intake.employeeId);
  const refusal = lifecycleRefusal('leaver', intake.employeeId, person, event.override);
  if (refusal) throw new HeldLeaverRefused('conflict', `${refusal.detail}; discard this held leaver instead`);
  const claimed = await store.decideHeldLeaver(eventId, ['held', 'releasing'], 'releasing', { decidedBy: by.name, comment: by.comment, at: new Date(at) });
  if (!claimed) throw new HeldLeaverRefused('conflict', `held leaver ${eventId} was decided meanwhile`);
  const { caseId: _caseId, type: _type, ...rest } = event;
  const started = await startCase(target, store, { ...rest, type: 'leaver' });
  await store.decideHeldLeaver(eventId, ['releasing'], 'released', { decidedBy: by.name, at: new Date(at) });
  await store.appendAudit({
    idempotencyKey: `leaver-guard/${eventId}/released`, employeeId: intake.employeeId, caseId: started.caseId, workflowId: started.workflowId,
    type: 'hr.leaver_released', outcome: 'succeeded', actor: by.name, approver: by.name, details: { eventId, source: intake.source },
  });
  return started;
}

/** Drops a held leaver: nothing starts; it stays on the record as discarded. */
export async function discardHeldLeaver(store: RecordStore, eventId: string, by: Decider, at: number): Promise<LeaverIntake> {
  await openHeld(store, eventId, by, 'discard');
  const discarded = await store.decideHeldLeaver(eventId, ['held'], 'discarded', { decidedBy: by.name, comment: by.comment, at: new Date(at) });
  if (!discarded) {
    const now = await store.getLeaverIntake(eventId);
    throw new HeldLeaverRefused('conflict', `held leaver ${eventId} is ${now?.disposition ?? 'gone'}: only a held one may be discarded`);
  }
  await store.appendAudit({
    idempotencyKey: `leaver-guard/${eventId}/discarded`, employeeId: discarded.employeeId, type: 'hr.leaver_discarded', outcome: 'cancelled',
    actor: by.name, approver: by.name, details: { eventId, source: discarded.source },
  });
  return discarded;
}
