// Contract: the Google emulator answers as REFERENCE.md §B (and trap 3) says the Directory API and Google's token
// endpoint do. The real googleapis client where it fits, supertest for the raw shapes.
import { generateKeyPairSync } from 'node:crypto';
import request from 'supertest';
import type { RunningGoogleEmulator } from '../../emulators/google';
import {
  assertionClaims,
  DIRECTORY,
  directoryFor,
  jwtFor,
  signAssertion,
  startTestGoogleEmulator,
} from '../support/google-emulator';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

let emu: RunningGoogleEmulator;
let bearer: string;
const api = () => request(emu.url.replace(/\/$/, ''));

function tokenRequest(assertion: string, grantType = JWT_BEARER) {
  return api().post('/token').type('form').send({ grant_type: grantType, assertion });
}

function newUser(primaryEmail: string, extra: Record<string, unknown> = {}) {
  return api()
    .post(`${DIRECTORY}/users`)
    .set('authorization', `Bearer ${bearer}`)
    .send({ primaryEmail, name: { givenName: 'Ada', familyName: 'Lovelace' }, password: 'correct horse battery', ...extra });
}

function googleError(code: number, reason: string, message: string) {
  return { error: { code, message, errors: [{ domain: 'global', reason, message }] } };
}

beforeAll(async () => {
  emu = await startTestGoogleEmulator();
  const res = await tokenRequest(signAssertion(emu.serviceAccount.private_key, assertionClaims(emu))).expect(200);
  bearer = (res.body as { access_token: string }).access_token;
});

afterAll(async () => {
  await emu.close();
});

beforeEach(() => {
  emu.state.reset();
  emu.faults.clear();
});

describe('token endpoint (JWT-bearer grant)', () => {
  test('the real JWT client gets a token: assertion verified, subject and scopes accepted', async () => {
    const { token } = await jwtFor(emu).getAccessToken();
    expect(token).toMatch(/^ya29\./);
  });

  test('answers access_token, expires_in, token_type', async () => {
    const res = await tokenRequest(signAssertion(emu.serviceAccount.private_key, assertionClaims(emu))).expect(200);
    expect(res.body).toEqual({ access_token: expect.any(String), expires_in: 3599, token_type: 'Bearer' });
  });

  test('refuses an assertion signed with another key', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const res = await tokenRequest(signAssertion(privateKey, assertionClaims(emu))).expect(400);
    expect(res.body).toEqual({ error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
  });

  test('refuses a subject other than the delegated admin, through the real client too', async () => {
    const res = await tokenRequest(signAssertion(emu.serviceAccount.private_key, assertionClaims(emu, { sub: 'someone@example.com' }))).expect(400);
    expect(res.body).toEqual({ error: 'invalid_grant', error_description: 'Invalid email or User ID' });
    await expect(jwtFor(emu, { subject: 'someone@example.com' }).getAccessToken()).rejects.toThrow(/invalid_grant/);
  });

  test('refuses scopes the delegation does not authorise, and an empty scope', async () => {
    const res = await tokenRequest(signAssertion(emu.serviceAccount.private_key, assertionClaims(emu, { scope: 'https://www.googleapis.com/auth/drive' }))).expect(401);
    expect(res.body).toMatchObject({ error: 'unauthorized_client' });
    const empty = await tokenRequest(signAssertion(emu.serviceAccount.private_key, assertionClaims(emu, { scope: '' }))).expect(400);
    expect(empty.body).toMatchObject({ error: 'invalid_scope' });
  });

  test('refuses an unknown issuer, a wrong audience, an expired assertion and another grant type', async () => {
    const key = emu.serviceAccount.private_key;
    await tokenRequest(signAssertion(key, assertionClaims(emu, { iss: 'other@x.iam.gserviceaccount.com' }))).expect(401);
    const aud = await tokenRequest(signAssertion(key, assertionClaims(emu, { aud: 'https://example.com/token' }))).expect(400);
    expect(aud.body).toMatchObject({ error: 'invalid_grant' });
    const past = Math.floor(Date.now() / 1000) - 7200;
    await tokenRequest(signAssertion(key, assertionClaims(emu, { iat: past, exp: past + 3600 }))).expect(400);
    const grant = await tokenRequest('x', 'client_credentials').expect(400);
    expect(grant.body).toMatchObject({ error: 'unsupported_grant_type' });
  });
});

describe('bearer required on every Directory route', () => {
  test('no bearer: 401 Login Required', async () => {
    const res = await api().get(`${DIRECTORY}/users`).query({ customer: 'my_customer' }).expect(401);
    expect(res.body.error).toMatchObject({ code: 401, errors: [{ domain: 'global', reason: 'required', message: 'Login Required.' }] });
  });

  test('an unknown bearer: 401 Invalid Credentials', async () => {
    const res = await api().get(`${DIRECTORY}/groups/all@example.com`).set('authorization', 'Bearer nope').expect(401);
    expect(res.body).toMatchObject(googleError(401, 'authError', 'Invalid Credentials'));
  });

  test('a token without delegation (no sub) is refused with 403', async () => {
    const claims = assertionClaims(emu);
    delete claims.sub;
    const t = await tokenRequest(signAssertion(emu.serviceAccount.private_key, claims)).expect(200);
    const res = await api().get(`${DIRECTORY}/users`).query({ customer: 'my_customer' }).set('authorization', `Bearer ${t.body.access_token}`).expect(403);
    expect(res.body.error.errors[0].reason).toBe('forbidden');
  });

  test('a token lacking the route scope: 403 insufficientPermissions', async () => {
    const claims = assertionClaims(emu, { scope: 'https://www.googleapis.com/auth/admin.directory.group.member' });
    const t = await tokenRequest(signAssertion(emu.serviceAccount.private_key, claims)).expect(200);
    const res = await newUser('ada@example.com').set('authorization', `Bearer ${t.body.access_token}`).expect(403);
    expect(res.body.error.errors[0].reason).toBe('insufficientPermissions');
  });
});

describe('users', () => {
  test('insert through googleapis: 200 with the user, no password echoed', async () => {
    const directory = directoryFor(emu);
    const res = await directory.users.insert({
      requestBody: {
        primaryEmail: 'ada.lovelace@example.com',
        name: { givenName: 'Ada', familyName: 'Lovelace' },
        password: 'correct horse battery',
        externalIds: [{ type: 'organization', value: 'E100' }],
        organizations: [{ department: 'Engineering', title: 'Analyst', primary: true }],
      },
    });
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({
      kind: 'admin#directory#user',
      primaryEmail: 'ada.lovelace@example.com',
      name: { givenName: 'Ada', familyName: 'Lovelace', fullName: 'Ada Lovelace' },
      suspended: false,
      customerId: 'C0fixture',
      externalIds: [{ type: 'organization', value: 'E100' }],
    });
    expect(res.data.id).toMatch(/^\d+$/);
    expect(res.data).not.toHaveProperty('password');
  });

  test('duplicate insert: 409 "Entity already exists." reason duplicate', async () => {
    await newUser('ada@example.com').expect(200);
    const res = await newUser('ADA@example.com').expect(409);
    expect(res.body).toMatchObject(googleError(409, 'duplicate', 'Entity already exists.'));
    // googleapis surfaces the same as a GaxiosError carrying status and body
    await expect(
      directoryFor(emu).users.insert({ requestBody: { primaryEmail: 'ada@example.com', name: { givenName: 'A', familyName: 'L' }, password: '12345678' } }),
    ).rejects.toMatchObject({ status: 409, response: { data: googleError(409, 'duplicate', 'Entity already exists.') } });
  });

  test('insert validates required fields and an 8–100 character password', async () => {
    await newUser('a@example.com', { password: 'short' }).expect(400);
    await newUser('a@example.com', { password: 'x'.repeat(101) }).expect(400);
    await newUser('a@example.com', { password: undefined }).expect(400);
    await newUser('a@example.com', { name: { givenName: 'Ada' } }).expect(400);
    await newUser('not-an-email').expect(400);
    await newUser('a@elsewhere.org').expect(400);
    await newUser('a@example.com', { password: 'x'.repeat(8) }).expect(200);
  });

  test('get by primary email or id; missing: 404 "Resource Not Found: userKey"', async () => {
    const created = await newUser('ada@example.com').expect(200);
    const auth = { authorization: `Bearer ${bearer}` };
    await api().get(`${DIRECTORY}/users/ada@example.com`).set(auth).expect(200);
    const byId = await api().get(`${DIRECTORY}/users/${created.body.id}`).set(auth).expect(200);
    expect(byId.body.primaryEmail).toBe('ada@example.com');
    const missing = await api().get(`${DIRECTORY}/users/nobody@example.com`).set(auth).expect(404);
    expect(missing.body).toMatchObject(googleError(404, 'notFound', 'Resource Not Found: userKey'));
  });

  test('list by customer or domain with query externalId: and email:; empty answer omits users', async () => {
    await newUser('ada@example.com', { externalIds: [{ type: 'organization', value: 'E100' }] }).expect(200);
    await newUser('bob@example.com', { externalIds: [{ type: 'organization', value: 'E1000' }] }).expect(200);
    const directory = directoryFor(emu);
    const byExt = await directory.users.list({ customer: 'C0fixture', query: 'externalId:E100' });
    expect(byExt.data.users?.map((u) => u.primaryEmail)).toEqual(['ada@example.com']);
    const byEmail = await directory.users.list({ domain: 'example.com', query: "email:'bob@example.com'" });
    expect(byEmail.data.users?.map((u) => u.primaryEmail)).toEqual(['bob@example.com']);
    const none = await directory.users.list({ customer: 'my_customer', query: 'externalId:E999' });
    expect(none.data.kind).toBe('admin#directory#users');
    expect(none.data.users).toBeUndefined();
    await api().get(`${DIRECTORY}/users`).set('authorization', `Bearer ${bearer}`).expect(400); // neither customer nor domain
  });

  test('PUT has patch semantics; PATCH too; suspended blocks sign-in', async () => {
    const created = await newUser('ada@example.com', { orgUnitPath: '/Staff' }).expect(200);
    const directory = directoryFor(emu);
    const put = await directory.users.update({ userKey: created.body.id, requestBody: { suspended: true } });
    expect(put.data).toMatchObject({ suspended: true, orgUnitPath: '/Staff', name: { givenName: 'Ada', familyName: 'Lovelace' } });
    const patch = await directory.users.patch({ userKey: 'ada@example.com', requestBody: { name: { familyName: 'King' } } });
    expect(patch.data).toMatchObject({ suspended: true, name: { givenName: 'Ada', familyName: 'King', fullName: 'Ada King' } });
  });

  test('delete: 204 empty, then 404; undelete restores', async () => {
    const created = await newUser('ada@example.com').expect(200);
    const auth = { authorization: `Bearer ${bearer}` };
    const del = await api().delete(`${DIRECTORY}/users/ada@example.com`).set(auth).expect(204);
    expect(del.text).toBe('');
    await api().delete(`${DIRECTORY}/users/ada@example.com`).set(auth).expect(404);
    await api().post(`${DIRECTORY}/users/${created.body.id}/undelete`).set(auth).send({ orgUnitPath: '/' }).expect(204);
    await api().get(`${DIRECTORY}/users/ada@example.com`).set(auth).expect(200);
  });

  test('"User creation is not complete": 412 conditionNotMet right after insert, then settles', async () => {
    await api().post('/_admin/settings').send({ creationLag: 1 }).expect(200);
    await newUser('ada@example.com').expect(200);
    const auth = { authorization: `Bearer ${bearer}` };
    const early = await api().put(`${DIRECTORY}/users/ada@example.com`).set(auth).send({ suspended: true }).expect(412);
    expect(early.body).toMatchObject(googleError(412, 'conditionNotMet', 'User creation is not complete.'));
    await api().put(`${DIRECTORY}/users/ada@example.com`).set(auth).send({ suspended: true }).expect(200);
  });
});

describe('sessions and credentials', () => {
  test('signOut, tokens, asps and backup codes', async () => {
    await newUser('ada@example.com').expect(200);
    await api().post('/_admin/users/ada@example.com/tokens').send({ clientId: 'app-1.apps.googleusercontent.com' }).expect(201);
    await api().post('/_admin/users/ada@example.com/asps').send({ name: 'Thunderbird' }).expect(201);
    await api().post('/_admin/users/ada@example.com/verificationCodes').expect(201);
    const directory = directoryFor(emu);
    const u = 'ada@example.com';

    const signOut = await directory.users.signOut({ userKey: u });
    expect(signOut.status).toBe(204);

    const tokens = await directory.tokens.list({ userKey: u });
    expect(tokens.data).toMatchObject({ kind: 'admin#directory#tokenList', items: [{ kind: 'admin#directory#token', clientId: 'app-1.apps.googleusercontent.com' }] });
    expect((await directory.tokens.delete({ userKey: u, clientId: 'app-1.apps.googleusercontent.com' })).status).toBe(204);
    expect((await directory.tokens.list({ userKey: u })).data.items).toBeUndefined();

    const asps = await directory.asps.list({ userKey: u });
    expect(asps.data.items).toEqual([expect.objectContaining({ kind: 'admin#directory#asp', codeId: 1, name: 'Thunderbird' })]);
    expect((await directory.asps.delete({ userKey: u, codeId: 1 })).status).toBe(204);
    await expect(directory.asps.delete({ userKey: u, codeId: 1 })).rejects.toMatchObject({ status: 404 });

    expect((await directory.verificationCodes.invalidate({ userKey: u })).status).toBe(204);
    const seen = await api().get('/_admin/users/ada@example.com').expect(200);
    expect(seen.body).toMatchObject({ signOutCount: 1, tokens: [], asps: [], backupCodes: 0, backupCodesInvalidatedCount: 1 });
  });
});

describe('groups and members', () => {
  test('the fixture groups are seeded; insert, get and list', async () => {
    const directory = directoryFor(emu);
    const eng = await directory.groups.get({ groupKey: 'eng@example.com' });
    expect(eng.data).toMatchObject({ kind: 'admin#directory#group', email: 'eng@example.com', name: 'Engineering' });
    // Creating groups needs admin.directory.group, which the JML scopes leave out.
    await api().post(`${DIRECTORY}/groups`).set('authorization', `Bearer ${bearer}`).send({ email: 'ops@example.com', name: 'Ops' }).expect(403);
    const claims = assertionClaims(emu, { scope: 'https://www.googleapis.com/auth/admin.directory.group' });
    const groupAdmin = (await tokenRequest(signAssertion(emu.serviceAccount.private_key, claims)).expect(200)).body.access_token as string;
    await api().post(`${DIRECTORY}/groups`).set('authorization', `Bearer ${groupAdmin}`).send({ email: 'ops@example.com', name: 'Ops' }).expect(200);
    const dup = await api().post(`${DIRECTORY}/groups`).set('authorization', `Bearer ${groupAdmin}`).send({ email: 'ops@example.com', name: 'Ops' }).expect(409);
    expect(dup.body.error.errors[0].reason).toBe('duplicate');
    const list = await directory.groups.list({ customer: 'my_customer' });
    expect(list.data.groups?.map((g) => g.email)).toEqual(expect.arrayContaining(['all@example.com', 'eng@example.com', 'ops@example.com']));
  });

  test('member insert, 409 "Member already exists.", list, hasMember, delete, 404 notFound memberKey', async () => {
    await newUser('ada@example.com').expect(200);
    const directory = directoryFor(emu);
    const added = await directory.members.insert({ groupKey: 'eng@example.com', requestBody: { email: 'ada@example.com', role: 'MEMBER' } });
    expect(added.data).toMatchObject({ kind: 'admin#directory#member', email: 'ada@example.com', role: 'MEMBER', type: 'USER', status: 'ACTIVE' });

    const again = await api()
      .post(`${DIRECTORY}/groups/eng@example.com/members`)
      .set('authorization', `Bearer ${bearer}`)
      .send({ email: 'ada@example.com', role: 'MEMBER' })
      .expect(409);
    expect(again.body).toMatchObject(googleError(409, 'duplicate', 'Member already exists.'));

    const members = await directory.members.list({ groupKey: 'eng@example.com' });
    expect(members.data.members?.map((m) => m.email)).toEqual(['ada@example.com']);
    expect((await directory.members.hasMember({ groupKey: 'eng@example.com', memberKey: 'ada@example.com' })).data.isMember).toBe(true);
    const mine = await directory.groups.list({ userKey: 'ada@example.com' });
    expect(mine.data.groups?.map((g) => g.email)).toEqual(['eng@example.com']);

    expect((await directory.members.delete({ groupKey: 'eng@example.com', memberKey: 'ada@example.com' })).status).toBe(204);
    const gone = await api().delete(`${DIRECTORY}/groups/eng@example.com/members/ada@example.com`).set('authorization', `Bearer ${bearer}`).expect(404);
    expect(gone.body).toMatchObject(googleError(404, 'notFound', 'Resource Not Found: memberKey'));
  });
});

describe('fault injection', () => {
  test('403 userRateLimitExceeded with Google\'s body, through googleapis', async () => {
    await api().post('/_admin/faults').send({ method: 'GET', path: '^/admin/directory/v1/users$', status: 403, times: 1 }).expect(201);
    await expect(directoryFor(emu).users.list({ customer: 'my_customer' })).rejects.toMatchObject({
      status: 403,
      response: { data: googleError(403, 'userRateLimitExceeded', 'User Rate Limit Exceeded') },
    });
    // times: 1, so the next call goes through
    await directoryFor(emu).users.list({ customer: 'my_customer' });
  });

  test('429 rateLimitExceeded carries Retry-After', async () => {
    await api().post('/_admin/faults').send({ path: '/users', status: 429, retryAfter: 30 }).expect(201);
    const res = await newUser('ada@example.com').expect(429);
    expect(res.headers['retry-after']).toBe('30');
    expect(res.body).toMatchObject(googleError(429, 'rateLimitExceeded', 'Rate Limit Exceeded'));
    await api().delete('/_admin/faults').expect(204);
    await newUser('ada@example.com').expect(200);
  });

  test('faults list and a custom body', async () => {
    const body = googleError(403, 'quotaExceeded', 'Quota exceeded');
    await api().post('/_admin/faults').send({ path: '/groups', status: 403, body }).expect(201);
    const listed = await api().get('/_admin/faults').expect(200);
    expect(listed.body).toHaveLength(1);
    const res = await api().get(`${DIRECTORY}/groups/eng@example.com`).set('authorization', `Bearer ${bearer}`).expect(403);
    expect(res.body).toEqual(body);
  });
});
