// Plans for what happens to a person's entitlements in a joiner, mover or leaver case.
// Only assignments with source 'birthright' are the policy's to change; manual and requested grants are
// left exactly as they are by joiners and movers (PRODUCT.md §3), and only a leaver removes them.
import { type EntitlementSource, type EntitlementStatus } from './lifecycle';
import { sortedUnique } from './id-sets';

export interface CurrentAssignment {
  entitlementId: string;
  source: EntitlementSource;
  /** 'removed' rows may be passed in (a person's history); they count as not held. */
  status: EntitlementStatus;
  removeAt?: string;
}

export interface MoverPlan {
  /** Desired birthright not held as birthright (never held, or held only as removed): grant now. */
  add: string[];
  /** Active birthright no longer desired: mark pending_removal, remove after the grace period. */
  scheduleRemoval: string[];
  /** Birthright pending removal that is desired again (a reversal within grace): cancel the removal. */
  cancelRemoval: string[];
  /** Active birthright still desired: nothing to do. */
  keep: string[];
  /** Birthright already pending removal and still not desired: its timer stays as it is. */
  stillPendingRemoval: string[];
  /** Manual and requested entitlements: never touched by a mover, listed for the audit trail. */
  untouched: string[];
  /**
   * Ids in `add` or `scheduleRemoval` that the person also holds through a manual or requested grant.
   * The birthright record changes, but the access in the target system must stay: do not call the
   * connector to remove these (adding them is an idempotent no-op).
   */
  heldOtherwise: string[];
}

export interface LeaverPlan {
  /** Everything active or pending removal, of every source: all of it goes. */
  remove: string[];
  /** The subset that was pending removal (a mover's grace period): the leaver carries those out now. */
  carriedOverRemovals: string[];
}

export interface JoinerPlan {
  add: string[];
}

const isHeld = (a: CurrentAssignment): boolean => a.status === 'active' || a.status === 'pending_removal';

/** Ids of entitlements still held: active or pending removal (access lasts until the removal happens). */
export function heldEntitlementIds(current: readonly CurrentAssignment[]): string[] {
  return sortedUnique(current.filter(isHeld).map((a) => a.entitlementId));
}

/** The mover plan: what to do so that the person's birthright becomes `desired` (birthright ids). */
export function moverPlan(current: readonly CurrentAssignment[], desired: Iterable<string>): MoverPlan {
  const want = new Set(desired);
  const birthrightActive = new Set<string>();
  const birthrightPending = new Set<string>();
  const otherwiseHeld = new Set<string>();
  for (const a of current) {
    if (!isHeld(a)) continue;
    if (a.source !== 'birthright') {
      // Pending removal of a manual grant still means access until it goes; either way not ours to touch.
      otherwiseHeld.add(a.entitlementId);
    } else if (a.status === 'active') {
      birthrightActive.add(a.entitlementId);
    } else {
      birthrightPending.add(a.entitlementId);
    }
  }
  // An id both active and pending as birthright (inconsistent data) counts as active.
  for (const id of birthrightActive) birthrightPending.delete(id);

  const add = [...want].filter((id) => !birthrightActive.has(id) && !birthrightPending.has(id));
  const scheduleRemoval = [...birthrightActive].filter((id) => !want.has(id));
  return {
    add: sortedUnique(add),
    scheduleRemoval: sortedUnique(scheduleRemoval),
    cancelRemoval: sortedUnique([...birthrightPending].filter((id) => want.has(id))),
    keep: sortedUnique([...birthrightActive].filter((id) => want.has(id))),
    stillPendingRemoval: sortedUnique([...birthrightPending].filter((id) => !want.has(id))),
    untouched: sortedUnique(otherwiseHeld),
    heldOtherwise: sortedUnique([...add, ...scheduleRemoval].filter((id) => otherwiseHeld.has(id))),
  };
}

/** The joiner plan: every desired birthright entitlement not already held as birthright (a rehire may hold some). */
export function joinerPlan(desired: Iterable<string>, current: readonly CurrentAssignment[] = []): JoinerPlan {
  return { add: moverPlan(current, desired).add };
}

/** The leaver plan: everything active or pending removal goes, whatever its source. */
export function leaverPlan(current: readonly CurrentAssignment[]): LeaverPlan {
  return {
    remove: heldEntitlementIds(current),
    carriedOverRemovals: sortedUnique(current.filter((a) => a.status === 'pending_removal').map((a) => a.entitlementId)),
  };
}

/**
 * The assignments after carrying out a mover plan now (removals only scheduled, at `removeAt`).
 * 'removed' rows are dropped. Lets workflows and tests update their view without a round trip.
 */
export function applyMoverPlan(current: readonly CurrentAssignment[], plan: MoverPlan, removeAt: string): CurrentAssignment[] {
  const schedule = new Set(plan.scheduleRemoval);
  const cancel = new Set(plan.cancelRemoval);
  const next: CurrentAssignment[] = [];
  for (const a of current) {
    if (!isHeld(a)) continue;
    if (a.source === 'birthright' && a.status === 'active' && schedule.has(a.entitlementId)) {
      next.push({ ...a, status: 'pending_removal', removeAt });
    } else if (a.source === 'birthright' && a.status === 'pending_removal' && cancel.has(a.entitlementId)) {
      next.push({ entitlementId: a.entitlementId, source: a.source, status: 'active' });
    } else {
      next.push({ ...a });
    }
  }
  for (const id of plan.add) next.push({ entitlementId: id, source: 'birthright', status: 'active' });
  return next;
}

/** The assignments once every pending removal has been carried out. */
export function completeRemovals(current: readonly CurrentAssignment[]): CurrentAssignment[] {
  return current.filter((a) => a.status === 'active').map((a) => ({ ...a }));
}
