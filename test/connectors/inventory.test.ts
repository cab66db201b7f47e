// readInventory on the three connectors against their emulators over real HTTP: every page followed with the
// API's own paging (Graph @odata.nextLink, Google pageToken, SCIM startIndex/count), memberships and licences
// read, a page that fails part-way fails the read, and an empty page is counted.
import { type Connector, type PersonProfile } from '../../connectors/types';
import { type RunningGoogleEmulator } from '../../emulators/google';
import { type RunningScimEmulator } from '../../emulators/scim';
import { connectorFor, startTestGoogleEmulator } from '../support/google-emulator';
import { emulatorConnector, requestCount, startTestGraphEmulator, type RunningGraphEmulator } from '../support/graph-emulator';
import { createScimConnector } from '../../connectors/scim';
import { failureOf } from '../support/failures';
import { startFixtureScimApp } from '../support/scim-emulator';

const people: PersonProfile[] = ['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Edsger Dijkstra', 'Barbara Liskov'].map((name, i) => {
  const [givenName = '', familyName = ''] = name.split(' ');
  return { employeeId: `E${i + 1}`, givenName, familyName, department: 'Engineering', location: 'GB', jobTitle: 'Engineer', employmentType: 'employee' };
});

let graph: RunningGraphEmulator;
let google: RunningGoogleEmulator;
let scim: RunningScimEmulator;
let m365: Connector;
let gws: Connector;
let github: Connector;

beforeAll(async () => {
  [graph, google, scim] = await Promise.all([startTestGraphEmulator(), startTestGoogleEmulator(), startFixtureScimApp('github')]);
  m365 = emulatorConnector(graph);
  gws = connectorFor(google);
  github = createScimConnector({ name: 'github', baseUrl: scim.url, token: scim.token });
  for (const [i, p] of people.entries()) {
    const a = await m365.ensureAccount(p);
    const g = await gws.ensureAccount(p);
    const s = await github.ensureAccount(p);
    if (i < 3) {
      await m365.grant(a, { kind: 'group', ref: 'Engineering' });
      await m365.grant(a, { kind: 'licence', ref: 'ENTERPRISEPACK' });
      await gws.grant(g, { kind: 'group', ref: 'eng@example.com' });
      await github.grant(s, { kind: 'group', ref: 'engineering' });
    }
    if (i === 4) {
      await m365.disable(a);
      await gws.disable(g);
      await github.disable(s);
    }
  }
});
afterAll(async () => {
  await Promise.all([graph.close(), google.close(), scim.close()]);
});
beforeEach(() => {
  graph.faults.clear();
  google.faults.clear();
  scim.emulator.faults.clear();
});

test('Microsoft 365: users, members and licences over several nextLink pages', async () => {
  const before = requestCount(graph, 'GET', /^\/v1\.0\/users$/);
  const inv = await m365.readInventory!({ pageSize: 2 });
  expect(requestCount(graph, 'GET', /^\/v1\.0\/users$/) - before).toBe(3); // 5 users, 2 a page
  expect(inv.system).toBe('m365');
  expect(inv.emptyPages).toBe(0);
  expect(inv.accounts).toHaveLength(5);
  const ada = inv.accounts.find((a) => a.employeeKey === 'E1');
  expect(ada).toMatchObject({ enabled: true, groups: ['Engineering'], licences: ['ENTERPRISEPACK'], seat: false });
  expect(inv.accounts.find((a) => a.employeeKey === 'E5')).toMatchObject({ enabled: false, groups: [], licences: [] });
  // $top above Graph's maximum is asked for as 999, never more.
  expect((await m365.readInventory!({ pageSize: 5000 })).accounts).toHaveLength(5);
});

test('Microsoft 365: a page that fails part-way fails the read, classified; an empty page is counted', async () => {
  graph.faults.add({ method: 'GET', path: '^/v1\\.0/users$', after: 1, times: 1, status: 503 });
  const failure = await failureOf(m365.readInventory!({ pageSize: 2 }));
  expect(failure.nonRetryable).toBe(false);
  graph.faults.clear();
  graph.faults.add({ method: 'GET', path: '^/v1\\.0/users$', times: 1, status: 200, body: { value: [] } });
  const inv = await m365.readInventory!({ pageSize: 2 });
  expect(inv.emptyPages).toBe(1);
  expect(inv.accounts).toHaveLength(0);
});

test('Google: users.list and members.list followed by pageToken; externalIds of type organization', async () => {
  const inv = await gws.readInventory!({ pageSize: 2 });
  expect(inv.system).toBe('google');
  expect(inv.accounts).toHaveLength(6); // five people and the delegated admin
  expect(inv.accounts.filter((a) => a.employeeKey === undefined)).toEqual([expect.objectContaining({ login: google.adminSubject, connectorIdentity: true })]);
  expect(inv.accounts.find((a) => a.employeeKey === 'E2')).toMatchObject({ enabled: true, groups: ['eng@example.com'] });
  expect(inv.accounts.find((a) => a.employeeKey === 'E5')).toMatchObject({ enabled: false, groups: [] });
  expect(inv.pages).toBeGreaterThan(4);
  expect(inv.emptyPages).toBe(0); // a group without members is no broken read
});

test('Google: a users.list page that fails part-way fails the read', async () => {
  google.faults.add({ method: 'GET', path: '/admin/directory/v1/users$', after: 1, times: 1, status: 500 });
  const failure = await failureOf(gws.readInventory!({ pageSize: 2 }));
  expect(failure.nonRetryable).toBe(false);
});

test('SCIM: startIndex/count paging to totalResults; the active account is the seat', async () => {
  const inv = await github.readInventory!({ pageSize: 2 });
  expect(inv.system).toBe('scim:github');
  expect(inv.pages).toBe(3);
  expect(inv.emptyPages).toBe(0);
  expect(inv.accounts.map((a) => a.employeeKey).sort()).toEqual(['E1', 'E2', 'E3', 'E4', 'E5']);
  expect(inv.accounts.find((a) => a.employeeKey === 'E3')).toMatchObject({ enabled: true, seat: true, groups: ['engineering'] });
  expect(inv.accounts.find((a) => a.employeeKey === 'E5')).toMatchObject({ enabled: false, seat: false });
});

test('SCIM: a failing second page fails the read; an empty page before totalResults is counted', async () => {
  scim.emulator.faults.add({ method: 'GET', path: '/Users$', after: 1, times: 1, status: 500 });
  await failureOf(github.readInventory!({ pageSize: 2 }));
  scim.emulator.faults.clear();
  const empty = { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 5, itemsPerPage: 0, startIndex: 3, Resources: [] };
  scim.emulator.faults.add({ method: 'GET', path: '/Users$', after: 1, times: 1, status: 200, body: empty });
  const inv = await github.readInventory!({ pageSize: 2 });
  expect(inv.emptyPages).toBe(1);
  expect(inv.accounts).toHaveLength(2);
});
