// Scale out: two workers and two APIs, each a process of its own as deployed, on one task queue of a Temporal
// dev server and one PostgreSQL. 200 cases go in through both APIs (each event also sent to the other API, as
// a retrying HR system would); every case is done exactly once, both workers did the work, the record agrees
// with the emulated systems, and the audit chain verifies.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { signBody } from '../../api/http/auth';
import { createPool, createRecordStore, migrateAt, type RecordStore } from '../../db';
import { startLocalTenant, type LocalTenant } from '../../emulators/local-tenant';
import type pg from 'pg';
import { KEY_A, TEST_AUDIT_KEYS } from '../support/audit-keys';
import { PAYLOAD_KEY_ENTRY, payloadKeySecrets } from '../support/payload-keys';
import { createTestDatabase } from '../support/databases';
import { recordSecrets, tenantSecrets, tokenSecrets } from '../support/log-capture';
import { freePort } from '../support/postgres';
import { startProcess, tenantEnvironment, untilReady, type GatehouseProcess } from '../support/processes';
import { devServerEnvironment } from '../support/temporal';
import { effects } from '../support/workflow-helpers';

jest.setTimeout(600_000);

const JOINERS = 100;
const LEAVERS = 70;
const SUSPENDS = 30;
const SECRET = randomBytes(24).toString('hex');
const TOKENS = [{ name: 'scale-admin', role: 'admin', token: randomBytes(24).toString('hex'), employeeId: 'SCALE-ADMIN' }];

let env: TestWorkflowEnvironment;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let tenant: LocalTenant;
let pool: pg.Pool;
let store: RecordStore;
let dir: string;
const processes: GatehouseProcess[] = [];
const apis: string[] = [];

const employee = (id: string) => ({
  employeeId: id, givenName: 'Scale', familyName: id, department: 'Engineering', location: 'London', jobTitle: 'Engineer', employmentType: 'employee',
});

/** As an HR system posts: a connection that fails before any answer is tried again (the event id makes it safe). */
async function post(api: string, event: object, attempt = 1): Promise<{ status: number; body: { caseId?: string; duplicate?: boolean }; retried: boolean }> {
  const raw = JSON.stringify(event);
  let res: Response;
  try {
    res = await fetch(`${api}/v1/hr/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'gatehouse-signature': signBody(raw, SECRET) }, body: raw });
  } catch (err) {
    if (attempt >= 3) throw err;
    return post(api, event, attempt + 1);
  }
  return { status: res.status, body: (await res.json()) as { caseId?: string; duplicate?: boolean }, retried: attempt > 1 };
}

/** Sends each event to one API, then again to the other: the first is accepted, the second is a duplicate. */
async function sendAll(events: object[]): Promise<string[]> {
  const caseIds: string[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < events.length) {
      const i = next++;
      const first = await post(apis[i % 2]!, events[i]!);
      // A retried first post may find its lost first attempt accepted: then it is the duplicate.
      if (!(first.retried && first.status === 200 && first.body.duplicate)) expect(first.status).toBe(202);
      const again = await post(apis[(i + 1) % 2]!, events[i]!);
      expect(again).toMatchObject({ status: 200, body: { caseId: first.body.caseId, duplicate: true } });
      caseIds.push(first.body.caseId!);
    }
  }));
  return caseIds;
}

async function untilClosed(caseIds: string[], timeoutMs = 400_000): Promise<Map<string, string>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await pool.query<{ case_id: string; status: string; outcome: string | null }>('SELECT case_id, status, outcome FROM cases WHERE case_id = ANY($1)', [caseIds]);
    const open = rows.rows.filter((r) => !['completed', 'failed', 'cancelled', 'rejected', 'superseded'].includes(r.status));
    if ((rows.rows.length === caseIds.length && open.length === 0) || Date.now() > deadline) {
      return new Map(rows.rows.map((r) => [r.case_id, r.status === 'completed' ? r.status : `${r.status}: ${r.outcome}`]));
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

beforeAll(async () => {
  env = await devServerEnvironment();
  db = await createTestDatabase('scale');
  await migrateAt(db.url);
  pool = createPool(db.appUrl);
  store = createRecordStore(pool, { auditKeys: TEST_AUDIT_KEYS });
  tenant = await startLocalTenant({ ports: { graph: 0, google: 0, scim: 0 } });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-scale-'));
  const dbPassword = new URL(db.appUrl).password;
  recordSecrets('scale', {
    ...tenantSecrets(tenant), ...tokenSecrets(TOKENS), 'HR webhook secret': SECRET,
    'audit chain key a': KEY_A.slice(KEY_A.indexOf(':') + 1), 'app role password': decodeURIComponent(dbPassword), ...payloadKeySecrets(),
  });
  const common = {
    ...tenantEnvironment(tenant, dir),
    DATABASE_URL: db.appUrl, DATABASE_MIGRATION_URL: db.url, AUDIT_CHAIN_KEY: KEY_A, PAYLOAD_KEYS: PAYLOAD_KEY_ENTRY,
    TEMPORAL_ADDRESS: env.address, TEMPORAL_NAMESPACE: 'default', TEMPORAL_TASK_QUEUE: `scale-${randomBytes(4).toString('hex')}`,
    COMPANY_TIMEZONE: 'UTC', LOG_LEVEL: 'debug',
    // A bulk of leavers on purpose: the mass-leaver safeguard (tested on its own) would hold most of them.
    LEAVER_GUARD_SHARE: '1',
  };
  for (const n of [1, 2]) processes.push(startProcess(`worker-${n}`, 'workers/main.ts', common));
  for (const n of [1, 2]) {
    const port = await freePort();
    const api = startProcess(`api-${n}`, 'api/main.ts', {
      ...common, PORT: String(port), HR_WEBHOOK_SECRET: SECRET, GATEHOUSE_TOKENS: TOKENS.map((t) => `${t.name}:${t.role}:${t.token}:${t.employeeId}`).join(','),
    });
    processes.push(api);
    apis.push(`http://127.0.0.1:${port}`);
    await untilReady(api, `http://127.0.0.1:${port}/readyz`);
  }
});

afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop()));
  await tenant?.close();
  await pool?.end();
  await db?.drop();
  await env?.teardown();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('200 cases through two APIs and two workers: each done once, by both workers, no drift', async () => {
  const ids = Array.from({ length: JOINERS }, (_, i) => `SC${String(i).padStart(3, '0')}`);
  const hires = await sendAll(ids.map((id) => ({ eventId: `hire-${id}`, type: 'joiner', employee: employee(id), immediate: true })));
  const hired = await untilClosed(hires);
  expect([...hired.entries()].filter(([, s]) => s !== 'completed')).toEqual([]);

  const leavers = ids.slice(0, LEAVERS);
  const suspended = ids.slice(LEAVERS, LEAVERS + SUSPENDS);
  const second = await sendAll([
    ...leavers.map((id) => ({ eventId: `leave-${id}`, type: 'leaver', employee: employee(id), immediate: true, reason: 'scale test' })),
    ...suspended.map((id) => ({ eventId: `suspend-${id}`, type: 'suspend', employee: employee(id), immediate: true, reason: 'scale test' })),
  ]);
  const closed = await untilClosed(second);
  expect([...closed.entries()].filter(([, s]) => s !== 'completed')).toEqual([]);
  expect(hires.length + second.length).toBe(JOINERS + LEAVERS + SUSPENDS);

  // Done once: one case row per case and one workflow run per case in Temporal.
  const rows = await pool.query<{ n: string }>('SELECT count(*) AS n FROM cases WHERE case_id = ANY($1)', [[...hires, ...second]]);
  expect(Number(rows.rows[0]!.n)).toBe(hires.length + second.length);
  const runs = new Map<string, number>();
  for await (const wf of env.client.workflow.list({ query: `WorkflowType IN ('joinerWorkflow', 'leaverWorkflow', 'suspendWorkflow')` })) {
    runs.set(wf.workflowId, (runs.get(wf.workflowId) ?? 0) + 1);
  }
  expect([...runs.values()].filter((n) => n !== 1)).toEqual([]);
  expect(runs.size).toBe(hires.length + second.length);

  // Both workers took workflow tasks (the identity of the worker is on each WorkflowTaskStarted event).
  const identities = new Set<string>();
  for (const id of [...hires.slice(0, 20), ...second.slice(0, 20)]) {
    const history = await env.client.workflow.getHandle(id).fetchHistory();
    for (const e of history.events ?? []) if (e.workflowTaskStartedEventAttributes?.identity) identities.add(e.workflowTaskStartedEventAttributes.identity);
  }
  expect(identities.size).toBe(2);

  // Each person has one account per system (no system was provisioned twice), as the record says.
  const graphUsers = [...tenant.graph!.state.users.values()];
  const googleUsers = [...tenant.google!.state.users.values()];
  const scimUsers = [...tenant.scim!.emulator.state.users.values()];
  for (const id of ids) {
    expect([graphUsers.filter((u) => u.employeeId === id).length, googleUsers.filter((u) => u.externalIds?.some((x) => x.value === id)).length,
      scimUsers.filter((u) => u.externalId === id).length]).toEqual([1, 1, 1]);
  }

  // No drift: what each system holds is what the record says.
  const stack = { store, tenant };
  for (const id of ids) {
    const person = (await store.getPersonRecord(id))!;
    const fx = await effects(stack, id);
    const held = person.entitlements.filter((e) => e.status !== 'removed');
    const heldIn = (system: string) => held.filter((e) => e.system === system).length;
    if (leavers.includes(id)) {
      expect([person.state, person.locked, held.length]).toEqual(['deactivated', true, 0]);
      expect(fx).toMatchObject({ m365: { enabled: false, groups: [], licences: [] }, google: { suspended: true, groups: [] }, scim: { active: false, groups: [] } });
    } else {
      const disabled = suspended.includes(id);
      expect(person.state).toBe(disabled ? 'suspended' : 'active');
      expect(fx).toMatchObject({ m365: { enabled: !disabled }, google: { suspended: disabled }, scim: { active: !disabled } });
      expect(fx.m365!.groups.length + fx.m365!.licences.length).toBe(heldIn('m365'));
      expect(fx.google!.groups.length).toBe(heldIn('google'));
      expect(fx.scim!.groups.length).toBe(held.filter((e) => e.system.startsWith('scim:')).length);
    }
  }

  // The chain the four processes appended to verifies.
  const verify = await fetch(`${apis[0]}/v1/audit/verify`, { headers: { authorization: `Bearer ${TOKENS[0]!.token}` } });
  expect(await verify.json()).toMatchObject({ ok: true });
});
