// Contract: the emulator answers as RFC 7644 (and REFERENCE.md §C) says real SCIM apps do.
import request from 'supertest';
import { createScimEmulator, SCIM_BASE_PATH, type ScimEmulator } from '../../emulators/scim';
import { SCIM_FIXTURE_GROUPS } from '../support/scim-emulator';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const TOKEN = 'contract-token';

let emu: ScimEmulator;
const auth = { authorization: `Bearer ${TOKEN}` };
const api = () => request(emu.app);
const scim = (path: string) => `${SCIM_BASE_PATH}${path}`;

function createUser(userName: string, externalId?: string) {
  return api()
    .post(scim('/Users'))
    .set(auth)
    .set('content-type', 'application/scim+json')
    .send({ schemas: [USER], userName, externalId, name: { givenName: 'Ada', familyName: 'Lovelace' } });
}

async function groupId(displayName: string): Promise<string> {
  const res = await api().get(scim('/Groups')).query({ filter: `displayName eq "${displayName}"` }).set(auth).expect(200);
  return (res.body as { Resources: Array<{ id: string }> }).Resources[0]!.id;
}

beforeEach(() => {
  emu = createScimEmulator({ name: 'github', token: TOKEN, groups: SCIM_FIXTURE_GROUPS });
});

test('POST /Users creates: 201 with id, userName, externalId, active', async () => {
  const res = await createUser('ada.lovelace', 'E100').expect(201);
  expect(res.headers['content-type']).toMatch(/application\/scim\+json/);
  expect(res.body).toMatchObject({ schemas: [USER], userName: 'ada.lovelace', externalId: 'E100', active: true });
  expect(typeof res.body.id).toBe('string');
  expect(emu.state.users.size).toBe(1);
});

test('a duplicate userName (any case) is 409 uniqueness with the RFC 7644 error shape', async () => {
  await createUser('ada.lovelace').expect(201);
  const res = await createUser('Ada.Lovelace').expect(409);
  expect(res.body).toEqual({ schemas: [ERROR], status: '409', scimType: 'uniqueness', detail: expect.any(String) });
  expect(emu.state.users.size).toBe(1);
});

test('filters on userName and externalId return a ListResponse', async () => {
  await createUser('ada.lovelace', 'E100').expect(201);
  await createUser('alan.turing', 'E200').expect(201);
  const byName = await api().get(scim('/Users')).query({ filter: 'userName eq "alan.turing"' }).set(auth).expect(200);
  expect(byName.body).toMatchObject({ totalResults: 1, startIndex: 1, itemsPerPage: expect.any(Number) });
  expect(byName.body.Resources[0]).toMatchObject({ userName: 'alan.turing', externalId: 'E200' });
  const byExt = await api().get(scim('/Users')).query({ filter: 'externalId eq "E100"' }).set(auth).expect(200);
  expect(byExt.body.Resources.map((u: { userName: string }) => u.userName)).toEqual(['ada.lovelace']);
  // userName is caseExact=false (RFC 7643 §4.1.1), externalId is caseExact=true.
  const folded = await api().get(scim('/Users')).query({ filter: 'userName eq "Alan.Turing"' }).set(auth).expect(200);
  expect(folded.body.totalResults).toBe(1);
  const exact = await api().get(scim('/Users')).query({ filter: 'externalId eq "e100"' }).set(auth).expect(200);
  expect(exact.body.totalResults).toBe(0);
  const not = await api().get(scim('/Users')).query({ filter: 'not (userName sw "ALAN")' }).set(auth).expect(200);
  expect(not.body.Resources.map((u: { userName: string }) => u.userName)).toEqual(['ada.lovelace']);
  const none = await api().get(scim('/Users')).query({ filter: 'externalId eq "E999"' }).set(auth).expect(200);
  expect(none.body).toMatchObject({ totalResults: 0, Resources: [] });
});

test('PATCH active=false deactivates, and DELETE is 204 then 404', async () => {
  const { body: user } = await createUser('ada.lovelace').expect(201);
  const res = await api()
    .patch(scim(`/Users/${user.id}`))
    .set(auth)
    .send({ schemas: [PATCH], Operations: [{ op: 'replace', path: 'active', value: false }] })
    .expect(200);
  expect(res.body.active).toBe(false);
  expect(emu.state.users.get(user.id)!.active).toBe(false);
  await api().delete(scim(`/Users/${user.id}`)).set(auth).expect(204);
  const gone = await api().delete(scim(`/Users/${user.id}`)).set(auth).expect(404);
  expect(gone.body).toMatchObject({ schemas: [ERROR], status: '404' });
});

test('group membership: PATCH add members, then remove members[value eq "…"]', async () => {
  const { body: user } = await createUser('ada.lovelace').expect(201);
  const gid = await groupId('engineering');
  const added = await api()
    .patch(scim(`/Groups/${gid}`))
    .set(auth)
    .send({ schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: user.id }] }] })
    .expect(200);
  expect(added.body.members).toEqual([expect.objectContaining({ value: user.id })]);
  const seen = await api().get(scim(`/Users/${user.id}`)).set(auth).expect(200);
  expect(seen.body.groups).toEqual([expect.objectContaining({ value: gid, display: 'engineering' })]);

  await api()
    .patch(scim(`/Groups/${gid}`))
    .set(auth)
    .send({ schemas: [PATCH], Operations: [{ op: 'remove', path: `members[value eq "${user.id}"]` }] })
    .expect(200);
  expect(emu.state.groupByName('engineering')!.memberIds).toEqual([]);
});

test('without the bearer token: 401 with a SCIM error body', async () => {
  const none = await api().get(scim('/Users')).expect(401);
  expect(none.body).toMatchObject({ schemas: [ERROR], status: '401' });
  await api().get(scim('/Users')).set('authorization', 'Bearer wrong').expect(401);
});

test('an injected 429 carries Retry-After and a SCIM error body, then clears', async () => {
  await api().post('/_admin/faults').send({ method: 'POST', path: '/Users$', status: 429, retryAfter: 7, times: 1 }).expect(201);
  const throttled = await createUser('ada.lovelace').expect(429);
  expect(throttled.headers['retry-after']).toBe('7');
  expect(throttled.body).toMatchObject({ schemas: [ERROR], status: '429', scimType: 'tooMany' });
  await createUser('ada.lovelace').expect(201);
});

test('admin routes: list users with active state and groups, create groups, reset', async () => {
  const { body: user } = await createUser('ada.lovelace', 'E100').expect(201);
  await api().post('/_admin/groups').send({ displayName: 'design' }).expect(201);
  await api().post('/_admin/groups').send({ displayName: 'design' }).expect(200);
  emu.state.replaceGroup((await groupId('design')), { displayName: 'design', memberIds: [user.id] });
  const users = await api().get('/_admin/users').expect(200);
  expect(users.body).toEqual([{ id: user.id, userName: 'ada.lovelace', externalId: 'E100', active: true, groups: ['design'] }]);
  await api().post('/_admin/reset').expect(204);
  expect((await api().get('/_admin/users').expect(200)).body).toEqual([]);
  const groups = await api().get('/_admin/groups').expect(200);
  expect(groups.body.map((g: { displayName: string }) => g.displayName)).toEqual([...SCIM_FIXTURE_GROUPS]);
});

test('GET /Users pages by startIndex and count (RFC 7644 §3.4.2.4); the app caps count', async () => {
  emu = createScimEmulator({ name: 'github', token: TOKEN, groups: SCIM_FIXTURE_GROUPS, maxPageSize: 2 });
  for (const n of [1, 2, 3]) await createUser(`user.${n}`, `E${n}`).expect(201);
  const first = await api().get(scim('/Users')).query({ startIndex: 1, count: 10 }).set(auth).expect(200);
  expect(first.body).toMatchObject({ totalResults: 3, itemsPerPage: 2, startIndex: 1 });
  expect((first.body as { Resources: unknown[] }).Resources).toHaveLength(2);
  const second = await api().get(scim('/Users')).query({ startIndex: 3, count: 2 }).set(auth).expect(200);
  expect(second.body).toMatchObject({ totalResults: 3, startIndex: 3, Resources: [expect.objectContaining({ userName: 'user.3' })] });
});

test('a fault with `after` lets that many requests through, then fails (a read broken part-way)', async () => {
  emu.faults.add({ method: 'GET', path: '/Users$', after: 1, times: 1, status: 503 });
  await api().get(scim('/Users')).set(auth).expect(200);
  await api().get(scim('/Users')).set(auth).expect(503);
  await api().get(scim('/Users')).set(auth).expect(200);
});
