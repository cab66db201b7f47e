// The FIRST person workflow, kept so that persons still running it replay (workflows/person.ts is the
// current one). When idle, it continues as the current version (behind a patch).
// One long-lived workflow per person orders that person's cases: each case runs as a child, one at a time,
// so two events for one person never race. A case may release the person early and keep a scheduled tail
// (a mover's grace period, temporary access, device returns); a later leaver or mover supersedes such tails.
// Cancel events go straight to the case they name. Continues as new when history grows.
import {
  ParentClosePolicy,
  WorkflowIdReusePolicy,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  makeContinueAsNewFunc,
  patched,
  setHandler,
  startChild,
  workflowInfo,
  type ChildWorkflowHandle,
} from '@temporalio/workflow';
import type { CaseType } from '../domain/lifecycle';
import {
  caseAcquireSignal,
  caseClosedSignal,
  caseReleasedSignal,
  personEventSignal,
  personGrantedSignal,
  personStateQuery,
  searchAttributes,
  supersedeSignal,
  withdrawSignal,
  type CaseView,
  type PersonEvent,
  type PersonWorkflowState,
} from './definitions';
import { record } from './activity-options';
import { joinerWorkflow } from './joiner';
import { moverWorkflow } from './mover';
import { leaverWorkflow } from './leaver';
import { reactivateWorkflow, suspendWorkflow } from './sign-in';
import { accessWorkflow } from './access';
import type { personWorkflowV2 } from './person';

const CASE_WORKFLOWS = {
  joiner: joinerWorkflow,
  mover: moverWorkflow,
  leaver: leaverWorkflow,
  suspend: suspendWorkflow,
  reactivate: reactivateWorkflow,
  access: accessWorkflow,
} as const;

const SEEN_EVENTS_KEPT = 1000;

export interface PersonWorkflowInput extends PersonWorkflowState {
  companyTimeZone: string;
}

export async function personWorkflow(input: PersonWorkflowInput): Promise<void> {
  const state: PersonWorkflowInput = { ...input };
  const cancels: PersonEvent[] = [];
  const superseding = new Set<string>();
  const closed = new Set<string>();

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
  // A case that released the person early (a leaver in notice) takes them back when its time comes,
  // ahead of anything queued.
  state.acquiring ??= [];
  const acquiring = state.acquiring;
  setHandler(caseAcquireSignal, ({ caseId }) => {
    if (!acquiring.includes(caseId) && state.current?.caseId !== caseId) acquiring.push(caseId);
  });

  function markClosed(caseId: string): void {
    closed.add(caseId);
    if (state.current?.caseId === caseId) state.current = undefined;
    state.tails = state.tails.filter((t) => t.caseId !== caseId);
  }

  /** A leaver takes over the open case it would otherwise wait behind (a notice period, a pending approval). */
  const leaverWaiting = () =>
    !!state.current && state.current.type !== 'joiner' && !superseding.has(state.current.caseId) && state.queue.some((q) => q.type === 'leaver');

  for (;;) {
    await condition(
      () => cancels.length > 0 || leaverWaiting() || (!state.current && (state.queue.length > 0 || acquiring.length > 0)) ||
        (!state.current && state.queue.length === 0 && acquiring.length === 0 && workflowInfo().continueAsNewSuggested),
    );

    // Move to the current person workflow once nothing here depends on this version's protocol: no case holds
    // the person, none is taking them back, no cancel is pending and no leaver waits in notice as a tail.
    if (!state.current && acquiring.length === 0 && cancels.length === 0 && !state.tails.some((t) => t.type === 'leaver') &&
      patched('person-continues-as-v2')) {
      await condition(allHandlersFinished);
      const { acquiring: _acquiring, ...carried } = state;
      await makeContinueAsNewFunc<typeof personWorkflowV2>({ workflowType: 'personWorkflowV2' })(carried);
    }

    while (cancels.length > 0) await routeCancel(cancels.shift() as PersonEvent);

    if (!state.current && acquiring.length > 0) {
      const caseId = acquiring.shift() as string;
      const tail = state.tails.find((t) => t.caseId === caseId);
      if (tail && !closed.has(caseId)) {
        state.tails = state.tails.filter((t) => t.caseId !== caseId);
        state.current = tail;
        await signalCase(caseId, (h) => h.signal(personGrantedSignal));
      }
      continue;
    }

    if (leaverWaiting() && state.current) {
      superseding.add(state.current.caseId);
      await signalCase(state.current.caseId, (h) => h.signal(supersedeSignal, { byCaseId: nextLeaverId() }));
      continue;
    }

    if (!state.current && state.queue.length > 0) {
      const ev = state.queue.shift() as PersonEvent;
      await supersedeTails(ev);
      await startCase(ev);
      continue;
    }

    if (!state.current && state.queue.length === 0 && acquiring.length === 0 && workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof personWorkflow>({ ...state, queue: [], current: undefined, acquiring: [] });
    }
  }

  function nextLeaverId(): string {
    return state.queue.find((q) => q.type === 'leaver')?.caseId ?? 'leaver';
  }

  async function routeCancel(ev: PersonEvent): Promise<void> {
    const targetId = ev.cancelsEventId ? caseIdForEvent(ev.cancelsEventId) : undefined;
    const queued = state.queue.findIndex((q) => q.eventId === ev.cancelsEventId);
    if (queued >= 0) {
      const [target] = state.queue.splice(queued, 1) as [PersonEvent];
      await record.recordCase(queuedCaseView(target, 'cancelled', 'withdrawn before it started'));
      return;
    }
    if (targetId) {
      await signalCase(targetId, (h) => h.signal(withdrawSignal, { eventId: ev.eventId, requestedBy: ev.requestedBy, reason: ev.reason }));
    }
  }

  function caseIdForEvent(eventId: string): string | undefined {
    const prefix = `case-${state.employeeId}-`;
    return `${prefix}${eventId}`;
  }

  async function supersedeTails(ev: PersonEvent): Promise<void> {
    if (ev.type !== 'leaver' && ev.type !== 'mover') return;
    const kinds: CaseType[] = ev.type === 'leaver' ? ['mover', 'access', 'leaver'] : ['mover'];
    const targets = state.tails.filter((t) => kinds.includes(t.type));
    for (const t of targets) await signalCase(t.caseId, (h) => h.signal(supersedeSignal, { byCaseId: ev.caseId }));
    // The superseded cases close quickly; wait so their pending removals are settled before the new case reads them.
    await condition(() => targets.every((t) => closed.has(t.caseId) || !state.tails.some((x) => x.caseId === t.caseId)), '1 hour');
  }

  async function startCase(ev: PersonEvent): Promise<void> {
    const type = ev.type as CaseType;
    let handle: ChildWorkflowHandle<(typeof CASE_WORKFLOWS)[CaseType]>;
    try {
      handle = await startChild(CASE_WORKFLOWS[type], {
        workflowId: ev.caseId,
        args: [{ event: ev, companyTimeZone: state.companyTimeZone, parentWorkflowId: workflowInfo().workflowId }],
        parentClosePolicy: ParentClosePolicy.ABANDON, // tails outlive a continue-as-new of this workflow
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        typedSearchAttributes: [
          { key: searchAttributes.employeeId, value: state.employeeId },
          { key: searchAttributes.caseType, value: type },
          { key: searchAttributes.caseStatus, value: 'scheduled' },
        ],
        staticSummary: `${type} for ${state.employeeId} (event ${ev.eventId})`,
      });
    } catch (err) {
      // The case already exists (the event was seen by an earlier run): nothing to do twice.
      if (err instanceof Error && err.name === 'WorkflowExecutionAlreadyStartedError') return;
      throw err;
    }
    state.current = { caseId: ev.caseId, type };
    handle.result().then(
      () => markClosed(ev.caseId),
      () => markClosed(ev.caseId),
    );
  }

  async function signalCase(caseId: string, send: (h: ReturnType<typeof getExternalWorkflowHandle>) => Promise<void>): Promise<void> {
    try {
      await send(getExternalWorkflowHandle(caseId));
    } catch {
      markClosed(caseId); // the case has already closed
    }
  }

  function queuedCaseView(ev: PersonEvent, status: CaseView['status'], outcome: string): CaseView {
    return {
      caseId: ev.caseId, workflowId: ev.caseId, type: ev.type as CaseType, employeeId: state.employeeId, status, outcome,
      pendingApprovals: [], scheduled: [], steps: [], slaBreached: false, requestedBy: ev.requestedBy, decisions: [],
    };
  }
}
