// The SCIM connector against the emulator over real HTTP: idempotency, correlation and error classification.
import { ApplicationFailure } from '@temporalio/common';
import { ConnectorErrorType } from '../../connectors/errors';
import { createScimConnector, createScimConnectors, parseScimApps } from '../../connectors/scim';
import { type Connector, type PersonProfile } from '../../connectors/types';
import { type RunningScimEmulator } from '../../emulators/scim';
import { scimUser, scimUsers, startFixtureScimApp } from '../support/scim-emulator';

const ada: PersonProfile = {
  employeeId: 'E100',
  givenName: 'Ada',
  familyName: 'Lovelace',
  department: 'Engineering',
  location: 'GB',
  jobTitle: 'Engineer',
  employmentType: 'employee',
};

let emu: RunningScimEmulator;
let scim: Connector;
let requests: string[];

beforeAll(async () => {
  emu = await startFixtureScimApp('github');
});
afterAll(async () => {
  await emu.close();
});
beforeEach(() => {
  emu.emulator.state.reset();
  emu.emulator.faults.clear();
  requests = [];
  // Count what goes on the wire, to prove there is no hidden retry loop.
  const counting: typeof fetch = (input, init) => {
    requests.push(`${init?.method ?? 'GET'} ${String(input)}`);
    return fetch(input, init);
  };
  scim = createScimConnector({ name: 'github', baseUrl: emu.url, token: emu.token, fetch: counting });
});

async function failureOf(p: Promise<unknown>): Promise<ApplicationFailure> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ApplicationFailure);
  return e as ApplicationFailure;
}

test('system name and one connector per configured app', () => {
  expect(scim.system).toBe('scim:github');
  const apps = parseScimApps(JSON.stringify([{ name: 'github', baseUrl: emu.url, token: 't' }, { name: 'figma', baseUrl: 'http://127.0.0.1:1/scim/v2', token: 't' }]));
  expect(createScimConnectors(apps).map((c) => c.system)).toEqual(['scim:github', 'scim:figma']);
  expect(() => parseScimApps('[{"name":"x"}]')).toThrow(/SCIM_APPS is invalid/);
  expect(() => createScimConnectors([...apps, apps[0]!])).toThrow(/configured twice/);
});

test('ensureAccount twice: one account, same ref; findAccount correlates by externalId', async () => {
  const first = await scim.ensureAccount(ada);
  const second = await scim.ensureAccount(ada);
  expect(second).toEqual(first);
  expect(first).toMatchObject({ system: 'scim:github', login: 'ada.lovelace' });
  expect(scimUsers(emu)).toHaveLength(1);
  expect(scimUser(emu, 'E100')).toMatchObject({ id: first.externalId, userName: 'ada.lovelace', active: true });
  expect(await scim.findAccount('E100')).toEqual(first);
  expect(await scim.findAccount('E999')).toBeNull();
});

test('a retried create whose first attempt landed (409) finds the account instead of failing', async () => {
  await scim.ensureAccount(ada);
  // Hide the first lookup, as if the first attempt's answer had been lost, so the connector POSTs again.
  emu.emulator.faults.add({ method: 'GET', path: '/Users$', status: 200, times: 1, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, Resources: [] } });
  const again = await scim.ensureAccount(ada);
  expect(again.login).toBe('ada.lovelace');
  expect(requests.filter((r) => r.startsWith('POST'))).toHaveLength(2);
  expect(scimUsers(emu)).toHaveLength(1);
});

test('userName held by another person: the collision form with the employee id', async () => {
  await scim.ensureAccount({ ...ada, employeeId: 'E200' });
  const ref = await scim.ensureAccount(ada);
  expect(ref.login).toBe('ada.lovelace.e100');
  expect(scimUser(emu, 'E100')!.userName).toBe('ada.lovelace.e100');
});

test('an account made by hand (no externalId) with the same userName is adopted', async () => {
  emu.emulator.state.createUser({ userName: 'ada.lovelace', attributes: {} });
  const ref = await scim.ensureAccount(ada);
  expect(scimUsers(emu)).toEqual([expect.objectContaining({ id: ref.externalId, userName: 'ada.lovelace', externalId: 'E100' })]);
});

test('grant and revoke a group twice, by displayName; listGroups', async () => {
  const acct = await scim.ensureAccount(ada);
  for (let i = 0; i < 2; i++) await scim.grant(acct, { kind: 'group', ref: 'engineering' });
  await scim.grant(acct, { kind: 'group', ref: 'Everyone' }); // displayName is case-insensitive
  expect(scimUser(emu, 'E100')!.groups).toEqual(['engineering', 'everyone']);
  expect(await scim.listGroups(acct)).toEqual(['engineering', 'everyone']);
  // The group id is resolved once and cached.
  expect(requests.filter((r) => r.includes('/Groups?filter=') && r.includes('engineering'))).toHaveLength(1);

  for (let i = 0; i < 2; i++) await scim.revoke(acct, { kind: 'group', ref: 'engineering' });
  expect(scimUser(emu, 'E100')!.groups).toEqual(['everyone']);
  await scim.revoke(acct, { kind: 'group', ref: 'no-such-group' }); // nothing to remove: done
});

test('a group deleted and made again under the same name is re-resolved', async () => {
  const acct = await scim.ensureAccount(ada);
  await scim.grant(acct, { kind: 'group', ref: 'sales' });
  const { state } = emu.emulator;
  state.deleteGroup(state.groupByName('sales')!.id);
  state.createGroup({ displayName: 'sales', memberIds: [] });
  await scim.grant(acct, { kind: 'group', ref: 'sales' });
  expect(scimUser(emu, 'E100')!.groups).toEqual(['sales']);
});

test('granting an unknown group or a licence is permanent with a clear message', async () => {
  const acct = await scim.ensureAccount(ada);
  const unknown = await failureOf(scim.grant(acct, { kind: 'group', ref: 'nope' }));
  expect(unknown).toMatchObject({ type: ConnectorErrorType.Permanent, nonRetryable: true });
  expect(unknown.message).toMatch(/group 'nope' does not exist/);
  const licence = await failureOf(scim.grant(acct, { kind: 'licence', ref: 'X' }));
  expect(licence.nonRetryable).toBe(true);
});

test('disable, enable, seat grant/revoke and revokeSessions, each twice', async () => {
  const acct = await scim.ensureAccount(ada);
  for (let i = 0; i < 2; i++) await scim.disable(acct);
  expect(scimUser(emu, 'E100')!.active).toBe(false);
  for (let i = 0; i < 2; i++) await scim.enable(acct);
  expect(scimUser(emu, 'E100')!.active).toBe(true);
  for (let i = 0; i < 2; i++) await scim.revoke(acct, { kind: 'seat', ref: 'github' });
  expect(scimUser(emu, 'E100')!.active).toBe(false);
  for (let i = 0; i < 2; i++) await scim.grant(acct, { kind: 'seat', ref: 'github' });
  expect(scimUser(emu, 'E100')!.active).toBe(true);
  const before = requests.length;
  for (let i = 0; i < 2; i++) await scim.revokeSessions(acct);
  expect(requests.length).toBe(before); // SCIM cannot sign anyone out: no request at all
});

test('updateProfile twice changes names and title, not the userName', async () => {
  const acct = await scim.ensureAccount(ada);
  const moved = { ...ada, familyName: 'King', jobTitle: 'Staff Engineer' };
  for (let i = 0; i < 2; i++) await scim.updateProfile(acct, moved);
  const stored = emu.emulator.state.users.get(acct.externalId)!;
  expect(stored.userName).toBe('ada.lovelace');
  expect(stored.attributes).toMatchObject({ name: { givenName: 'Ada', familyName: 'King' }, displayName: 'Ada King', title: 'Staff Engineer' });
});

test('deleteAccount twice: gone, the second is a no-op; disable of a gone account is done', async () => {
  const acct = await scim.ensureAccount(ada);
  await scim.grant(acct, { kind: 'group', ref: 'engineering' });
  for (let i = 0; i < 2; i++) await scim.deleteAccount(acct);
  expect(scimUsers(emu)).toEqual([]);
  expect(emu.emulator.state.groupByName('engineering')!.memberIds).toEqual([]);
  await scim.disable(acct);
  expect(await scim.listGroups(acct)).toEqual([]);
  expect(await scim.findAccount('E100')).toBeNull();
});

test('throttled: retryable, nextRetryDelay from Retry-After, one request', async () => {
  emu.emulator.faults.add({ path: '/Users', status: 429, retryAfter: 12 });
  const f = await failureOf(scim.ensureAccount(ada));
  expect(f).toMatchObject({ type: ConnectorErrorType.Retryable, nonRetryable: false });
  expect(f.nextRetryDelay).toBe(12_000);
  expect(requests).toHaveLength(1);
});

test('server error: retryable without a delay hint', async () => {
  emu.emulator.faults.add({ method: 'PATCH', path: '/Users/', status: 503 });
  const acct = await scim.ensureAccount(ada);
  const f = await failureOf(scim.disable(acct));
  expect(f).toMatchObject({ type: ConnectorErrorType.Retryable, nonRetryable: false });
  expect(f.nextRetryDelay).toBeUndefined();
});

test('transport failure (nothing listening) is retryable', async () => {
  const dead = createScimConnector({ name: 'dead', baseUrl: 'http://127.0.0.1:1/scim/v2', token: 't' });
  const f = await failureOf(dead.findAccount('E100'));
  expect(f).toMatchObject({ type: ConnectorErrorType.Retryable, nonRetryable: false });
  expect(f.message).toMatch(/^scim:dead: GET/);
});

test('permanent: a refused request fails once with the SCIM detail, no retry storm', async () => {
  const bad = createScimConnector({ name: 'github', baseUrl: emu.url, token: 'wrong', fetch: (i, o) => (requests.push(String(i)), fetch(i, o)) });
  const f = await failureOf(bad.ensureAccount(ada));
  expect(f).toMatchObject({ type: ConnectorErrorType.Permanent, nonRetryable: true });
  expect(f.message).toMatch(/scim:github: GET \/Users\?filter=.* → 401: Bearer token missing or invalid/);
  expect(requests).toHaveLength(1);

  requests = [];
  emu.emulator.faults.add({ method: 'POST', path: '/Users$', status: 400, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '400', scimType: 'invalidValue', detail: 'userName is not allowed' } });
  const g = await failureOf(scim.ensureAccount(ada));
  expect(g.nonRetryable).toBe(true);
  expect(g.message).toMatch(/POST \/Users → 400 invalidValue: userName is not allowed/);
  expect(requests.filter((r) => r.startsWith('POST'))).toHaveLength(1);
  expect(scimUsers(emu)).toEqual([]);
});

test('several apps in one process keep separate state', async () => {
  const figma = await startFixtureScimApp('figma');
  try {
    const [gh, fg] = createScimConnectors([
      { name: 'github', baseUrl: emu.url, token: emu.token },
      { name: 'figma', baseUrl: figma.url, token: figma.token },
    ]);
    const a = await gh!.ensureAccount(ada);
    const b = await fg!.ensureAccount(ada);
    await fg!.disable(b);
    expect(a.system).toBe('scim:github');
    expect(b.system).toBe('scim:figma');
    expect(scimUser(emu, 'E100')!.active).toBe(true);
    expect(scimUser(figma, 'E100')!.active).toBe(false);
    // A token is per app.
    const wrong = createScimConnector({ name: 'figma', baseUrl: figma.url, token: emu.token });
    expect((await failureOf(wrong.findAccount('E100'))).nonRetryable).toBe(true);
  } finally {
    await figma.close();
  }
});
