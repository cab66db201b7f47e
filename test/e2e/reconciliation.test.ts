// Reconciliation end to end on the Temporal dev server, the real connectors against the emulated tenant and the
// record in PostgreSQL: the emulators seeded with an orphan, drift, a leaver's seat and licence and a disputed
// match; the report finds exactly those, costed; a read that fails part-way gives an incomplete run with no
// proposals; remediation is dry run by default, needs a second admin, changes only what was approved, and a
// second run is clean. The schedule is created and updated idempotently.
import request from 'supertest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createApp } from '../../api/app';
import { ensureReconciliationSchedule, RECONCILIATION_SCHEDULE_ID } from '../../api/reconciliation-schedule';
import type { AccountRef, Connector, PersonProfile } from '../../connectors/types';
import type { EmployeeAttributes } from '../../domain/lifecycle';
import type { ReconciliationReport } from '../../domain/reconciliation';
import { devServerEnvironment } from '../support/temporal';
import { captureLogger, recordSecrets, tokenSecrets } from '../support/log-capture';
import { useTestStack, type TestStack } from '../support/stack';

const TOKENS = [
  { name: 'admin-alice', role: 'admin' as const, token: 'admin-alice-0123456789abcdef' },
  { name: 'admin-bob', role: 'admin' as const, token: 'admin-bob-0123456789abcdef' },
  { name: 'auditor-ann', role: 'auditor' as const, token: 'auditor-ann-0123456789abcdef' },
];
const as = (i: number) => ({ Authorization: `Bearer ${TOKENS[i]!.token}` });

let env: TestWorkflowEnvironment;
let stack: TestStack;
let app: ReturnType<typeof createApp>;

useTestStack((s) => {
  ({ env, stack } = s);
  recordSecrets('api', tokenSecrets(TOKENS));
  app = createApp({
    store: stack.store, temporal: env.client, taskQueue: stack.taskQueue, companyTimeZone: 'UTC', systems: stack.connectors.systems(),
    tokens: TOKENS, logger: captureLogger('gatehouse-api'), reconciliation: { maxDropShare: 0.2, pageSize: 2 },
  });
}, devServerEnvironment);

const profile = (employeeId: string, givenName: string, familyName: string): PersonProfile & EmployeeAttributes => ({
  employeeId, givenName, familyName, department: 'Engineering', location: 'NL', jobTitle: 'Engineer', employmentType: 'employee',
});

const policy = {
  entitlements: [
    { id: 'eng-m365', system: 'm365', kind: 'group', ref: 'Engineering' },
    { id: 'sales-m365', system: 'm365', kind: 'group', ref: 'Sales' },
    { id: 'm365-e3', system: 'm365', kind: 'licence', ref: 'ENTERPRISEPACK' },
    { id: 'github', system: 'scim:github', kind: 'group', ref: 'engineering' },
  ],
  birthright: [], sod: [], approvals: {},
  durations: { moverGrace: 'P7D', joinerLeadTime: 'P1D', deviceReturnReminder: 'P2D', deviceReturnEscalation: 'P14D' },
  prices: { 'm365:ENTERPRISEPACK': 23, 'scim:github': 21 },
  currency: 'EUR',
};

interface Seeded {
  ada: { m365: AccountRef; scim: AccountRef };
  bob: AccountRef;
  lea: { m365: AccountRef; scim: AccountRef };
  orphan: AccountRef;
  disputed: string;
}
let seeded: Seeded;

async function inRecord(p: EmployeeAttributes, state: 'active' | 'deactivated', accounts: Array<[AccountRef, 'active' | 'disabled']>, entitlements: string[]) {
  await stack.store.upsertPerson(p, { caseId: null, state });
  for (const [a, status] of accounts) await stack.store.upsertAccount({ employeeId: p.employeeId, system: a.system, externalId: a.externalId, login: a.login, status });
  for (const id of entitlements) {
    const system = policy.entitlements.find((e) => e.id === id)!.system;
    await stack.store.grantEntitlement({ employeeId: p.employeeId, entitlementId: id, system, source: 'birthright', caseId: null, at: new Date() });
  }
}

beforeAll(async () => {
  await stack.store.savePolicyVersion(policy, { createdBy: 'test', diff: null });
  const m365: Connector = stack.connectors.get('m365');
  const github: Connector = stack.connectors.get('scim:github');
  const google = stack.tenant.google!;
  const e3 = { kind: 'licence' as const, ref: 'ENTERPRISEPACK' };

  // In order: Ada holds what the record says.
  const ada = profile('R1', 'Ada', 'Lovelace');
  const adaM365 = await m365.ensureAccount(ada);
  await m365.grant(adaM365, { kind: 'group', ref: 'Engineering' });
  await m365.grant(adaM365, e3);
  const adaScim = await github.ensureAccount(ada);
  await github.grant(adaScim, { kind: 'group', ref: 'engineering' });
  await inRecord(ada, 'active', [[adaM365, 'active'], [adaScim, 'active']], ['eng-m365', 'm365-e3', 'github']);

  // Drift: Bob was put in Sales by hand; the record gives him the licence only.
  const bob = profile('R2', 'Bob', 'Builder');
  const bobM365 = await m365.ensureAccount(bob);
  await m365.grant(bobM365, e3);
  await m365.grant(bobM365, { kind: 'group', ref: 'Sales' });
  await inRecord(bob, 'active', [[bobM365, 'active']], ['m365-e3']);

  // A leaver whose licence and GitHub seat were never released (and whose GitHub account is still active).
  const lea = profile('R3', 'Lea', 'Left');
  const leaM365 = await m365.ensureAccount(lea);
  await m365.grant(leaM365, e3);
  await m365.disable(leaM365);
  const leaScim = await github.ensureAccount(lea);
  await inRecord(lea, 'deactivated', [[leaM365, 'disabled'], [leaScim, 'disabled']], []);

  // An orphan: made by hand, nobody in the record, holding a licence.
  const orphan = await m365.ensureAccount(profile('X9', 'Temp', 'Admin'));
  await m365.grant(orphan, e3);

  // Disputed: a GitHub account whose externalId says Bob and whose userName is Ada's sign-in.
  const disputed = stack.tenant.scim!.emulator.state.createUser({ userName: adaM365.login, externalId: 'R2', attributes: {} });

  // The delegated Google admin belongs to the IT person of the record.
  const admin = [...google.state.users.values()][0]!;
  await inRecord(profile('R0', 'It', 'Admin'), 'active', [[{ system: 'google', externalId: admin.id, login: admin.primaryEmail }, 'active']], []);

  seeded = { ada: { m365: adaM365, scim: adaScim }, bob: bobM365, lea: { m365: leaM365, scim: leaScim }, orphan, disputed: disputed.id };
});

type RunView = ReconciliationReport & { id: string; status: string };

async function run(): Promise<RunView> {
  const started = await request(app).post('/v1/reconciliations').set(as(0)).send();
  expect(started.status).toBe(202);
  const id = started.body.reconciliationId as string;
  await env.client.workflow.getHandle(id).result();
  const res = await request(app).get(`/v1/reconciliations/${id}`).set(as(2));
  expect(res.status).toBe(200);
  return res.body as RunView;
}

const graphUser = (a: AccountRef) => stack.tenant.graph!.state.users.get(a.externalId)!;
const scimUser = (id: string) => stack.tenant.scim!.emulator.state.users.get(id)!;
const groupsOf = (a: AccountRef) => stack.tenant.graph!.state.groupsOf(a.externalId).map((g) => g.displayName).sort();

let firstRun: RunView;

test('the report finds exactly the orphan, the drift, the leaver\'s seat and licence, and the disputed match, costed', async () => {
  firstRun = await run();
  expect(firstRun.status).toBe('complete');
  expect(firstRun.findings.map((f) => f.id)).toEqual([
    `drift|m365|${seeded.bob.externalId}|group:Sales`,
    `leaver_seat|m365|${seeded.lea.m365.externalId}|licence:ENTERPRISEPACK`,
    `leaver_seat|scim:github|${seeded.lea.scim.externalId}|seat:scim:github`,
    `orphan_account|m365|${seeded.orphan.externalId}`,
    `orphan_account|scim:github|${seeded.lea.scim.externalId}`,
    `unowned_seat|m365|${seeded.orphan.externalId}|licence:ENTERPRISEPACK`,
  ].sort());
  expect(firstRun.cost).toEqual({ currency: 'EUR', monthlyTotal: 67, byKind: { orphan_account: 0, drift: 0, leaver_seat: 44, unowned_seat: 23 } });
  const disputed = firstRun.accounts.find((a) => a.externalId === seeded.disputed);
  expect(disputed).toMatchObject({ situation: 'disputed', candidates: ['R1', 'R2'], matchedBy: ['externalId', 'login'] });
  expect(firstRun.situations).toEqual({ linked: 6, unlinked: 0, unmatched: 1, disputed: 1, deleted: 0 });
  expect(firstRun.proposals).toHaveLength(6);

  const csv = await request(app).get(`/v1/reconciliations/${firstRun.id}/export?format=csv`).set(as(2));
  expect(csv.status).toBe(200);
  expect(csv.text.split('\r\n').filter(Boolean)).toHaveLength(7);
  const jsonl = await request(app).get(`/v1/reconciliations/${firstRun.id}/export?format=jsonl`).set(as(0));
  expect(jsonl.text.trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(firstRun.findings.map((f) => f.id));

  const metrics = await request(app).get('/metrics');
  expect(metrics.text).toMatch(/gatehouse_reconciliation_monthly_cost\{kind="leaver_seat",currency="EUR"\} 44/);
  expect(metrics.text).toMatch(/gatehouse_reconciliation_accounts\{system="scim:github",situation="disputed"\} 1/);
});

test('a SCIM read that fails part-way: an incomplete run that proposes nothing, and remediation of it is refused', async () => {
  stack.tenant.scim!.emulator.faults.add({ method: 'GET', path: '/Users$', after: 1, times: 1, status: 500 });
  const broken = await run();
  stack.tenant.scim!.emulator.faults.clear();
  expect(broken).toMatchObject({ status: 'incomplete', complete: false, proposals: [], problems: [{ system: 'scim:github', reason: 'read_failed' }] });
  const refused = await request(app).post(`/v1/reconciliations/${broken.id}/remediations`).set(as(0))
    .send({ findingIds: [`orphan_account|m365|${seeded.orphan.externalId}`], reason: 'clean up', dryRun: false });
  expect(refused.status).toBe(409);
});

test('remediation: dry run by default, four eyes, only what was approved changes; then a second run is clean', async () => {
  const all = firstRun.proposals;
  const rejected = await request(app).post(`/v1/reconciliations/${firstRun.id}/remediations`).set(as(0)).send({ findingIds: all, reason: 'too much at once', dryRun: false });
  expect((await request(app).post(`/v1/remediations/${rejected.body.id}/reject`).set(as(1)).send({})).body).toMatchObject({ status: 'rejected', decidedBy: 'admin-bob' });
  expect((await request(app).post(`/v1/remediations/${rejected.body.id}/approve`).set(as(1)).send({})).status).toBe(409);
  const unknown = await request(app).post(`/v1/reconciliations/${firstRun.id}/remediations`).set(as(0)).send({ findingIds: ['orphan_account|m365|nope'], reason: 'x' });
  expect(unknown.status).toBe(409);
  const dry = await request(app).post(`/v1/reconciliations/${firstRun.id}/remediations`).set(as(0)).send({ findingIds: all, reason: 'quarterly clean-up' });
  expect(dry.status).toBe(201);
  expect(dry.body).toMatchObject({ dryRun: true, status: 'pending' });
  const self = await request(app).post(`/v1/remediations/${dry.body.id}/approve`).set(as(0)).send({});
  expect(self.status).toBe(403);
  const auditorTry = await request(app).post(`/v1/remediations/${dry.body.id}/approve`).set(as(2)).send({});
  expect(auditorTry.status).toBe(403);
  const dryApproved = await request(app).post(`/v1/remediations/${dry.body.id}/approve`).set(as(1)).send({});
  expect(dryApproved.status).toBe(202);
  for (const id of dryApproved.body.cases as string[]) expect(await env.client.workflow.getHandle(id).result()).toBe('previewed');
  expect(graphUser(seeded.orphan).accountEnabled).toBe(true); // a dry run changed nothing
  expect(groupsOf(seeded.bob)).toEqual(['Sales']);

  // Approve everything but Bob's drift: it must stay as it is.
  const chosen = all.filter((id) => !id.startsWith('drift|'));
  const real = await request(app).post(`/v1/reconciliations/${firstRun.id}/remediations`).set(as(1)).send({ findingIds: chosen, reason: 'quarterly clean-up', dryRun: false });
  expect(real.status).toBe(201);
  const approved = await request(app).post(`/v1/remediations/${real.body.id}/approve`).set(as(0)).send({ comment: 'checked' });
  expect(approved.status).toBe(202);
  for (const id of approved.body.cases as string[]) expect(await env.client.workflow.getHandle(id).result()).toBe('applied');

  expect(graphUser(seeded.orphan)).toMatchObject({ accountEnabled: false, assignedLicenses: [] });
  expect(graphUser(seeded.lea.m365).assignedLicenses).toEqual([]);
  expect(scimUser(seeded.lea.scim.externalId).active).toBe(false);
  expect(groupsOf(seeded.bob)).toEqual(['Sales']); // not approved: untouched
  expect(graphUser(seeded.ada.m365).assignedLicenses).toHaveLength(1);
  expect(groupsOf(seeded.ada.m365)).toEqual(['Engineering']);
  expect(scimUser(seeded.disputed).active).toBe(true);

  const { rows } = await stack.pool.query<{ type: string; accounts: unknown[]; approver: string; actor: string }>(
    `SELECT type, accounts, approver, actor FROM audit_events WHERE type = 'remediation.applied' ORDER BY seq`,
  );
  expect(rows).toHaveLength(chosen.length);
  for (const row of rows) {
    expect(row).toMatchObject({ actor: 'admin-bob', approver: 'admin-alice' });
    expect(JSON.stringify(row.accounts)).not.toMatch(/@/); // accounts as system + externalId, no login
  }

  // Bob's membership is fixed by a second request; then nothing is left.
  const drift = await request(app).post(`/v1/reconciliations/${firstRun.id}/remediations`).set(as(0)).send({ findingIds: all.filter((id) => id.startsWith('drift|')), reason: 'drift', dryRun: false });
  const driftOk = await request(app).post(`/v1/remediations/${drift.body.id}/approve`).set(as(1)).send({});
  for (const id of driftOk.body.cases as string[]) await env.client.workflow.getHandle(id).result();
  expect(groupsOf(seeded.bob)).toEqual([]);

  const second = await run();
  expect(second).toMatchObject({ status: 'complete', findings: [], proposals: [], cost: { monthlyTotal: 0 } });
});

test('the daily schedule is created once and updated after', async () => {
  const options = { taskQueue: stack.taskQueue, cron: '0 3 * * *', timeZone: 'Europe/Amsterdam', maxDropShare: 0.2 };
  expect(await ensureReconciliationSchedule(env.client, options)).toBe('created');
  expect(await ensureReconciliationSchedule(env.client, { ...options, cron: '30 4 * * *' })).toBe('updated');
  const described = await env.client.schedule.getHandle(RECONCILIATION_SCHEDULE_ID).describe();
  expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: 'reconciliationWorkflow', taskQueue: stack.taskQueue });
  expect(described.spec.timezone).toBe('Europe/Amsterdam');
  expect(JSON.stringify(described.spec.calendars)).toContain('"hour":[{"start":4');
  expect(await ensureReconciliationSchedule(env.client, { ...options, cron: 'off' })).toBe('removed');
  expect(await ensureReconciliationSchedule(env.client, { ...options, cron: 'off' })).toBe('absent');
});
