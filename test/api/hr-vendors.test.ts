// HR systems as they send (issue 15): each vendor's native webhook at POST /v1/hr/{vendor}/{connectionId},
// verified by its own scheme, with a correct, a tampered and a replayed delivery; the thin payload's employee
// fetched from the emulated vendor API (its errors included) and accepted on the same path as
// /v1/hr/events, so a vendor's leavers meet the mass-leaver safeguard. Real Temporal (time-skipping), database,
// worker and emulators; effects checked in the database and the emulated tenant.
import { createHmac, randomUUID } from 'node:crypto';
import request from 'supertest';
import { hrConnections, type HrConnectionConfig } from '../../config/hr-connections';
import { DEFAULT_LEAVER_GUARD } from '../../domain/leaver-guard';
import type { HrVendor } from '../../domain/hr-vendors';
import type { VendorIntakeOutcome } from '../../activities/hr-intake';
import { startHrVendorEmulator } from '../../emulators/hr-vendors/app';
import { recordSecrets } from '../support/log-capture';
import { startApi, type ApiHarness } from './harness';

const API_KEY = 'hr-vendor-api-key-0123456789abcdef';
const ACCOUNT = 'acme';
const secretOf = (vendor: string) => `${vendor}-webhook-secret-0123456789abcdef`;

let h: ApiHarness;
let vendorApi: Awaited<ReturnType<typeof startHrVendorEmulator>>;

beforeAll(async () => {
  vendorApi = await startHrVendorEmulator({ apiKey: API_KEY, account: ACCOUNT });
  const configs: HrConnectionConfig[] = (['bamboohr', 'hibob', 'personio', 'gusto', 'deel'] as const).map((vendor) => ({
    vendor, id: 'main', secret: secretOf(vendor), apiUrl: vendorApi.url, apiKey: API_KEY, account: ACCOUNT,
  }));
  // A connection whose API key the vendor does not accept.
  configs.push({ vendor: 'bamboohr', id: 'stale-key', secret: secretOf('bamboohr'), apiUrl: vendorApi.url, apiKey: 'revoked-key-0123456789', account: ACCOUNT });
  recordSecrets('hr-vendors', { 'vendor API key': API_KEY, 'stale API key': 'revoked-key-0123456789', ...Object.fromEntries(configs.map((c) => [`${c.vendor} secret`, c.secret])) });
  h = await startApi({ hrConnections: hrConnections(configs), leaverGuard: DEFAULT_LEAVER_GUARD });
});
afterAll(async () => {
  await h?.stop();
  await vendorApi?.close();
});

/** The employee in the vendor's own shape. */
function vendorEmployee(vendor: HrVendor, id: string, o: { familyName: string; left?: string }): unknown {
  const { familyName, left } = o;
  switch (vendor) {
    case 'bamboohr':
      return { firstName: 'Vee', lastName: familyName, department: 'Engineering', location: 'NL', jobTitle: 'Engineer', status: left ? 'Inactive' : 'Active', hireDate: '2020-01-06', terminationDate: left ?? '0000-00-00', employmentHistoryStatus: 'Full-Time' };
    case 'hibob':
      return { id, firstName: 'Vee', surname: familyName, work: { department: 'Engineering', site: 'NL', title: 'Engineer', startDate: '2020-01-06' }, internal: { status: left ? 'Inactive' : 'Active', terminationDate: left ?? null }, payroll: { employment: { type: 'Permanent' } } };
    case 'personio': {
      const a = (label: string, value: unknown) => ({ label, value });
      return { type: 'Employee', attributes: {
        id: a('ID', id), first_name: a('First name', 'Vee'), last_name: a('Last name', familyName), status: a('Status', left ? 'inactive' : 'active'),
        department: a('Department', { type: 'Department', attributes: { id: 7, name: 'Engineering' } }), office: a('Office', { type: 'Office', attributes: { id: 3, name: 'NL' } }),
        position: a('Position', 'Engineer'), hire_date: a('Hire date', '2020-01-06T00:00:00+01:00'), termination_date: a('Termination date', left ?? null), employment_type: a('Employment type', 'internal'),
      } };
    }
    case 'gusto':
      return { uuid: id, first_name: 'Vee', last_name: familyName, department: 'Engineering', terminated: Boolean(left), terminations: left ? [{ effective_date: left }] : [], jobs: [{ title: 'Engineer', hire_date: '2020-01-06' }], work_addresses: [{ city: 'NL' }] };
    case 'deel':
      return { id, first_name: 'Vee', last_name: familyName, department: { name: 'Engineering' }, country: 'NL', job_title: 'Engineer', hiring_type: 'employee', hiring_status: left ? 'terminated' : 'active', start_date: '2020-01-06', termination_date: left ?? null };
  }
}

async function putEmployee(vendor: HrVendor, id: string, o: { familyName: string; left?: string }) {
  const res = await fetch(`${vendorApi.url}/_admin/${vendor}/employees/${id}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(vendorEmployee(vendor, id, o)) });
  expect(res.status).toBe(204);
}

/** A thin webhook as the vendor sends it, signed with the connection's secret. */
function delivery(vendor: HrVendor, id: string, kind: 'joined' | 'left', secret = secretOf(vendor)): { body: string; headers: Record<string, string> } {
  const hmac = (alg: string, ...parts: string[]) => parts.reduce((m, p) => m.update(p), createHmac(alg, secret));
  switch (vendor) {
    case 'bamboohr': {
      const body = JSON.stringify({ employees: [{ id, action: kind === 'joined' ? 'Created' : 'Updated', changedFields: ['Status'], fields: {} }] });
      const ts = String(Math.floor(Date.now() / 1000));
      return { body, headers: { 'X-BambooHR-Timestamp': ts, 'X-BambooHR-Signature': hmac('sha256', body, ts).digest('hex') } };
    }
    case 'hibob': {
      const body = JSON.stringify({ companyId: 640, type: kind === 'joined' ? 'employee.joined' : 'employee.left', triggeredAt: new Date().toISOString(), version: 'v2', data: { employeeId: id, fieldIds: ['internal.status'] } });
      return { body, headers: { 'Bob-Signature': hmac('sha512', body).digest('base64') } };
    }
    case 'personio': {
      const body = JSON.stringify({ id: `evt-${randomUUID()}`, type: kind === 'joined' ? 'employment.started' : 'employment.terminated', data: { employee_id: Number(id) } });
      return { body, headers: { Authorization: secret } };
    }
    case 'gusto': {
      const body = JSON.stringify({ uuid: randomUUID(), event_type: kind === 'joined' ? 'employee.created' : 'employee.terminated', resource_type: 'Company', resource_uuid: 'co-1', entity_type: 'Employee', entity_uuid: id, timestamp: Math.floor(Date.now() / 1000) });
      return { body, headers: { 'X-Gusto-Signature': hmac('sha256', body).digest('hex') } };
    }
    case 'deel': {
      const body = JSON.stringify({ data: { meta: { event_type: kind === 'joined' ? 'people.created' : 'contract.terminated', tracking_id: randomUUID() }, resource: { id } }, timestamp: new Date().toISOString() });
      return { body, headers: { 'x-deel-signature': hmac('sha256', 'POST', body).digest('hex'), 'x-deel-hmac-label': 'main' } };
    }
  }
}

const send = (vendor: string, d: { body: string; headers: Record<string, string> }, connection = 'main') =>
  request(h.app).post(`/v1/hr/${vendor}/${connection}`).set('Content-Type', 'application/json').set(d.headers).send(d.body);
const intakeResult = async (intakeId: string) => (await h.env.client.workflow.getHandle(intakeId).result()) as VendorIntakeOutcome[];
const casesOf = async (employeeId: string) => (await h.stack.store.listCases({ employeeId, limit: 50 })).items;

const IDS: Record<HrVendor, string> = { bamboohr: '101', hibob: '3332883804594373101', personio: '4101', gusto: 'b1f7c3e0-gusto-101', deel: 'deel-101' };

describe.each(Object.keys(IDS) as HrVendor[])('%s', (vendor) => {
  const id = IDS[vendor];
  test('a correct delivery starts a joiner from the fetched employee; a replay starts nothing; a tampered one is 401', async () => {
    await putEmployee(vendor, id, { familyName: `Joiner${vendor}` });
    const d = delivery(vendor, id, 'joined');
    const ok = await send(vendor, d);
    expect(ok.status).toBe(202);
    expect(ok.body.duplicate).toBe(false);
    const [outcome] = await intakeResult(ok.body.intakeId as string);
    expect(outcome).toMatchObject({ outcome: 'accepted', type: 'joiner', duplicate: false, held: false });
    await h.env.client.workflow.getHandle((outcome as { caseId: string }).caseId).result();
    const person = await h.stack.store.getPerson(id);
    expect(person).toMatchObject({ familyName: `Joiner${vendor}`, department: 'Engineering', jobTitle: 'Engineer' });
    expect((await casesOf(id)).map((c) => c.type)).toEqual(['joiner']);

    // The same delivery again (the vendor's retry, or someone replaying it): the same intake, nothing new.
    const replay = await send(vendor, d);
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual({ intakeId: ok.body.intakeId, duplicate: true });

    // The body changed under a valid signature: refused before anything parses it. (Personio signs nothing:
    // its static token is all there is to tamper with.)
    const tampered = vendor === 'personio' ? { body: d.body.replace(id, `${id}9`), headers: { Authorization: `${secretOf(vendor)}x` } } : { ...d, body: d.body.replace(id, `${id}9`) };
    const refused = await send(vendor, tampered);
    expect(refused.status).toBe(401);
    expect(refused.type).toBe('application/problem+json');
    // Signed with another secret: refused too.
    expect((await send(vendor, delivery(vendor, id, 'joined', 'not-the-secret-0123456789'))).status).toBe(401);
    expect(await h.stack.store.getPerson(`${id}9`)).toBeNull();
    expect((await casesOf(id)).map((c) => c.type)).toEqual(['joiner']);
  });
});

describe('the fetch from the vendor API', () => {
  test('server errors (with Retry-After) are retried until the employee is fetched', async () => {
    await putEmployee('bamboohr', '102', { familyName: 'Retried' });
    await fetch(`${vendorApi.url}/_admin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ path: '/employees/102$', status: 503, retryAfter: 2, times: 3 }) });
    const res = await send('bamboohr', delivery('bamboohr', '102', 'joined'));
    expect(res.status).toBe(202);
    expect(await intakeResult(res.body.intakeId as string)).toEqual([expect.objectContaining({ outcome: 'accepted', type: 'joiner' })]);
    expect((await fetch(`${vendorApi.url}/_admin/faults`).then((r) => r.json())) as Array<{ times: number }>).toEqual([
      expect.objectContaining({ times: 0 }),
    ]);
    await fetch(`${vendorApi.url}/_admin/faults`, { method: 'DELETE' });
  });

  test('an employee the vendor does not know, or a key it refuses, fails the intake visibly and starts nothing', async () => {
    const missing = await send('bamboohr', delivery('bamboohr', '199', 'joined'));
    expect(missing.status).toBe(202);
    expect(await intakeResult(missing.body.intakeId as string)).toEqual([expect.objectContaining({ outcome: 'failed', reason: expect.stringMatching(/employee not found/) })]);
    await putEmployee('bamboohr', '103', { familyName: 'Unfetched' });
    const stale = await send('bamboohr', delivery('bamboohr', '103', 'joined'), 'stale-key');
    expect(await intakeResult(stale.body.intakeId as string)).toEqual([expect.objectContaining({ outcome: 'failed', reason: expect.stringMatching(/invalid credentials/) })]);
    expect(await h.stack.store.getPerson('199')).toBeNull();
    expect(await h.stack.store.getPerson('103')).toBeNull();
    const audit = (await h.stack.store.listAudit({ limit: 500 })).items.filter((e) => e.type === 'hr.vendor_event_failed');
    expect(audit.map((e) => e.details.vendorEmployeeId).sort()).toEqual(['103', '199']);
  });

  test('an unknown connection is 404 and a payload that is not the vendor\'s is 400 (retrying fixes neither)', async () => {
    expect((await send('gusto', delivery('gusto', IDS.gusto, 'joined'), 'nope')).status).toBe(404);
    expect((await send('workday', delivery('gusto', IDS.gusto, 'joined'))).status).toBe(404);
    const body = JSON.stringify({ hello: 'world' });
    const signed = { body, headers: { 'X-Gusto-Signature': createHmac('sha256', secretOf('gusto')).update(body).digest('hex') } };
    expect((await send('gusto', signed)).status).toBe(400);
  });
});

test('a vendor\'s leavers take the same path: the first runs, a further one from that source is held', async () => {
  await putEmployee('hibob', IDS.hibob, { familyName: 'Joinerhibob', left: '2020-02-01' });
  const first = await send('hibob', delivery('hibob', IDS.hibob, 'left'));
  const [left] = await intakeResult(first.body.intakeId as string);
  expect(left).toMatchObject({ outcome: 'accepted', type: 'leaver', held: false });
  await h.env.client.workflow.getHandle((left as { caseId: string }).caseId).result();
  expect((await h.stack.store.getPerson(IDS.hibob))?.state).toBe('deactivated');

  await putEmployee('hibob', IDS.deel, { familyName: 'Joinerdeel', left: '2020-02-01' });
  const second = await send('hibob', delivery('hibob', IDS.deel, 'left'));
  expect(await intakeResult(second.body.intakeId as string)).toEqual([expect.objectContaining({ outcome: 'accepted', type: 'leaver', held: true })]);
  const held = await request(h.app).get('/v1/hr/held-leavers').set('Authorization', `Bearer ${'admin-token-0123456789abcdef01'}`);
  expect(held.body.items).toEqual([expect.objectContaining({ employeeId: IDS.deel, source: 'hibob:main', status: 'held' })]);
  expect((await h.stack.store.getPerson(IDS.deel))?.state).toBe('active');
});
