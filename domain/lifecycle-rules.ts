// Which lifecycle events a person can take, checked at the edge (HR events, bulk items) before anything
// starts: a refusal says what to send instead, so HR's system (or the admin) can act on it. A 4xx is final
// for a webhook sender, so the rules only refuse what could never succeed.
import type { CaseType } from './lifecycle';

export type LifecycleEventType = Exclude<CaseType, 'access'>;

export interface LifecyclePerson {
  state: string;
  locked: boolean;
  /**
   * The newest suspend or reactivate case that has not run yet, if any: a suspend from next Monday followed by
   * its reactivate is fine although the person is not suspended today.
   */
  pendingSuspension?: 'suspend' | 'reactivate';
}

export interface LifecycleRefusal {
  /** 422: the person is unknown; 409: the person's state does not allow it. */
  status: 409 | 422;
  detail: string;
}

const REHIRE = 'to rehire, send a joiner with override: true from an admin token';

/** Why `type` cannot be sent for this person (null when it can). `override` is an admin's rehire override. */
export function lifecycleRefusal(
  type: LifecycleEventType, employeeId: string, person: LifecyclePerson | null, override = false,
): LifecycleRefusal | null {
  const conflict = (detail: string): LifecycleRefusal => ({ status: 409, detail: `employee ${employeeId} ${detail}` });
  if (!person) {
    if (type === 'joiner') return null;
    return { status: 422, detail: `unknown employee ${employeeId}: a ${type} needs a person Gatehouse knows (send a joiner first)` };
  }
  const { state } = person;
  if (state === 'archived' || state === 'erased') return conflict(`is ${state}: no ${type} can be sent for them`);

  if (person.locked || state === 'deactivated') {
    const left = `has left (${state}${person.locked ? ', identity locked' : ''})`;
    if (type === 'joiner') return override ? null : conflict(`${left}: ${REHIRE}`);
    if (type === 'leaver') return conflict(`has already left (${state}): nothing is left to revoke`);
    // Even with the override: reactivating would restore sign-in without re-checking birthright; a rehire does.
    return conflict(`${left}: a ${type} cannot apply; ${REHIRE}`);
  }

  switch (type) {
    case 'joiner':
      return conflict(`already exists (state ${state}): to change their attributes, send a mover${state === 'pending' ? "; to move the start date, reschedule the joiner's case" : ''}`);
    case 'suspend':
      if (suspendedAfterPending(person)) return conflict(`is already suspended${person.pendingSuspension ? ' (a suspend is scheduled)' : ''}`);
      if (state === 'pending') return conflict("has not started yet (pending): to hold the start back, reschedule or cancel the joiner's case");
      return null;
    case 'reactivate':
      if (!suspendedAfterPending(person)) return conflict(`is not suspended (state ${state}${person.pendingSuspension ? ', a reactivate is scheduled' : ''}): nothing to reactivate`);
      return null;
    default:
      return null;
  }
}

function suspendedAfterPending(p: LifecyclePerson): boolean {
  return p.pendingSuspension ? p.pendingSuspension === 'suspend' : p.state === 'suspended';
}
