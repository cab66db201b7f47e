// What every case workflow shares: its view, the admin updates with their validators, persistence,
// search attributes, and waiting on timers that admins can cancel or reschedule.
import {
  CancellationScope,
  condition,
  getExternalWorkflowHandle,
  isCancellation,
  patched,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
  ActivityFailure,
  ApplicationFailure,
  ChildWorkflowFailure,
} from '@temporalio/workflow';
import type { CaseStatus, CaseType } from '../domain/lifecycle';
import { checkApprover } from '../domain/approvals';
import {
  approveUpdate,
  cancelUpdate,
  caseAcquireSignal,
  caseClosedSignal,
  caseReleasedSignal,
  caseStateQuery,
  devicesChangedSignal,
  personGrantedSignal,
  rejectUpdate,
  rescheduleUpdate,
  searchAttributes,
  supersedeSignal,
  withdrawSignal,
  type CaseInput,
  type CaseStep,
  type CaseView,
  type CancelRequest,
  type Decision,
  type ScheduledAction,
} from './definitions';
import { localRecord, record } from './activity-options';
import { closeInterrupted } from './case-endings';

const CLOSED: CaseStatus[] = ['completed', 'cancelled', 'rejected', 'superseded', 'failed'];

export type Interruption =
  | { kind: 'cancelled'; by: string; reason?: string }
  | { kind: 'withdrawn'; by: string; reason?: string }
  | { kind: 'superseded'; byCaseId: string };

export class CaseKit {
  readonly view: CaseView;
  interruption?: Interruption;
  private decision?: { approved: boolean; by: string; comment?: string };
  private rescheduledTo?: string;
  private devicesChanged = 0;
  private granted = false;
  /** Whether cancel and reschedule are still possible (nothing irreversible has fired). */
  cancellable = true;
  /** Whether the case's own record writes run as local activities (see localRecord: a leaver's revocation). */
  recordsLocally = false;
  /** The case's work: cancelled when a leaver supersedes it, so a wait or a retrying step ends at once. */
  readonly work = new CancellationScope();

  constructor(readonly input: CaseInput, type: CaseType) {
    const e = input.event;
    this.view = {
      caseId: e.caseId,
      workflowId: workflowInfo().workflowId,
      type,
      employeeId: e.employee.employeeId,
      status: 'running',
      pendingApprovals: [],
      scheduled: [],
      steps: [],
      slaBreached: false,
      requestedBy: e.requestedBy,
      decisions: [],
    };
    this.installHandlers();
  }

  /** Where this case's record steps run: remote activities, or local ones once recordsLocally is set. */
  get records(): typeof record {
    return this.recordsLocally ? localRecord : record;
  }

  get now(): string {
    return new Date(Date.now()).toISOString();
  }

  get closed(): boolean {
    return CLOSED.includes(this.view.status);
  }

  private installHandlers(): void {
    setHandler(caseStateQuery, () => this.view);
    const decide = (approved: boolean) => async (d: Decision) => {
      this.decision = { approved, by: d.by, comment: d.comment };
      this.view.decisions.push({ by: d.by, decision: approved ? 'approved' : 'rejected', comment: d.comment, at: this.now });
      this.view.pendingApprovals = [];
      await condition(() => this.view.status !== 'awaiting_approval');
      return this.view;
    };
    const validateDecision = (d: Decision) => {
      if (this.view.pendingApprovals.length === 0 || this.decision) {
        throw ApplicationFailure.create({ type: 'NotApplicable', message: 'this case has no pending approval' });
      }
      const conflict = checkApprover({ approver: d.by, approverEmployeeId: d.byEmployeeId, requester: this.view.requestedBy, subject: this.view.employeeId });
      if (conflict) throw ApplicationFailure.create({ type: 'ApproverConflict', message: conflict });
    };
    setHandler(approveUpdate, decide(true), { validator: validateDecision });
    setHandler(rejectUpdate, decide(false), { validator: validateDecision });
    setHandler(
      cancelUpdate,
      async (req) => {
        this.interruption ??= { kind: 'cancelled', by: req.by, reason: req.reason };
        await condition(() => this.closed);
        return this.view;
      },
      {
        validator: (_req: CancelRequest) => {
          if (this.closed || !this.cancellable) {
            throw ApplicationFailure.create({ type: 'NotApplicable', message: `the case can no longer be cancelled (${this.view.status})` });
          }
        },
      },
    );
    setHandler(
      rescheduleUpdate,
      async (req) => {
        this.rescheduledTo = new Date(req.effectiveAt).toISOString();
        await condition(() => this.rescheduledTo === undefined);
        return this.view;
      },
      {
        validator: (req) => {
          if (Number.isNaN(Date.parse(req.effectiveAt))) {
            throw ApplicationFailure.create({ type: 'BadRequest', message: 'effectiveAt is not a time' });
          }
          if (this.closed || !this.cancellable || this.view.scheduled.length === 0) {
            throw ApplicationFailure.create({ type: 'NotApplicable', message: 'nothing scheduled in this case can still be moved' });
          }
        },
      },
    );
    setHandler(supersedeSignal, ({ byCaseId }) => {
      this.interruption ??= { kind: 'superseded', byCaseId };
      // Stop whatever the case is doing (a step retrying against a failing system, an approval wait): the
      // superseding case takes over, and waits for this one to close so the two never act at once.
      if (!this.closed && patched('supersede-stops-the-work')) this.work.cancel();
    });
    setHandler(withdrawSignal, ({ requestedBy, reason }) => {
      if (this.cancellable) this.interruption ??= { kind: 'withdrawn', by: requestedBy, reason };
    });
    setHandler(devicesChangedSignal, () => {
      this.devicesChanged += 1;
    });
    setHandler(personGrantedSignal, () => {
      this.granted = true;
    });
  }

  /**
   * After a release, asks the person workflow for the person again and waits until it is granted (the case
   * holding them now has released them). False when the case was interrupted meanwhile.
   */
  async reacquire(): Promise<boolean> {
    const parent = this.input.parentWorkflowId;
    if (!parent) return true;
    this.granted = false;
    await getExternalWorkflowHandle(parent).signal(caseAcquireSignal, { caseId: this.view.caseId });
    await condition(() => this.granted || this.interruption !== undefined);
    return this.granted;
  }

  /** Writes the view to the record store and the search attributes. */
  async persist(): Promise<void> {
    this.upsertAttributes();
    await this.records.recordCase(this.view);
  }

  private upsertAttributes(): void {
    upsertSearchAttributes([
      { key: searchAttributes.caseStatus, value: this.view.status },
      ...(this.view.effectiveAt ? [{ key: searchAttributes.effectiveAt, value: new Date(this.view.effectiveAt) }] : []),
      { key: searchAttributes.slaBreached, value: this.view.slaBreached },
    ]);
  }

  /** The view as running, its search attributes too; the record hears of it in the case's next write. */
  markRunning(): void {
    this.view.status = 'running';
    this.view.scheduled = [];
    this.upsertAttributes();
  }

  async setStatus(status: CaseStatus, scheduled: ScheduledAction[] = this.view.scheduled): Promise<void> {
    this.view.status = status;
    this.view.scheduled = scheduled;
    await this.persist();
  }

  /**
   * Closes the case with an outcome; a completed JML case writes its lifecycle event. The person workflow is
   * told it has closed whatever the record does.
   */
  async close(status: CaseStatus, outcome: string): Promise<CaseView> {
    this.view.status = status;
    this.view.outcome = outcome;
    this.view.scheduled = [];
    this.view.pendingApprovals = [];
    try {
      if (status === 'completed' && this.view.type !== 'access' && patched('case-lifecycle-evidence')) {
        await this.records.recordLifecycle({
          employeeId: this.view.employeeId, caseId: this.view.caseId, step: 'lifecycle', type: this.view.type,
          actor: this.view.requestedBy, approver: this.approver, outcome,
        });
      }
      await this.persist();
    } finally {
      await this.signalParent('closed');
    }
    return this.view;
  }

  /** Tells the person workflow the person is free for the next case; what remains is a scheduled tail. */
  async release(): Promise<void> {
    await this.signalParent('released');
  }

  /** The last word when even closing failed: the person workflow must not wait on this case. */
  async signalParentClosed(): Promise<void> {
    await this.signalParent('closed');
  }

  private async signalParent(what: 'released' | 'closed'): Promise<void> {
    const parent = this.input.parentWorkflowId;
    if (!parent) return;
    const handle = getExternalWorkflowHandle(parent);
    try {
      if (what === 'released') await handle.signal(caseReleasedSignal, { caseId: this.view.caseId, tail: !this.closed });
      else await handle.signal(caseClosedSignal, { caseId: this.view.caseId });
    } catch {
      // The person workflow may be between runs (continue-as-new); it also watches for closed children.
    }
  }

  /** Runs one step, recording it in the view; a failure is recorded and rethrown. */
  async step<T>(name: string, system: string | undefined, fn: () => Promise<T>): Promise<T> {
    const entry: CaseStep = { name, system, status: 'running', at: this.now };
    this.view.steps.push(entry);
    try {
      const result = await fn();
      entry.status = 'succeeded';
      entry.at = this.now;
      return result;
    } catch (err) {
      entry.status = 'failed';
      entry.at = this.now;
      entry.error = errorMessage(err);
      throw err;
    }
  }

  /** Waits for an approval decision; an interruption ends the wait. Returns true when approved. */
  async awaitApproval(reason: string): Promise<boolean | 'interrupted'> {
    this.view.pendingApprovals = [{ id: `${this.view.caseId}:approval`, reason, requestedBy: this.view.requestedBy, requestedAt: this.now }];
    await this.setStatus('awaiting_approval');
    await condition(() => this.decision !== undefined || this.interruption !== undefined);
    this.view.pendingApprovals = [];
    if (!this.decision) return 'interrupted';
    this.view.status = 'running';
    return this.decision.approved;
  }

  get approver(): string | undefined {
    return this.decision?.approved ? this.decision.by : undefined;
  }

  get decisionBy(): { by: string; comment?: string } | undefined {
    return this.decision ? { by: this.decision.by, comment: this.decision.comment } : undefined;
  }

  /**
   * Waits until `at` (an admin may reschedule it), or an interruption. Returns the time it fired at,
   * or 'interrupted'. A reschedule moves the case's effective time; `fromEffectiveAt` maps it to this wait.
   */
  async waitUntil(action: string, at: string, fromEffectiveAt: (at: string) => string = (x) => x): Promise<string | 'interrupted'> {
    let target = at;
    for (;;) {
      this.view.effectiveAt ??= target;
      await this.setStatus('scheduled', [{ action, at: target }]);
      const ms = Date.parse(target) - Date.now();
      if (ms > 0) await condition(() => this.interruption !== undefined || this.rescheduledTo !== undefined, ms);
      if (this.interruption) return 'interrupted';
      if (this.rescheduledTo !== undefined) {
        this.view.effectiveAt = this.rescheduledTo;
        target = fromEffectiveAt(this.rescheduledTo);
        this.view.scheduled = [{ action, at: target }];
        this.rescheduledTo = undefined;
        continue;
      }
      this.view.scheduled = [];
      return target;
    }
  }

  /** Waits until devices change or `ms` passes; true when they changed. */
  async waitForDevices(ms: number): Promise<boolean> {
    const seen = this.devicesChanged;
    return condition(() => this.devicesChanged !== seen || this.interruption !== undefined, ms);
  }
}

/**
 * Runs a case: its body inside the kit's work scope. However the body ends (superseded, a step the record or a
 * system refused, a bug), the case closes with a status that says so and the person workflow hears of it.
 */
export async function runCase(input: CaseInput, type: CaseType, body: (kit: CaseKit) => Promise<CaseView>): Promise<CaseView> {
  const kit = new CaseKit(input, type);
  try {
    return await kit.work.run(() => body(kit));
  } catch (err) {
    return CancellationScope.nonCancellable(async () => {
      try {
        if (kit.closed) {
          await kit.signalParentClosed();
          return kit.view;
        }
        if (isCancellation(err) && kit.interruption) return await closeInterrupted(kit, 'stopped before it finished');
        kit.view.steps.push({ name: 'case stopped', status: 'failed', at: kit.now, error: errorMessage(err) });
        return await kit.close(isCancellation(err) ? 'cancelled' : 'failed', isCancellation(err) ? 'cancelled in Temporal' : `stopped: ${errorMessage(err)}`);
      } catch {
        await kit.signalParentClosed();
        return kit.view;
      }
    });
  }
}

/**
 * What went wrong, in words: an activity's or a child's failure wraps the failure that says (a remote activity
 * comes wrapped, a local one may not), so the wrappers are looked through.
 */
export function errorMessage(err: unknown): string {
  let e = err;
  while ((e instanceof ActivityFailure || e instanceof ChildWorkflowFailure) && e.cause) e = e.cause;
  if (e instanceof Error && e.message) return e.message;
  return String(e);
}
