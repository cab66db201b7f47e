// Helpers for the time-skipping workflow tests: build person events, send them the way the API does
// (signal-with-start of the person workflow), and read the EFFECTS of a case in the three emulators
// and in the record store.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandle } from '@temporalio/client';
import { sendPersonEvent } from '../../orchestration/person-cases';
import { caseWorkflowId } from '../../domain/ids';
import { runCaseAction, type CaseAction, type CaseActionArg } from '../../orchestration/case-actions';
import { caseStateQuery, type CaseView, type PersonEvent } from '../../workflows/definitions';
import type { EmployeeAttributes } from '../../domain/lifecycle';
import type { TestStack } from './stack';
import { timeSkippingEnvironment } from './temporal';

export const TZ = 'Europe/Amsterdam';
export const DAY = 86_400_000;

export function employee(employeeId: string, over: Partial<EmployeeAttributes> = {}): EmployeeAttributes {
  return {
    employeeId, givenName: 'Test', familyName: `Person${employeeId}`, department: 'Engineering', location: 'NL',
    jobTitle: 'Engineer', employmentType: 'employee', ...over,
  };
}

/** A person event with the case id the API gives it (`case-<id>:<eventId>`; a cancel: its target's). */
export function personEvent(e: Omit<PersonEvent, 'caseId' | 'requestedBy'> & { requestedBy?: string }): PersonEvent {
  // A cancel carries the case of the event it cancels, as the API gives it.
  const key = e.type === 'cancel' && e.cancelsEventId ? e.cancelsEventId : e.eventId;
  return { requestedBy: 'hr-system', ...e, caseId: caseWorkflowId(e.employee.employeeId, key) };
}

export async function send(stack: TestStack, event: PersonEvent): Promise<WorkflowHandle> {
  await sendPersonEvent({ client: stack.env.client, taskQueue: stack.taskQueue, companyTimeZone: TZ }, event);
  return stack.env.client.workflow.getHandle(event.caseId);
}

/** A local date (YYYY-MM-DD) `days` from the test server's current time. */
export async function dateIn(env: TestWorkflowEnvironment, days: number): Promise<string> {
  return new Date((await env.currentTimeMs()) + days * DAY).toISOString().slice(0, 10);
}

/** The stack of the running test file (one per file), so case helpers can read the record. */
let activeStack: TestStack | undefined;
export function useStackForCases(stack: TestStack): void {
  activeStack = stack;
}

/**
 * The case as the API shows it: its workflow's query while it runs, else the record (a leaver in notice and a
 * queued case are held by the person workflow and have no workflow of their own yet).
 */
export async function caseView(handle: WorkflowHandle): Promise<CaseView | undefined> {
  try {
    return await handle.query(caseStateQuery);
  } catch {
    const stored = await activeStack?.store.getCase(handle.workflowId);
    return stored?.state ? ({ ...(stored.state as CaseView), status: stored.status } as CaseView) : undefined;
  }
}

/**
 * Polls (in real time, briefly) until the case's view satisfies `ok`.
 * Used where a case is waiting on a message rather than a timer: time does not move meanwhile.
 */
export async function waitForView(handle: WorkflowHandle, ok: (v: CaseView) => boolean, what = 'the expected case state'): Promise<CaseView> {
  let last: CaseView | undefined;
  for (let i = 0; i < 300; i += 1) {
    last = await caseView(handle);
    if (last && ok(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}; last view: ${JSON.stringify(last)}`);
}

export async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 300; i += 1) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export interface SystemEffects {
  m365?: { enabled: boolean; groups: string[]; licences: string[]; revocations: number };
  google?: { suspended: boolean; groups: string[]; signOuts: number };
  scim?: { active: boolean; groups: string[] };
}

/** What the emulators hold for this person right now (undefined: no account there). */
export async function effects(stack: Pick<TestStack, 'store' | 'tenant'>, employeeId: string): Promise<SystemEffects> {
  const accounts = await stack.store.listAccounts(employeeId);
  const out: SystemEffects = {};
  const graph = stack.tenant.graph?.state;
  const m = accounts.find((a) => a.system === 'm365');
  const gu = m && graph?.users.get(m.externalId);
  if (graph && gu) {
    out.m365 = {
      enabled: gu.accountEnabled,
      groups: graph.groupsOf(gu.id).map((g) => g.displayName).sort(),
      licences: gu.assignedLicenses.map((l) => graph.skus.find((s) => s.skuId === l.skuId)?.skuPartNumber ?? l.skuId).sort(),
      revocations: graph.revocations.get(gu.id) ?? 0,
    };
  }
  const google = stack.tenant.google?.state;
  const g = accounts.find((a) => a.system === 'google');
  const goo = g && google?.users.get(g.externalId);
  if (google && goo) {
    const groups: string[] = [];
    for (const [groupId, members] of google.members) {
      if (members.has(goo.id)) groups.push(google.groups.get(groupId)?.email ?? groupId);
    }
    out.google = { suspended: goo.suspended, groups: groups.sort(), signOuts: google.security.get(goo.id)?.signOutCount ?? 0 };
  }
  const scim = stack.tenant.scim?.emulator.state;
  const s = accounts.find((a) => a.system.startsWith('scim:'));
  const su = s && scim?.users.get(s.externalId);
  if (scim && su) {
    out.scim = {
      active: su.active,
      groups: [...scim.groups.values()].filter((x) => x.memberIds.includes(su.id)).map((x) => x.displayName).sort(),
    };
  }
  return out;
}

/** Entitlement id → status in the record store (removed ones included). */
export async function entitlementStatuses(stack: TestStack, employeeId: string): Promise<Record<string, string>> {
  const rows = await stack.store.listEntitlements(employeeId, { includeRemoved: true });
  const out: Record<string, string> = {};
  // A later assignment of the same id (granted again) wins over a removed one.
  for (const r of rows) if (out[r.entitlementId] === undefined || r.status !== 'removed') out[r.entitlementId] = r.status;
  return out;
}

export async function auditTypes(stack: TestStack, employeeId: string, caseId?: string): Promise<string[]> {
  const page = await stack.store.listAudit({ employeeId, caseId, limit: 1000 });
  return page.items.map((e) => e.type);
}

export async function auditEvents(stack: TestStack, employeeId: string, caseId?: string) {
  const page = await stack.store.listAudit({ employeeId, caseId, limit: 1000 });
  return page.items;
}

/** Whether any emulated system holds a user for this employee id (found by the correlation each connector uses). */
export function presentIn(stack: TestStack, employeeId: string): string[] {
  const out: string[] = [];
  if ([...(stack.tenant.graph?.state.users.values() ?? [])].some((u) => u.employeeId === employeeId)) out.push('m365');
  if ([...(stack.tenant.google?.state.users.values() ?? [])].some((u) => u.externalIds?.some((x) => x.value === employeeId))) out.push('google');
  if ([...(stack.tenant.scim?.emulator.state.users.values() ?? [])].some((u) => u.externalId === employeeId)) out.push('scim');
  return out;
}

/** Hires a person at once (an immediate joiner) and waits for the joiner case to finish. */
export async function hire(stack: TestStack, employeeId: string, over: Partial<EmployeeAttributes> = {}): Promise<CaseView> {
  const handle = await send(stack, personEvent({ eventId: `hire-${employeeId}`, type: 'joiner', employee: employee(employeeId, over), immediate: true }));
  const view = await finished(handle);
  if (view.status !== 'completed') throw new Error(`hiring ${employeeId} ended ${view.status}: ${JSON.stringify(view.steps)}`);
  return view;
}

/**
 * The case's final view: waits for the person workflow to start it (skipping time to a notice's end when the
 * person workflow holds it), then for its result (time skips meanwhile). A case closed before it ever started
 * (cancelled or superseded in the queue or in notice) answers from the record.
 */
export async function finished(handle: WorkflowHandle): Promise<CaseView> {
  for (let i = 0; i < 300; i += 1) {
    try {
      await handle.describe();
      return (await handle.result()) as CaseView;
    } catch {
      const stored = await activeStack?.store.getCase(handle.workflowId);
      if (stored && ['completed', 'cancelled', 'rejected', 'superseded', 'failed'].includes(stored.status)) return (await caseView(handle)) as CaseView;
      const at = (stored?.state as CaseView | undefined)?.scheduled?.[0]?.at;
      const env = activeStack?.env;
      // Give messages already sent (a superseding leaver, a cancel) a moment before skipping time.
      if (at && env && i >= 15) {
        const ms = Date.parse(at) - (await env.currentTimeMs());
        if (ms > 0) await env.sleep(ms + 1000);
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${handle.workflowId} did not start`);
}

/**
 * The final view of a case that is due to close at the current (skipped-to) time, without letting time
 * skip further: awaiting a result unlocks time skipping, which can jump past other cases' timers.
 */
export async function settled(handle: WorkflowHandle): Promise<CaseView> {
  await waitFor(async () => {
    try {
      return (await handle.describe()).status.name !== 'RUNNING';
    } catch {
      return false;
    }
  }, `${handle.workflowId} to close`);
  return (await handle.result()) as CaseView;
}

/** The time-skipping environment (retried on a slow start; see test/support/temporal.ts). */
export async function workflowEnvironment(): Promise<TestWorkflowEnvironment> {
  return timeSkippingEnvironment();
}

/** An admin action on a case, routed as the API routes it (the case's workflow, or the person workflow holding it). */
export async function act(stack: TestStack, caseId: string, action: CaseAction, arg: CaseActionArg, updateId: string): Promise<CaseView> {
  const stored = await stack.store.getCase(caseId);
  const employeeId = stored?.employeeId ?? caseId.slice('case-'.length, caseId.indexOf(':'));
  return runCaseAction(stack.env.client, { caseId, workflowId: caseId, employeeId, status: stored?.status ?? 'scheduled' }, action, arg, updateId);
}
