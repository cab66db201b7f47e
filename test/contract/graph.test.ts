// Contract tests: the Graph emulator answers as REFERENCE.md §A says (paths, bodies, status codes, error shapes),
// and the real Graph client library runs unchanged against it.
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { GraphError } from '@microsoft/microsoft-graph-client';
import request from 'supertest';
import { fixtureTenant } from '../../emulators/fixtures/tenant';
import { emulatorGraphClient, startTestGraphEmulator, type RunningGraphEmulator } from '../support/graph-emulator';

let emu: RunningGraphEmulator;
let token: string;

const newUser = (local: string, extra: Record<string, unknown> = {}) => ({
  accountEnabled: true,
  displayName: local,
  mailNickname: local,
  userPrincipalName: `${local}@example.com`,
  passwordProfile: { password: 'Xy9!long-enough', forceChangePasswordNextSignIn: true },
  ...extra,
});

const api = () => request(emu.app);
const authed = (req: request.Test) => req.set('Authorization', `Bearer ${token}`);

function expectGraphError(body: unknown, code: string, message?: string): void {
  expect(body).toEqual({
    error: expect.objectContaining({
      code,
      message: message ?? expect.any(String),
      innerError: expect.objectContaining({ 'request-id': expect.any(String), date: expect.any(String) }),
    }),
  });
}

async function getToken(): Promise<string> {
  const { tenantId, clientId, clientSecret } = emu.state.options;
  const res = await api()
    .post(`/${tenantId}/oauth2/v2.0/token`)
    .type('form')
    .send({ client_id: clientId, client_secret: clientSecret, scope: 'https://graph.microsoft.com/.default', grant_type: 'client_credentials' });
  expect(res.status).toBe(200);
  return (res.body as { access_token: string }).access_token;
}

async function createUser(local: string, extra: Record<string, unknown> = {}): Promise<{ id: string }> {
  const res = await authed(api().post('/v1.0/users')).send(newUser(local, extra));
  expect(res.status).toBe(201);
  return res.body as { id: string };
}

async function groupId(name: string): Promise<string> {
  const res = await authed(api().get('/v1.0/groups').query({ $filter: `displayName eq '${name}'` }));
  return (res.body as { value: { id: string }[] }).value[0]!.id;
}

beforeAll(async () => {
  emu = await startTestGraphEmulator();
});
afterAll(async () => {
  await emu.close();
});
beforeEach(async () => {
  emu.state.reset();
  emu.faults.clear();
  token = await getToken();
});

describe('identity platform', () => {
  it('serves the OpenID configuration the credential reads', async () => {
    const res = await api().get(`/${fixtureTenant.m365.tenantId}/v2.0/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    for (const field of [
      'token_endpoint', 'authorization_endpoint', 'issuer', 'jwks_uri', 'end_session_endpoint',
      'response_types_supported', 'subject_types_supported', 'id_token_signing_alg_values_supported',
    ]) {
      expect(res.body).toHaveProperty(field);
    }
    expect((res.body as { token_endpoint: string }).token_endpoint).toMatch(/\/oauth2\/v2\.0\/token$/);
  });

  it('issues a bearer token for the client credentials grant', async () => {
    const { tenantId, clientId, clientSecret } = emu.state.options;
    const res = await api()
      .post(`/${tenantId}/oauth2/v2.0/token`)
      .type('form')
      .send({ client_id: clientId, client_secret: clientSecret, scope: 'https://graph.microsoft.com/.default', grant_type: 'client_credentials' });
    expect(res.body).toEqual(expect.objectContaining({ token_type: 'Bearer', expires_in: 3599, access_token: expect.any(String) }));
  });

  it('refuses a wrong secret and an unknown client', async () => {
    const { tenantId, clientId } = emu.state.options;
    const form = { scope: 'https://graph.microsoft.com/.default', grant_type: 'client_credentials' };
    const wrongSecret = await api().post(`/${tenantId}/oauth2/v2.0/token`).type('form').send({ ...form, client_id: clientId, client_secret: 'nope' });
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.body).toEqual(expect.objectContaining({ error: 'invalid_client', error_codes: [7000215] }));
    const unknown = await api().post(`/${tenantId}/oauth2/v2.0/token`).type('form').send({ ...form, client_id: 'other', client_secret: 'x' });
    expect(unknown.status).toBe(400);
    expect((unknown.body as { error: string }).error).toBe('unauthorized_client');
  });
});

describe('bearer required', () => {
  it('answers 401 InvalidAuthenticationToken without a token or with a made-up one', async () => {
    const none = await api().get('/v1.0/users');
    expect(none.status).toBe(401);
    expectGraphError(none.body, 'InvalidAuthenticationToken', 'Access token is empty.');
    const madeUp = await api().get('/v1.0/users').set('Authorization', 'Bearer not-issued-here');
    expect(madeUp.status).toBe(401);
    expectGraphError(madeUp.body, 'InvalidAuthenticationToken');
  });
});

describe('users', () => {
  it('creates a user: 201 with the user, and refuses a missing required property', async () => {
    const res = await authed(api().post('/v1.0/users')).send(newUser('ada.lovelace', { employeeId: 'E1', department: 'Engineering' }));
    expect(res.status).toBe(201);
    expect(res.body).toEqual(
      expect.objectContaining({ id: expect.any(String), userPrincipalName: 'ada.lovelace@example.com', accountEnabled: true, employeeId: 'E1', department: 'Engineering' }),
    );
    expect(res.body).not.toHaveProperty('passwordProfile');
    const { passwordProfile: _omit, ...withoutPassword } = newUser('grace');
    const missing = await authed(api().post('/v1.0/users')).send(withoutPassword);
    expect(missing.status).toBe(400);
    expectGraphError(missing.body, 'Request_BadRequest', "A value is required for property 'passwordProfile' of resource 'User'.");
  });

  it('refuses a duplicate user principal name with 400 ObjectConflict, exactly as Graph does', async () => {
    await createUser('ada');
    const res = await authed(api().post('/v1.0/users')).send(newUser('ADA'));
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: {
        code: 'Request_BadRequest',
        message: 'Another object with the same value for property userPrincipalName already exists.',
        innerError: expect.objectContaining({ 'request-id': expect.any(String), date: expect.any(String) }),
        details: [{ target: 'userPrincipalName', code: 'ObjectConflict' }],
      },
    });
  });

  it('refuses a user principal name outside the verified domain', async () => {
    const res = await authed(api().post('/v1.0/users')).send({ ...newUser('x'), userPrincipalName: 'x@elsewhere.org' });
    expect(res.status).toBe(400);
    expectGraphError(res.body, 'Request_BadRequest');
  });

  it('finds users by id, by UPN and by $filter on userPrincipalName and employeeId; 404 Request_ResourceNotFound otherwise', async () => {
    const { id } = await createUser('ada', { employeeId: 'E42' });
    expect((await authed(api().get(`/v1.0/users/${id}`))).body).toEqual(expect.objectContaining({ id }));
    expect((await authed(api().get('/v1.0/users/ada@example.com'))).body).toEqual(expect.objectContaining({ id }));
    const byUpn = await authed(api().get('/v1.0/users').query({ $filter: "userPrincipalName eq 'ada@example.com'" }));
    expect(byUpn.body).toEqual(expect.objectContaining({ value: [expect.objectContaining({ id })] }));
    const byEmployee = await authed(api().get('/v1.0/users').query({ $filter: "employeeId eq 'E42'" }));
    expect((byEmployee.body as { value: unknown[] }).value).toHaveLength(1);
    const none = await authed(api().get('/v1.0/users').query({ $filter: "employeeId eq 'nobody'" }));
    expect(none.body).toEqual(expect.objectContaining({ value: [] }));
    const missing = await authed(api().get('/v1.0/users/00000000-0000-0000-0000-00000000dead'));
    expect(missing.status).toBe(404);
    expectGraphError(missing.body, 'Request_ResourceNotFound');
    const unsupported = await authed(api().get('/v1.0/users').query({ $filter: "startswith(displayName,'a')" }));
    expect(unsupported.status).toBe(400);
  });

  it('without $select a user carries the default set only: employeeId and accountEnabled come when selected', async () => {
    const { id } = await createUser('ada', { employeeId: 'E7' });
    const plain = await authed(api().get(`/v1.0/users/${id}`));
    expect(plain.body).toMatchObject({ id, userPrincipalName: 'ada@example.com' });
    expect(plain.body).not.toHaveProperty('employeeId');
    expect(plain.body).not.toHaveProperty('accountEnabled');
    const listed = await authed(api().get('/v1.0/users').query({ $select: 'id,employeeId,accountEnabled', $top: 999 }));
    expect((listed.body as { value: unknown[] }).value).toEqual([{ id, employeeId: 'E7', accountEnabled: true }]);
  });

  it('pages by $top with @odata.nextLink, never more than 999 a page', async () => {
    for (const n of [1, 2, 3]) await createUser(`user${n}`);
    const first = await authed(api().get('/v1.0/users').query({ $select: 'id', $top: 2 }));
    const next = (first.body as { '@odata.nextLink': string })['@odata.nextLink'];
    expect((first.body as { value: unknown[] }).value).toHaveLength(2);
    const url = new URL(next);
    const second = await authed(api().get(`${url.pathname}${url.search}`));
    expect((second.body as { value: unknown[] }).value).toHaveLength(1);
    expect(second.body).not.toHaveProperty('@odata.nextLink');
  });

  it('PATCH answers 204 and keeps omitted properties; accountEnabled=false blocks sign-in', async () => {
    const { id } = await createUser('ada', { department: 'Engineering', jobTitle: 'Engineer' });
    const res = await authed(api().patch(`/v1.0/users/${id}`)).send({ accountEnabled: false, jobTitle: 'Lead' });
    expect(res.status).toBe(204);
    const user = emu.state.users.get(id)!;
    expect(user).toEqual(expect.objectContaining({ accountEnabled: false, jobTitle: 'Lead', department: 'Engineering' }));
    const bad = await authed(api().patch(`/v1.0/users/${id}`)).send({ usageLocation: 'Germany' });
    expect(bad.status).toBe(400);
  });

  it('revokeSignInSessions answers 200 Edm.Boolean true and moves signInSessionsValidFromDateTime', async () => {
    const { id } = await createUser('ada');
    emu.state.users.get(id)!.signInSessionsValidFromDateTime = '2000-01-01T00:00:00.000Z';
    const res = await authed(api().post(`/v1.0/users/${id}/revokeSignInSessions`));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#Edm.Boolean', value: true });
    expect(emu.state.users.get(id)!.signInSessionsValidFromDateTime > '2000-01-01T00:00:00.000Z').toBe(true);
  });

  it('assignLicense needs a usage location, returns the user, and counts consumedUnits', async () => {
    const sku = fixtureTenant.m365.skus[0];
    const { id } = await createUser('ada');
    const add = { addLicenses: [{ skuId: sku.skuId, disabledPlans: [] }], removeLicenses: [] };
    const noLocation = await authed(api().post(`/v1.0/users/${id}/assignLicense`)).send(add);
    expect(noLocation.status).toBe(400);
    expectGraphError(noLocation.body, 'Request_BadRequest', 'License assignment cannot be done for user with invalid usage location.');
    await authed(api().patch(`/v1.0/users/${id}`)).send({ usageLocation: 'GB' });
    const ok = await authed(api().post(`/v1.0/users/${id}/assignLicense`)).send(add);
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual(expect.objectContaining({ id, assignedLicenses: [{ skuId: sku.skuId, disabledPlans: [] }] }));
    const skus = await authed(api().get('/v1.0/subscribedSkus'));
    expect((skus.body as { value: unknown[] }).value).toContainEqual(
      expect.objectContaining({ skuId: sku.skuId, skuPartNumber: sku.skuPartNumber, consumedUnits: 1, prepaidUnits: expect.objectContaining({ enabled: sku.prepaidUnits }) }),
    );
    const removed = await authed(api().post(`/v1.0/users/${id}/assignLicense`)).send({ addLicenses: [], removeLicenses: [sku.skuId] });
    expect(removed.status).toBe(200);
    expect(emu.state.consumedUnits(sku.skuId)).toBe(0);
  });

  it('DELETE answers 204, then the user is 404', async () => {
    const { id } = await createUser('ada');
    expect((await authed(api().delete(`/v1.0/users/${id}`))).status).toBe(204);
    expect((await authed(api().get(`/v1.0/users/${id}`))).status).toBe(404);
  });
});

describe('groups', () => {
  it('finds a fixture group by displayName', async () => {
    const res = await authed(api().get('/v1.0/groups').query({ $filter: "displayName eq 'Engineering'" }));
    expect(res.body).toEqual(expect.objectContaining({ value: [expect.objectContaining({ displayName: 'Engineering', id: expect.any(String) })] }));
  });

  it('adds a member by $ref (204), refuses it again with 400 "already exist", and 404 for an unknown object', async () => {
    const { id } = await createUser('ada');
    const gid = await groupId('Engineering');
    const ref = { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${id}` };
    expect((await authed(api().post(`/v1.0/groups/${gid}/members/$ref`)).send(ref)).status).toBe(204);
    const again = await authed(api().post(`/v1.0/groups/${gid}/members/$ref`)).send(ref);
    expect(again.status).toBe(400);
    expectGraphError(again.body, 'Request_BadRequest', "One or more added object references already exist for the following modified properties: 'members'.");
    const unknown = await authed(api().post(`/v1.0/groups/${gid}/members/$ref`)).send({ '@odata.id': 'https://graph.microsoft.com/v1.0/directoryObjects/nobody' });
    expect(unknown.status).toBe(404);
    expectGraphError(unknown.body, 'Request_ResourceNotFound');

    const memberOf = await authed(api().get(`/v1.0/users/${id}/memberOf`));
    expect(memberOf.body).toEqual(expect.objectContaining({ value: [expect.objectContaining({ '@odata.type': '#microsoft.graph.group', displayName: 'Engineering' })] }));
    const members = await authed(api().get(`/v1.0/groups/${gid}/members`));
    expect(members.body).toEqual(expect.objectContaining({ value: [expect.objectContaining({ id })] }));
  });

  it('removes a member by DELETE …/members/{id}/$ref (204); not a member is 404', async () => {
    const { id } = await createUser('ada');
    const gid = await groupId('Sales');
    await authed(api().post(`/v1.0/groups/${gid}/members/$ref`)).send({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${id}` });
    expect((await authed(api().delete(`/v1.0/groups/${gid}/members/${id}/$ref`))).status).toBe(204);
    expect(emu.state.groupsOf(id)).toEqual([]);
    const again = await authed(api().delete(`/v1.0/groups/${gid}/members/${id}/$ref`));
    expect(again.status).toBe(404);
    expectGraphError(again.body, 'Request_ResourceNotFound');
  });
});

describe('faults and admin', () => {
  it('POST /_admin/faults injects 429 TooManyRequests with Retry-After, then the route recovers', async () => {
    const rule = await api().post('/_admin/faults').send({ method: 'GET', path: '^/v1.0/users$', status: 429, retryAfter: 1, times: 1 });
    expect(rule.status).toBe(201);
    const throttled = await authed(api().get('/v1.0/users'));
    expect(throttled.status).toBe(429);
    expect(throttled.headers['retry-after']).toBe('1');
    expectGraphError(throttled.body, 'TooManyRequests');
    expect((await authed(api().get('/v1.0/users'))).status).toBe(200);
  });

  it('creates groups, lists users with groups, licences and sign-in state, and resets', async () => {
    expect((await api().post('/_admin/groups').send({ displayName: 'Temporary' })).status).toBe(201);
    const { id } = await createUser('ada', { usageLocation: 'GB' });
    const gid = await groupId('Temporary');
    await authed(api().post(`/v1.0/groups/${gid}/members/$ref`)).send({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${id}` });
    await authed(api().post(`/v1.0/users/${id}/assignLicense`)).send({ addLicenses: [{ skuId: fixtureTenant.m365.skus[0].skuId }], removeLicenses: [] });
    const users = await api().get('/_admin/users');
    expect(users.body).toEqual([
      expect.objectContaining({ id, groups: ['Temporary'], licenses: ['ENTERPRISEPACK'], signInBlocked: false, signInSessionsValidFromDateTime: expect.any(String) }),
    ]);
    expect((await api().post('/_admin/reset')).status).toBe(204);
    expect((await api().get('/_admin/users')).body).toEqual([]);
  });
});

describe('the real Graph client', () => {
  let plain: Server;
  beforeAll(async () => {
    plain = createServer(emu.app); // the same emulator, reachable over plain http as well
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    plain.closeAllConnections();
    await new Promise<void>((resolve) => plain.close(() => resolve()));
  });

  it('gets a token and sends the bearer over https', async () => {
    const client = emulatorGraphClient(emu);
    const created = (await client.api('/users').post(newUser('ada'))) as { id: string };
    expect(emu.state.users.has(created.id)).toBe(true);
    expect(emu.state.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      expect.stringMatching(/^POST \/.*\/oauth2\/v2\.0\/token$/), // the test's own token in beforeEach
      expect.stringMatching(/^POST \/.*\/oauth2\/v2\.0\/token$/),
      'POST /v1.0/users',
    ]);
  });

  it('sends no bearer over plain http, so Graph answers 401 (REFERENCE.md trap 1)', async () => {
    const port = (plain.address() as AddressInfo).port;
    const client = emulatorGraphClient(emu, { graphUrl: `http://127.0.0.1:${port}` });
    const error = await client.api('/users').get().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GraphError);
    expect((error as GraphError).statusCode).toBe(401);
    expect((error as GraphError).code).toBe('InvalidAuthenticationToken');
  });
});
