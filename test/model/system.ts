// The real side of the model-based test: the HTTP API (supertest on one listening server), the test stack's
// emulators and record, and the small waits the model needs (workflows quiescing in real time, time skipping).
import http from 'node:http';
import request from 'supertest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createApp } from '../../api/app';
import { captureLogger, recordSecrets, tokenSecrets } from '../support/log-capture';
import type { TestStack } from '../support/stack';

export const TOKENS = [
  { name: 'hr-model', role: 'hr' as const, token: 'hr-model-token-0123456789abcdef' },
  { name: 'admin-ada', role: 'admin' as const, token: 'admin-ada-token-0123456789abcdef' },
  { name: 'admin-bob', role: 'admin' as const, token: 'admin-bob-token-0123456789abcdef' },
];
export const HR = 0;
export const ADMINS = [1, 2] as const;
export const nameOf = (i: number): string => TOKENS[i]!.name;
export const COMPANY_TZ = 'UTC';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** An API request that takes longer than this hangs (an update waiting on a workflow that never answers). */
export const REQUEST_TIMEOUT_MS = 30_000;
/** A sleep of the test server that takes longer than this (real time) is stuck. */
export const SLEEP_WATCHDOG_MS = 60_000;
export const CLOSED = new Set(['completed', 'cancelled', 'rejected', 'superseded', 'failed']);

export interface Res {
  status: number;
  body: Record<string, unknown>;
}

export type FaultSystem = 'm365' | 'google' | 'scim';

/** One line of what happened, for the failure report. */
export type Log = (line: string) => void;

export class RealSystem {
  readonly server: http.Server;
  log: Log = () => undefined;
  readonly apiErrors: string[] = [];

  constructor(readonly env: TestWorkflowEnvironment, readonly stack: TestStack) {
    recordSecrets('api', tokenSecrets(TOKENS));
    const app = createApp({
      store: stack.store, temporal: env.client, taskQueue: stack.taskQueue, companyTimeZone: COMPANY_TZ,
      systems: stack.connectors.systems(), tokens: TOKENS,
      // Every line to the test log; errors also kept for the report of a 5xx.
      logger: captureLogger('gatehouse-api', { also: { level: 'error', stream: { write: (line: string) => void this.apiErrors.push(line.slice(0, 2000)) } } }),
    });
    this.server = http.createServer(app);
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Any request; a 5xx is never a coherent answer, so it fails the run at once. */
  async call(method: 'get' | 'post' | 'put' | 'delete', path: string, as: number, body?: unknown, headers: Record<string, string> = {}): Promise<Res> {
    let req = request(this.server)[method](path).set('Authorization', `Bearer ${TOKENS[as]!.token}`).timeout(REQUEST_TIMEOUT_MS);
    for (const [k, v] of Object.entries(headers)) req = req.set(k, v);
    // Serialised here: superagent would refuse a string with a lone surrogate; JSON.stringify escapes it.
    if (body !== undefined) req = req.set('Content-Type', 'application/json').send(JSON.stringify(body));
    let res: request.Response;
    try {
      res = await req;
    } catch (err) {
      if ((err as { timeout?: number }).timeout) {
        throw new Error(`${method.toUpperCase()} ${path} did not answer in ${REQUEST_TIMEOUT_MS / 1000} s (the API hangs)${body !== undefined ? `\n  request: ${JSON.stringify(body)}` : ''}`);
      }
      throw err;
    }
    const out = { status: res.status, body: (res.body ?? {}) as Record<string, unknown> };
    if (res.status >= 500) {
      throw new Error(`${method.toUpperCase()} ${path} answered ${res.status}: ${JSON.stringify(out.body)}${body !== undefined ? `\n  request: ${JSON.stringify(body)}` : ''}\n  API log: ${this.apiErrors.slice(-2).join(' | ')}`);
    }
    return out;
  }

  hr(body: unknown): Promise<Res> {
    return this.call('post', '/v1/hr/events', HR, body);
  }

  async person(employeeId: string): Promise<PersonBody | null> {
    const res = await this.call('get', `/v1/people/${encodeURIComponent(employeeId)}`, ADMINS[0]);
    if (res.status === 404) return null;
    if (res.status !== 200) throw new Error(`GET person ${employeeId}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as unknown as PersonBody;
  }

  async caseById(caseId: string): Promise<CaseBody | null> {
    const res = await this.call('get', `/v1/cases/${encodeURIComponent(caseId)}`, ADMINS[0]);
    if (res.status === 404) return null;
    if (res.status !== 200) throw new Error(`GET case ${caseId}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as unknown as CaseBody;
  }

  /** Every case of these people from GET /v1/cases (all pages), optionally of one status. */
  async cases(employeeIds: string[], status?: string): Promise<CaseBody[]> {
    const out: CaseBody[] = [];
    for (const id of employeeIds) {
      let cursor: string | undefined;
      for (;;) {
        const q = new URLSearchParams({ employeeId: id, limit: '500', ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) });
        const res = await this.call('get', `/v1/cases?${q}`, ADMINS[0]);
        if (res.status !== 200) throw new Error(`GET /v1/cases?${q}: ${res.status} ${JSON.stringify(res.body)}`);
        out.push(...(res.body.items as CaseBody[]));
        cursor = res.body.nextCursor as string | undefined;
        if (!cursor) break;
      }
    }
    return out;
  }

  now(): Promise<number> {
    return this.env.currentTimeMs();
  }

  /**
   * Lets time pass on the test server (timers fire in order meanwhile), then waits for the workflows to settle.
   * A sleep that does not return is diagnosed: see TestServerStall.
   */
  async sleep(ms: number, prefix: string): Promise<void> {
    const sleeping = this.env.sleep(ms);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), SLEEP_WATCHDOG_MS);
    });
    const first = await Promise.race([sleeping.then(() => 'slept' as const), late]);
    clearTimeout(timer);
    if (first === 'late') {
      const stuck = await this.stuckWorkflowTasks(prefix);
      if (stuck.length === 0) throw new Error(`time did not pass: env.sleep(${ms}) had not returned after ${SLEEP_WATCHDOG_MS / 1000} s, and no workflow task is stuck`);
      // Unlock the environment for the sequences after this one: the stuck executions go, the sleep ends.
      for (const s of stuck) await this.env.client.workflow.getHandle(s.workflowId).terminate('model test: workflow task stuck on the test server');
      await sleeping;
      throw new TestServerStall(stuck);
    }
    await this.quiesce(prefix);
  }

  /**
   * Executions of this run whose workflow task was retried and never completes, with an activity the history
   * schedules but the server no longer has as pending: the Java test server lost a completion when the
   * workflow asked to cancel that activity (ACTIVITY_UNKNOWN), and time skipping waits on the task for ever.
   */
  async stuckWorkflowTasks(prefix: string): Promise<StuckTask[]> {
    const like = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows = await this.stack.pool.query<{ workflow_id: string }>(
      `SELECT workflow_id FROM cases WHERE employee_id LIKE $1 UNION SELECT DISTINCT 'person-' || employee_id FROM cases WHERE employee_id LIKE $1`, [like],
    );
    const out: StuckTask[] = [];
    for (const { workflow_id: workflowId } of rows.rows) {
      const handle = this.env.client.workflow.getHandle(workflowId);
      let description;
      try {
        description = await handle.describe();
      } catch {
        continue; // never started (held by the person workflow and closed there)
      }
      if (description.status.name !== 'RUNNING') continue;
      const events = (await handle.fetchHistory()).events ?? [];
      const lastEvent = events[events.length - 1];
      const scheduled = events.find((e) => String(e.eventId) === String(lastEvent?.workflowTaskStartedEventAttributes?.scheduledEventId));
      const attempt = scheduled?.workflowTaskScheduledEventAttributes?.attempt ?? 1;
      if (!lastEvent?.workflowTaskStartedEventAttributes || attempt < 2) continue;
      const closed = new Set(events.flatMap((e) => {
        const a = e.activityTaskCompletedEventAttributes ?? e.activityTaskFailedEventAttributes ?? e.activityTaskTimedOutEventAttributes ?? e.activityTaskCanceledEventAttributes;
        return a?.scheduledEventId != null ? [String(a.scheduledEventId)] : [];
      }));
      const pending = new Set((description.raw.pendingActivities ?? []).map((a) => a.activityId));
      const lost = events
        .filter((e) => e.activityTaskScheduledEventAttributes && !closed.has(String(e.eventId)) && !pending.has(e.activityTaskScheduledEventAttributes.activityId ?? ''))
        .map((e) => ({ eventId: String(e.eventId), activity: e.activityTaskScheduledEventAttributes?.activityType?.name ?? '?' }));
      const signals = events.filter((e) => e.workflowExecutionSignaledEventAttributes).slice(-1).map((e) => e.workflowExecutionSignaledEventAttributes?.signalName ?? '?');
      out.push({ workflowId, attempt, lostActivities: lost, lastSignal: signals[0], historyLength: events.length });
    }
    return out;
  }

  /**
   * Waits (in real time, bounded) until nothing changes any more in the record for the people of this run:
   * the workflows have reached a timer, an approval or a retry backoff. Each case write and each activity's
   * audit event moves the fingerprint.
   */
  async quiesce(prefix: string, maxMs = 6000): Promise<void> {
    const like = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const sql = `SELECT
        (SELECT coalesce(max(updated_at)::text, '') || count(*) FROM cases WHERE employee_id LIKE $1) AS c,
        (SELECT coalesce(max(seq), 0) FROM audit_events WHERE employee_id LIKE $1) AS a,
        (SELECT count(*) FROM hr_events WHERE employee_id LIKE $1) AS h`;
    const started = Date.now();
    let last = '';
    let stable = 0;
    while (Date.now() - started < maxMs) {
      const r = await this.stack.pool.query(sql, [like]);
      const fp = JSON.stringify(r.rows[0]);
      stable = fp === last ? stable + 1 : 0;
      last = fp;
      if (stable >= 4) return;
      await new Promise((res) => setTimeout(res, 60));
    }
  }

  // ---- connector faults (emulators/faults.ts) ----

  faultsOf(system: FaultSystem) {
    const t = this.stack.tenant;
    const f = system === 'm365' ? t.graph?.faults : system === 'google' ? t.google?.faults : t.scim?.emulator.faults;
    if (!f) throw new Error(`no emulator for ${system}`);
    return f;
  }

  clearFaults(): void {
    for (const s of ['m365', 'google', 'scim'] as const) this.faultsOf(s).clear();
  }

  // ---- the emulators' own view of a person ----

  /** What the emulator holds for one recorded account (undefined: no such user there). */
  emulatorAccount(system: string, externalId: string): EmulatedAccount | undefined {
    const t = this.stack.tenant;
    if (system === 'm365') {
      const g = t.graph?.state;
      const u = g?.users.get(externalId);
      if (!g || !u) return undefined;
      return {
        enabled: u.accountEnabled,
        groups: g.groupsOf(u.id).map((x) => x.displayName).sort(),
        licences: u.assignedLicenses.map((l) => g.skus.find((s) => s.skuId === l.skuId)?.skuPartNumber ?? l.skuId).sort(),
      };
    }
    if (system === 'google') {
      const g = t.google?.state;
      const u = g?.users.get(externalId);
      if (!g || !u) return undefined;
      const groups: string[] = [];
      for (const [groupId, members] of g.members) if (members.has(u.id)) groups.push(g.groups.get(groupId)?.email ?? groupId);
      return { enabled: !u.suspended, groups: groups.sort(), licences: [] };
    }
    if (system.startsWith('scim:')) {
      const s = t.scim?.emulator.state;
      const u = s?.users.get(externalId);
      if (!s || !u) return undefined;
      return {
        enabled: u.active,
        groups: [...s.groups.values()].filter((x) => x.memberIds.includes(u.id)).map((x) => x.displayName).sort(),
        licences: [],
      };
    }
    throw new Error(`unknown system ${system}`);
  }

  /** Users in each emulator that carry this employee id (by the correlation each connector uses). */
  emulatorUsersOf(employeeId: string): Array<{ system: string; externalId: string }> {
    const t = this.stack.tenant;
    const out: Array<{ system: string; externalId: string }> = [];
    for (const u of t.graph?.state.users.values() ?? []) if (u.employeeId === employeeId) out.push({ system: 'm365', externalId: u.id });
    for (const u of t.google?.state.users.values() ?? []) if (u.externalIds?.some((x) => x.value === employeeId)) out.push({ system: 'google', externalId: u.id });
    for (const u of t.scim?.emulator.state.users.values() ?? []) if (u.externalId === employeeId) out.push({ system: `scim:${t.scim!.name}`, externalId: u.id });
    return out;
  }
}

export interface StuckTask {
  workflowId: string;
  attempt: number;
  lostActivities: Array<{ eventId: string; activity: string }>;
  lastSignal?: string;
  historyLength: number;
}

/** Time skipping stopped: a workflow task of this run never completes (not the code under test's answer). */
export class TestServerStall extends Error {
  constructor(readonly stuck: StuckTask[]) {
    super(`the time-skipping test server stalled: ${stuck.map((s) => `${s.workflowId} has workflow task attempt ${s.attempt} started and never completed (last signal ${s.lastSignal ?? 'none'}; activities scheduled but neither closed nor pending: ${JSON.stringify(s.lostActivities)})`).join('; ')}`);
    this.name = 'TestServerStall';
  }
}

export interface EmulatedAccount {
  enabled: boolean;
  groups: string[];
  licences: string[];
}

export interface PersonBody {
  employeeId: string;
  department: string;
  state: string;
  locked: boolean;
  accounts: Array<{ system: string; externalId: string; status: string }>;
  entitlements: Array<{ id: string; system: string; source: string; status: string }>;
  cases: string[];
}

export interface CaseBody {
  caseId: string;
  type: string;
  employeeId: string;
  status: string;
  outcome?: string;
  effectiveAt?: string;
  pendingApprovals: Array<{ id: string; reason: string; requestedBy: string }>;
  scheduled: Array<{ action: string; at: string }>;
  steps: Array<{ name: string; system?: string; status: string; at: string; error?: string }>;
  slaBreached: boolean;
  workflowId: string;
  requestedBy?: string;
  decisions: Array<{ by: string; decision: string }>;
}
