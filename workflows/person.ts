// The person workflow (v2): one per person, it owns that person's time. It runs the person's cases one at a
// time as children, holds a leaver's notice timer itself, and when a leaver is due (at once, or when the last
// day ends) it supersedes whatever is open, queued or still in a tail, and starts the revocation. Children
// only report back (released, closed); nothing here waits on a child that could wait on it in turn, and every
// wait on a child is bounded, so no case of this person can hold a leaver up for ever.
import {
  ParentClosePolicy,
  WorkflowIdReusePolicy,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  setHandler,
  startChild,
  workflowInfo,
  ApplicationFailure,
} from '@temporalio/workflow';
import type { CaseType } from '../domain/lifecycle';
import {
  cancelPersonCaseUpdate,
  caseClosedSignal,
  caseReleasedSignal,
  personEventSignal,
  personStateQuery,
  reschedulePersonCaseUpdate,
  searchAttributes,
  supersedeSignal,
  withdrawSignal,
  type CaseView,
  type PersonEvent,
  type PersonWorkflowState,
} from './definitions';
import { leaverEffectiveAt, noticeRecord, type PersonBook } from './person-book';
import { joinerWorkflow } from './joiner';
import { moverWorkflow } from './mover';
import { leaverWorkflow } from './leaver';
import { reactivateWorkflow, suspendWorkflow } from './sign-in';
import { accessWorkflow } from './access';

const CASE_WORKFLOWS = {
  joiner: joinerWorkflow,
  mover: moverWorkflow,
  leaver: leaverWorkflow,
  suspend: suspendWorkflow,
  reactivate: reactivateWorkflow,
  access: accessWorkflow,
} as const;

const SEEN_EVENTS_KEPT = 1000;
/**
 * How long a leaver waits for the cases it superseded to stop. They stop at their next step (an activity
 * attempt in flight is bounded by its start-to-close timeout); past this the leaver goes ahead regardless.
 */
const SUPERSEDE_WAIT = '10 minutes';

export interface PersonWorkflowInput extends PersonWorkflowState {
  companyTimeZone: string;
}

interface Tracked {
  caseId: string;
  type: CaseType;
}

export async function personWorkflowV2(input: PersonWorkflowInput): Promise<void> {
  const state: PersonWorkflowInput = { ...input, queue: [...input.queue], tails: [...input.tails], seenEventIds: [...input.seenEventIds] };
  const tz = state.companyTimeZone;
  const book: PersonBook = noticeRecord(state.employeeId, tz);
  const cancels: PersonEvent[] = [];
  const closed = new Set<string>();
  let noticeMoved = 0; // bumped when an admin moves or withdraws the notice: the timer is re-read

  setHandler(personStateQuery, () => state);
  setHandler(personEventSignal, (ev) => {
    if (state.seenEventIds.includes(ev.eventId)) return; // the same HR event twice: one effect
    state.seenEventIds.push(ev.eventId);
    if (state.seenEventIds.length > SEEN_EVENTS_KEPT) state.seenEventIds.shift();
    if (ev.type === 'cancel') cancels.push(ev);
    else state.queue.push(ev);
  });
  setHandler(caseReleasedSignal, ({ caseId, tail }) => {
    if (state.current?.caseId !== caseId) return;
    if (tail && !closed.has(caseId)) state.tails.push(state.current);
    state.current = undefined;
  });
  setHandler(caseClosedSignal, ({ caseId }) => markClosed(caseId));

  setHandler(
    cancelPersonCaseUpdate,
    async ({ caseId, by, reason }) => {
      if (state.notice?.event.caseId === caseId) return withdrawNotice({ by, reason, kind: 'cancelled' });
      const i = state.queue.findIndex((q) => q.caseId === caseId);
      const [ev] = state.queue.splice(i, 1) as [PersonEvent];
      return book.closeQueued(ev, 'cancelled', 'cancelled before it started', { by, reason, kind: 'cancelled' });
    },
    {
      validator: ({ caseId }) => {
        if (state.notice?.event.caseId === caseId || state.queue.some((q) => q.caseId === caseId)) return;
        throw ApplicationFailure.create({ type: 'NotApplicable', message: 'the case can no longer be cancelled' });
      },
    },
  );
  setHandler(
    reschedulePersonCaseUpdate,
    async ({ caseId, by, effectiveAt }) => {
      const notice = state.notice;
      if (!notice || notice.event.caseId !== caseId) throw ApplicationFailure.create({ type: 'NotApplicable', message: 'the notice period has ended' });
      const from = notice.effectiveAt;
      notice.effectiveAt = new Date(effectiveAt).toISOString();
      noticeMoved += 1;
      return book.noticeRescheduled(notice, from, by);
    },
    {
      validator: ({ caseId, effectiveAt }) => {
        if (Number.isNaN(Date.parse(effectiveAt))) throw ApplicationFailure.create({ type: 'BadRequest', message: 'effectiveAt is not a time' });
        if (state.notice?.event.caseId === caseId) return;
        const queued = state.queue.some((q) => q.caseId === caseId);
        throw ApplicationFailure.create({
          type: 'NotApplicable',
          message: queued ? "the case is queued behind this person's open case: nothing in it is scheduled yet" : 'nothing in this case can still be moved',
        });
      },
    },
  );

  function markClosed(caseId: string): void {
    closed.add(caseId);
    if (state.current?.caseId === caseId) state.current = undefined;
    state.tails = state.tails.filter((t) => t.caseId !== caseId);
  }

  const noticeDue = () => !!state.notice && Date.parse(state.notice.effectiveAt) <= Date.now();
  const leaverQueued = () => state.queue.some((q) => q.type === 'leaver');
  const idle = () => !state.current && state.queue.length === 0 && cancels.length === 0;

  for (;;) {
    const seenMoves = noticeMoved;
    const untilNotice = state.notice ? Math.max(1, Date.parse(state.notice.effectiveAt) - Date.now()) : undefined;
    const wake = () =>
      cancels.length > 0 || leaverQueued() || noticeDue() || noticeMoved !== seenMoves ||
      (!state.current && state.queue.length > 0) || (idle() && workflowInfo().continueAsNewSuggested);
    if (untilNotice === undefined) await condition(wake);
    else await condition(wake, untilNotice);

    if (cancels.length > 0) {
      await routeCancel(cancels.shift() as PersonEvent);
      continue;
    }
    const leaver = state.queue.find((q) => q.type === 'leaver');
    if (leaver) {
      state.queue = state.queue.filter((q) => q !== leaver);
      await takeLeaver(leaver);
      continue;
    }
    if (noticeDue() && state.notice) {
      const { event, effectiveAt } = state.notice;
      state.notice = undefined;
      await revoke(event, effectiveAt);
      continue;
    }
    if (!state.current && state.queue.length > 0) {
      const ev = state.queue.shift() as PersonEvent;
      if (ev.type === 'mover') await supersede(state.tails.filter((t) => t.type === 'mover'), ev.caseId); // the new move inherits their removals
      await startCase(ev);
      continue;
    }
    if (idle() && workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof personWorkflowV2>({ ...state, queue: [], current: undefined });
    }
  }

  /** A leaver with a time still to come becomes the notice (replacing an earlier one); otherwise it is due now. */
  async function takeLeaver(ev: PersonEvent): Promise<void> {
    const effectiveAt = leaverEffectiveAt(ev, tz, new Date(Date.now()).toISOString());
    const earlier = state.notice;
    if (earlier) {
      state.notice = undefined;
      await book.closeQueued(earlier.event, 'superseded', 'superseded by a later leaver', { kind: 'superseded', byCaseId: ev.caseId });
    }
    if (Date.parse(effectiveAt) > Date.now()) {
      state.notice = { event: ev, effectiveAt };
      await book.noticeStarted(state.notice);
      return;
    }
    await revoke(ev, effectiveAt);
  }

  async function withdrawNotice(by: { by: string; reason?: string; kind: 'cancelled' | 'withdrawn' }): Promise<CaseView> {
    const notice = state.notice;
    if (!notice) throw ApplicationFailure.create({ type: 'NotApplicable', message: 'the notice period has ended' });
    state.notice = undefined;
    noticeMoved += 1;
    return book.noticeWithdrawn(notice, by);
  }

  /**
   * The leaver's effective time has come: everything open, queued (but a rehire) or in a tail is superseded,
   * then the leaver runs. Its SLA clock runs from `dueAt`, however long the superseded cases take to stop.
   */
  async function revoke(ev: PersonEvent, dueAt: string): Promise<void> {
    const queued = state.queue.filter((q) => q.type !== 'joiner');
    state.queue = state.queue.filter((q) => q.type === 'joiner');
    for (const q of queued) await book.closeQueued(q, 'superseded', 'superseded by a leaver', { kind: 'superseded', byCaseId: ev.caseId });
    await supersede([...(state.current ? [state.current] : []), ...state.tails], ev.caseId);
    await startCase({ ...ev, dueAt });
  }

  /** Asks these cases to stop and waits (bounded) until they have: what they were doing is the caller's now. */
  async function supersede(targets: Tracked[], byCaseId: string): Promise<void> {
    const open = targets.filter((t) => !closed.has(t.caseId));
    for (const t of open) await signalCase(t.caseId, (h) => h.signal(supersedeSignal, { byCaseId }));
    const stopped = await condition(() => open.every((t) => closed.has(t.caseId)), SUPERSEDE_WAIT);
    if (!stopped) log.warn('superseded cases did not stop in time; going ahead', { byCaseId, cases: open.map((t) => t.caseId) });
    const ids = new Set(open.map((t) => t.caseId));
    if (state.current && ids.has(state.current.caseId)) state.current = undefined;
    state.tails = state.tails.filter((t) => !ids.has(t.caseId));
  }

  async function routeCancel(ev: PersonEvent): Promise<void> {
    const target = ev.caseId; // the case of the event it cancels (the API looks it up)
    const by = { by: ev.requestedBy, reason: ev.reason, kind: 'withdrawn' as const };
    const queued = state.queue.findIndex((q) => q.caseId === target || q.eventId === ev.cancelsEventId);
    if (queued >= 0) {
      const [q] = state.queue.splice(queued, 1) as [PersonEvent];
      await book.closeQueued(q, 'cancelled', 'withdrawn before it started', by);
      return;
    }
    if (state.notice && (state.notice.event.caseId === target || state.notice.event.eventId === ev.cancelsEventId)) {
      await withdrawNotice(by);
      return;
    }
    await signalCase(target, (h) => h.signal(withdrawSignal, { eventId: ev.eventId, requestedBy: ev.requestedBy, reason: ev.reason }));
  }

  async function startCase(ev: PersonEvent): Promise<void> {
    const type = ev.type as CaseType;
    try {
      const handle = await startChild(CASE_WORKFLOWS[type], {
        workflowId: ev.caseId,
        args: [{ event: ev, companyTimeZone: tz, parentWorkflowId: workflowInfo().workflowId }],
        parentClosePolicy: ParentClosePolicy.ABANDON, // tails outlive a continue-as-new of this workflow
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        typedSearchAttributes: [
          { key: searchAttributes.employeeId, value: state.employeeId },
          { key: searchAttributes.caseType, value: type },
          { key: searchAttributes.caseStatus, value: 'scheduled' },
        ],
        staticSummary: `${type} for ${state.employeeId} (event ${ev.eventId})`,
      });
      state.current = { caseId: ev.caseId, type };
      // Closing is also reported by signal; this catches a case that ended without saying so (failed, terminated).
      handle.result().then(
        () => markClosed(ev.caseId),
        () => markClosed(ev.caseId),
      );
    } catch (err) {
      // The case already exists (the event was seen by an earlier run): nothing to do twice.
      if (err instanceof Error && err.name === 'WorkflowExecutionAlreadyStartedError') return;
      throw err;
    }
  }

  async function signalCase(caseId: string, send: (h: ReturnType<typeof getExternalWorkflowHandle>) => Promise<void>): Promise<void> {
    try {
      await send(getExternalWorkflowHandle(caseId));
    } catch {
      markClosed(caseId); // the case has already closed (or never started)
    }
  }
}
