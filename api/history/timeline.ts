// A workflow history as an auditor reads it: one entry per thing that happened (a timer started or fired, an
// activity with its attempts and outcome, a signal, an update and who sent it, a child case), payloads
// decoded with the API's data converter. Built event by event, so a long history streams through in pages;
// only activities still open are held between events.
import type { LoadedDataConverter, Payload } from '@temporalio/common';
import { decodeArrayFromPayloads, decodeOptionalFailureToOptionalError } from '@temporalio/common/lib/internal-non-workflow';
import { optionalTsToDate, optionalTsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { encryptedKeyId } from '../../workers/payload-codec';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
type Failure = temporal.api.failure.v1.IFailure;
const E = temporal.api.enums.v1.EventType;

export interface TimelineEntry {
  eventId: number;
  at: string | null;
  kind: string;
  [k: string]: unknown;
}

/** Where a value could not be decoded (its key is not held here, or was destroyed): said, not hidden. */
export interface Undecodable {
  undecodable: true;
  keyId?: string;
  reason: string;
}

export interface FailureView {
  message: string;
  type?: string;
  cause?: FailureView;
}

interface OpenActivity {
  eventId: number;
  at: string | null;
  activityType: string;
  activityId: string;
  startedAt?: string | null;
  attempt?: number;
  lastFailure?: FailureView | Undecodable;
}

const num = (v: unknown): number => Number(v ?? 0);
const when = (e: HistoryEvent): string | null => optionalTsToDate(e.eventTime)?.toISOString() ?? null;

export class TimelineBuilder {
  private readonly open = new Map<number, OpenActivity>();

  constructor(private readonly converter: LoadedDataConverter) {}

  /** The event's entry, or undefined for bookkeeping events (workflow tasks, markers, search attributes). */
  async entry(e: HistoryEvent): Promise<TimelineEntry | undefined> {
    const base = { eventId: num(e.eventId), at: when(e) };
    switch (e.eventType) {
      case E.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED: {
        const a = e.workflowExecutionStartedEventAttributes!;
        return { ...base, kind: 'workflow_started', workflowType: a.workflowType?.name, attempt: a.attempt, parentWorkflowId: a.parentWorkflowExecution?.workflowId ?? undefined, input: await this.values(a.input?.payloads) };
      }
      case E.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED:
        return { ...base, kind: 'workflow_completed', result: await this.first(e.workflowExecutionCompletedEventAttributes?.result?.payloads) };
      case E.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED:
        return { ...base, kind: 'workflow_failed', failure: await this.failure(e.workflowExecutionFailedEventAttributes?.failure) };
      case E.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED:
        return { ...base, kind: 'workflow_cancel_requested', cause: e.workflowExecutionCancelRequestedEventAttributes?.cause || undefined, identity: e.workflowExecutionCancelRequestedEventAttributes?.identity || undefined };
      case E.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED:
        return { ...base, kind: 'workflow_cancelled' };
      case E.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED:
        return { ...base, kind: 'workflow_terminated', reason: e.workflowExecutionTerminatedEventAttributes?.reason || undefined, identity: e.workflowExecutionTerminatedEventAttributes?.identity || undefined };
      case E.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT:
        return { ...base, kind: 'workflow_timed_out' };
      case E.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW:
        return { ...base, kind: 'workflow_continued_as_new', newRunId: e.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId, input: await this.values(e.workflowExecutionContinuedAsNewEventAttributes?.input?.payloads) };

      case E.EVENT_TYPE_TIMER_STARTED: {
        const a = e.timerStartedEventAttributes!;
        const ms = optionalTsToMs(a.startToFireTimeout) ?? 0;
        const firesAt = base.at ? new Date(Date.parse(base.at) + ms).toISOString() : null;
        return { ...base, kind: 'timer_started', timerId: a.timerId, durationMs: ms, firesAt };
      }
      case E.EVENT_TYPE_TIMER_FIRED:
        return { ...base, kind: 'timer_fired', timerId: e.timerFiredEventAttributes?.timerId };
      case E.EVENT_TYPE_TIMER_CANCELED:
        return { ...base, kind: 'timer_cancelled', timerId: e.timerCanceledEventAttributes?.timerId };

      case E.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED: {
        const a = e.activityTaskScheduledEventAttributes!;
        this.open.set(base.eventId, { ...base, activityType: a.activityType?.name ?? '', activityId: a.activityId ?? '' });
        return undefined;
      }
      case E.EVENT_TYPE_ACTIVITY_TASK_STARTED: {
        const a = e.activityTaskStartedEventAttributes!;
        const open = this.open.get(num(a.scheduledEventId));
        if (open) Object.assign(open, { startedAt: base.at, attempt: a.attempt ?? 1, ...(a.lastFailure ? { lastFailure: await this.failure(a.lastFailure) } : {}) });
        return undefined;
      }
      case E.EVENT_TYPE_ACTIVITY_TASK_COMPLETED: {
        const a = e.activityTaskCompletedEventAttributes!;
        return this.closeActivity(base, num(a.scheduledEventId), 'completed', { result: await this.first(a.result?.payloads) });
      }
      case E.EVENT_TYPE_ACTIVITY_TASK_FAILED: {
        const a = e.activityTaskFailedEventAttributes!;
        return this.closeActivity(base, num(a.scheduledEventId), 'failed', { failure: await this.failure(a.failure) });
      }
      case E.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT: {
        const a = e.activityTaskTimedOutEventAttributes!;
        return this.closeActivity(base, num(a.scheduledEventId), 'timed_out', { failure: await this.failure(a.failure) });
      }
      case E.EVENT_TYPE_ACTIVITY_TASK_CANCELED:
        return this.closeActivity(base, num(e.activityTaskCanceledEventAttributes?.scheduledEventId), 'cancelled', {});

      case E.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED: {
        const a = e.workflowExecutionSignaledEventAttributes!;
        const input = await this.values(a.input?.payloads);
        return { ...base, kind: 'signal', signalName: a.signalName, identity: a.identity || undefined, by: sender(input), input };
      }
      case E.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED: {
        const a = e.signalExternalWorkflowExecutionInitiatedEventAttributes!;
        return { ...base, kind: 'signal_sent', signalName: a.signalName, workflowId: a.workflowExecution?.workflowId, input: await this.values(a.input?.payloads) };
      }
      case E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED: {
        const req = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest;
        const input = await this.values(req?.input?.args?.payloads);
        return { ...base, kind: 'update_accepted', updateName: req?.input?.name, updateId: req?.meta?.updateId, identity: req?.meta?.identity || undefined, by: sender(input), input };
      }
      case E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED: {
        const a = e.workflowExecutionUpdateCompletedEventAttributes!;
        const outcome = a.outcome?.failure
          ? { outcome: 'failed', failure: await this.failure(a.outcome.failure) }
          : { outcome: 'completed', result: await this.first(a.outcome?.success?.payloads) };
        return { ...base, kind: 'update_completed', updateId: a.meta?.updateId, acceptedEventId: num(a.acceptedEventId), ...outcome };
      }

      case E.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED: {
        const a = e.startChildWorkflowExecutionInitiatedEventAttributes!;
        return { ...base, kind: 'child_requested', workflowType: a.workflowType?.name, workflowId: a.workflowId, input: await this.values(a.input?.payloads) };
      }
      case E.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED: {
        const a = e.startChildWorkflowExecutionFailedEventAttributes!;
        return { ...base, kind: 'child_start_failed', workflowType: a.workflowType?.name, workflowId: a.workflowId, cause: a.cause };
      }
      case E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED: {
        const a = e.childWorkflowExecutionStartedEventAttributes!;
        return { ...base, kind: 'child_started', workflowType: a.workflowType?.name, workflowId: a.workflowExecution?.workflowId };
      }
      case E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED: {
        const a = e.childWorkflowExecutionCompletedEventAttributes!;
        return { ...base, kind: 'child_completed', workflowType: a.workflowType?.name, workflowId: a.workflowExecution?.workflowId, result: await this.first(a.result?.payloads) };
      }
      case E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED: {
        const a = e.childWorkflowExecutionFailedEventAttributes!;
        return { ...base, kind: 'child_failed', workflowType: a.workflowType?.name, workflowId: a.workflowExecution?.workflowId, failure: await this.failure(a.failure) };
      }
      case E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED:
      case E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED:
      case E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT: {
        const a = e.childWorkflowExecutionCanceledEventAttributes ?? e.childWorkflowExecutionTerminatedEventAttributes ?? e.childWorkflowExecutionTimedOutEventAttributes;
        const kind = e.eventType === E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED ? 'child_cancelled' : e.eventType === E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED ? 'child_terminated' : 'child_timed_out';
        return { ...base, kind, workflowType: a?.workflowType?.name, workflowId: a?.workflowExecution?.workflowId };
      }
      default:
        return undefined;
    }
  }

  /** Activities scheduled and not closed when the history ends: still running or retrying. */
  pending(): TimelineEntry[] {
    return [...this.open.values()].map((o) => ({ ...activityFields(o), eventId: o.eventId, at: o.at, kind: 'activity', outcome: 'pending' }));
  }

  private closeActivity(base: { eventId: number; at: string | null }, scheduledEventId: number, outcome: string, extra: object): TimelineEntry {
    const open = this.open.get(scheduledEventId);
    this.open.delete(scheduledEventId);
    return { ...base, kind: 'activity', ...(open ? activityFields(open) : {}), eventId: base.eventId, at: base.at, outcome, ...extra };
  }

  private async values(payloads: Payload[] | null | undefined): Promise<unknown[] | Undecodable> {
    try {
      return await decodeArrayFromPayloads(this.converter, payloads);
    } catch (err) {
      return undecodable(payloads?.[0], err);
    }
  }

  private async first(payloads: Payload[] | null | undefined): Promise<unknown> {
    const v = await this.values(payloads);
    return Array.isArray(v) ? v[0] : v;
  }

  private async failure(f: Failure | null | undefined): Promise<FailureView | Undecodable | undefined> {
    if (!f) return undefined;
    try {
      const err = await decodeOptionalFailureToOptionalError(this.converter, f);
      return err ? view(err) : undefined;
    } catch (err) {
      return undecodable(f.encodedAttributes ?? undefined, err);
    }
  }
}

function activityFields(o: OpenActivity): Record<string, unknown> {
  return {
    eventId: o.eventId, at: o.at, activityType: o.activityType, activityId: o.activityId, scheduledAt: o.at, startedAt: o.startedAt ?? null,
    attempts: o.attempt ?? 0, ...(o.lastFailure ? { lastFailure: o.lastFailure } : {}),
  };
}

/** Who asked, where the message says so (case actions and person events carry `by` or `requestedBy`). */
function sender(input: unknown[] | Undecodable): string | undefined {
  const arg = Array.isArray(input) ? (input[0] as { by?: unknown; requestedBy?: unknown } | undefined) : undefined;
  const by = arg?.by ?? arg?.requestedBy;
  return typeof by === 'string' ? by : undefined;
}

function view(err: Error): FailureView {
  const type = (err as { type?: unknown }).type;
  return { message: err.message, ...(typeof type === 'string' ? { type } : {}), ...(err.cause instanceof Error ? { cause: view(err.cause) } : {}) };
}

function undecodable(p: Payload | undefined, err: unknown): Undecodable {
  const keyId = p ? encryptedKeyId(p) : undefined;
  return { undecodable: true, ...(keyId ? { keyId } : {}), reason: err instanceof Error ? err.message : String(err) };
}
