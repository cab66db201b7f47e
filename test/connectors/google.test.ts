// The Google connector against the emulator in-process: every operation is idempotent, errors are classified,
// googleapis' own retries are off (one request per failed call), and effects land in the directory.
import { createServer } from 'node:net';
import { ApplicationFailure } from '@temporalio/common';
import { ConnectorErrorType } from '../../connectors/errors';
import { emailLocalPart, foldNamePart, primaryEmailCandidates } from '../../connectors/google';
import type { AccountRef, Connector } from '../../connectors/types';
import { generateServiceAccount, type RunningGoogleEmulator } from '../../emulators/google';
import { connectorFor, person, requestsTo, startTestGoogleEmulator } from '../support/google-emulator';

let emu: RunningGoogleEmulator;
let google: Connector;

beforeAll(async () => {
  emu = await startTestGoogleEmulator();
});

afterAll(async () => {
  await emu.close();
});

beforeEach(() => {
  emu.state.reset();
  emu.faults.clear();
  google = connectorFor(emu);
});

const user = (ref: AccountRef) => emu.state.users.get(ref.externalId);
const eng = { kind: 'group', ref: 'eng@example.com' } as const;

async function failureOf(p: Promise<unknown>): Promise<ApplicationFailure> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ApplicationFailure);
    return err as ApplicationFailure;
  }
  throw new Error('expected the call to fail');
}

describe('primary email', () => {
  test('lower-case given.family, accents folded, spaces and apostrophes dropped', () => {
    expect(emailLocalPart('Zoë', "O'Brien", 'E1')).toBe('zoe.obrien');
    expect(emailLocalPart('José María', 'Núñez-SStraße', 'E1')).toBe('josemaria.nunez-sstrasse');
    expect(emailLocalPart('Łukasz', 'Søndergård', 'E1')).toBe('lukasz.sondergard');
    expect(emailLocalPart('明', '李', 'E 42')).toBe('user.e42');
    expect(foldNamePart('  Anne  Marie ')).toBe('annemarie');
  });

  test('collisions are numbered from 2', () => {
    expect([...primaryEmailCandidates('Ada', 'Lovelace', 'E1', 'Example.com', 3)]).toEqual([
      'ada.lovelace@example.com',
      'ada.lovelace2@example.com',
      'ada.lovelace3@example.com',
    ]);
  });
});

describe('every operation twice: same end state, no error', () => {
  test('ensureAccount creates once, correlated by externalId, with organisation data', async () => {
    const first = await google.ensureAccount(person('E100'));
    const second = await google.ensureAccount(person('E100'));
    expect(second).toEqual(first);
    expect(first).toMatchObject({ system: 'google', login: 'zoe.obrien@example.com' });
    const created = user(first)!;
    expect(created.externalIds).toEqual([{ type: 'organization', value: 'E100' }]);
    expect(created.organizations).toEqual([expect.objectContaining({ department: 'Engineering', title: 'Developer', primary: true })]);
    expect(created.changePasswordAtNextLogin).toBe(true);
    expect([...emu.state.users.values()].filter((u) => u.primaryEmail.startsWith('zoe.'))).toHaveLength(1);
    expect(await google.findAccount('E100')).toEqual(first);
    expect(await google.findAccount('E999')).toBeNull();
  });

  test('a namesake gets the next number; each is found by its own employee id', async () => {
    const a = await google.ensureAccount(person('E1'));
    const b = await google.ensureAccount(person('E2'));
    expect([a.login, b.login]).toEqual(['zoe.obrien@example.com', 'zoe.obrien2@example.com']);
    expect(await google.ensureAccount(person('E2'))).toEqual(b);
  });

  test('an account made by an earlier attempt that search cannot see yet is adopted, not duplicated', async () => {
    // As if the insert landed but its answer was lost, and the search index still lags: the address exists and
    // carries the employee id, but users.list will not show it.
    await google.ensureAccount(person('E7'));
    emu.faults.add({ method: 'GET', path: '^/admin/directory/v1/users$', status: 200, body: { kind: 'admin#directory#users' } });
    const again = await google.ensureAccount(person('E7'));
    expect(again.login).toBe('zoe.obrien@example.com');
    expect([...emu.state.users.values()].filter((u) => u.primaryEmail.startsWith('zoe.'))).toHaveLength(1);
  });

  test('updateProfile', async () => {
    const ref = await google.ensureAccount(person('E100'));
    const moved = person('E100', { department: 'Sales', jobTitle: 'Account Executive' });
    await google.updateProfile(ref, moved);
    await google.updateProfile(ref, moved);
    expect(user(ref)!.organizations).toEqual([expect.objectContaining({ department: 'Sales', title: 'Account Executive' })]);
    expect(user(ref)!.primaryEmail).toBe(ref.login);
  });

  test('grant, listGroups, revoke', async () => {
    const ref = await google.ensureAccount(person('E100'));
    await google.grant(ref, eng);
    await google.grant(ref, eng); // 409 Member already exists → done
    await google.grant(ref, { kind: 'group', ref: 'All@Example.com' });
    expect((await google.listGroups(ref)).sort()).toEqual(['all@example.com', 'eng@example.com']);
    await google.revoke(ref, eng);
    await google.revoke(ref, eng); // 404 notFound memberKey → done
    expect(await google.listGroups(ref)).toEqual(['all@example.com']);
  });

  test('disable and enable', async () => {
    const ref = await google.ensureAccount(person('E100'));
    await google.disable(ref);
    await google.disable(ref);
    expect(user(ref)!.suspended).toBe(true);
    await google.enable(ref);
    await google.enable(ref);
    expect(user(ref)!.suspended).toBe(false);
  });

  test('revokeSessions signs out, deletes every OAuth token and app password, invalidates backup codes', async () => {
    const ref = await google.ensureAccount(person('E100'));
    const security = emu.state.securityOf(ref.externalId);
    for (const clientId of ['a.apps.googleusercontent.com', 'b.apps.googleusercontent.com']) {
      security.tokens.push({ kind: 'admin#directory#token', etag: '""', clientId, displayText: clientId, anonymous: false, nativeApp: false, scopes: [], userKey: ref.externalId });
    }
    for (const codeId of [1, 2]) {
      security.asps.push({ kind: 'admin#directory#asp', etag: '""', codeId, name: `asp ${codeId}`, creationTime: '0', lastTimeUsed: '0', userKey: ref.externalId });
    }
    security.backupCodes = ['11111111', '22222222'];
    await google.revokeSessions(ref);
    await google.revokeSessions(ref);
    expect(emu.state.securityOf(ref.externalId)).toMatchObject({ signOutCount: 2, tokens: [], asps: [], backupCodes: [], backupCodesInvalidatedCount: 2 });
  });

  test('deleteAccount', async () => {
    const ref = await google.ensureAccount(person('E100'));
    await google.grant(ref, eng);
    await google.deleteAccount(ref);
    await google.deleteAccount(ref); // 404 → already gone
    expect(user(ref)).toBeUndefined();
    expect(await google.findAccount('E100')).toBeNull();
  });
});

describe('retryable failures', () => {
  test('403 userRateLimitExceeded: retryable, nextRetryDelay from Retry-After, one request only', async () => {
    const ref = await google.ensureAccount(person('E100'));
    emu.state.requests = [];
    emu.faults.add({ method: 'PUT', path: '/users/', status: 403, retryAfter: 7 });
    const failure = await failureOf(google.disable(ref));
    expect(failure).toMatchObject({ type: ConnectorErrorType.Retryable, nonRetryable: false, nextRetryDelay: 7000 });
    expect(failure.message).toMatch(/google: .*HTTP 403 userRateLimitExceeded/);
    expect(requestsTo(emu, /\/users\//, 'PUT')).toHaveLength(1);
  });

  test('429 on a GET: retryable with Retry-After; gaxios does not retry it by itself', async () => {
    emu.faults.add({ method: 'GET', path: '^/admin/directory/v1/users$', status: 429, retryAfter: 3 });
    const failure = await failureOf(google.findAccount('E100'));
    expect(failure).toMatchObject({ type: ConnectorErrorType.Retryable, nonRetryable: false, nextRetryDelay: 3000 });
    expect(requestsTo(emu, /^\/admin\/directory\/v1\/users$/, 'GET')).toHaveLength(1);
  });

  test('503 and 403 quotaExceeded are retryable; no Retry-After leaves the delay to the retry policy', async () => {
    emu.faults.add({ method: 'POST', path: '/users$', status: 503, times: 1 });
    const outage = await failureOf(google.ensureAccount(person('E100')));
    expect(outage).toMatchObject({ type: ConnectorErrorType.Retryable, nonRetryable: false });
    expect(outage.nextRetryDelay).toBeUndefined();
    emu.faults.add({ method: 'GET', path: '/groups$', status: 403, body: { error: { code: 403, message: 'Quota exceeded', errors: [{ domain: 'global', reason: 'quotaExceeded', message: 'Quota exceeded' }] } } });
    const ref = await google.ensureAccount(person('E100')); // the 503 fault was used up
    expect(await failureOf(google.listGroups(ref))).toMatchObject({ nonRetryable: false });
  });

  test('"User creation is not complete" (412) is retryable, then the call succeeds', async () => {
    emu.state.creationLag = 1;
    const ref = await google.ensureAccount(person('E100'));
    const failure = await failureOf(google.disable(ref));
    expect(failure).toMatchObject({ nonRetryable: false });
    expect(failure.message).toMatch(/User creation is not complete/);
    await google.disable(ref);
    expect(user(ref)!.suspended).toBe(true);
  });

  test('a token endpoint outage is retryable, and gtoken does not retry it by itself', async () => {
    emu.faults.add({ method: 'POST', path: '^/token$', status: 503 });
    const failure = await failureOf(google.findAccount('E100'));
    expect(failure).toMatchObject({ type: ConnectorErrorType.Retryable, nonRetryable: false });
    expect(requestsTo(emu, /^\/token$/)).toHaveLength(1);
  });

  test('no answer at all (connection refused) is retryable', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = probe.address() as { port: number };
        probe.close(() => resolve(p));
      });
    });
    const down = connectorFor({ ...emu, url: `http://127.0.0.1:${port}/`, tokenUrl: `http://127.0.0.1:${port}/token` });
    const failure = await failureOf(down.findAccount('E100'));
    expect(failure).toMatchObject({ type: ConnectorErrorType.Retryable, nonRetryable: false });
    expect(failure.message).toMatch(/no response from Google/);
  });
});

describe('permanent failures', () => {
  test('a rejected update: non-retryable, clear message, exactly one request', async () => {
    const ref = await google.ensureAccount(person('E100'));
    emu.state.requests = [];
    emu.faults.add({ method: 'PUT', path: '/users/', status: 400, body: { error: { code: 400, message: 'Invalid Input: orgUnitPath', errors: [{ domain: 'global', reason: 'invalid', message: 'Invalid Input: orgUnitPath' }] } } });
    const failure = await failureOf(google.updateProfile(ref, person('E100')));
    expect(failure).toMatchObject({ type: ConnectorErrorType.Permanent, nonRetryable: true });
    expect(failure.message).toBe(
      'google: update profile of zoe.obrien@example.com: HTTP 400 invalid: Invalid Input: orgUnitPath (Google rejected the request as invalid: check the person data sent)',
    );
    expect(requestsTo(emu, /\/users\//, 'PUT')).toHaveLength(1);
  });

  test('granting a group that does not exist: non-retryable, names the group, one request', async () => {
    const ref = await google.ensureAccount(person('E100'));
    emu.state.requests = [];
    const failure = await failureOf(google.grant(ref, { kind: 'group', ref: 'nosuch@example.com' }));
    expect(failure).toMatchObject({ nonRetryable: true });
    expect(failure.message).toMatch(/add zoe\.obrien@example\.com to nosuch@example\.com: HTTP 404 notFound/);
    expect(requestsTo(emu, /\/members$/)).toHaveLength(1);
  });

  test('a key the delegation does not know: non-retryable, points at the credentials, one token request', async () => {
    const stranger = connectorFor(emu, generateServiceAccount('stranger@elsewhere.iam.gserviceaccount.com'));
    emu.state.requests = [];
    const failure = await failureOf(stranger.findAccount('E100'));
    expect(failure).toMatchObject({ type: ConnectorErrorType.Permanent, nonRetryable: true });
    expect(failure.message).toMatch(/GOOGLE_CREDENTIALS/);
    expect(failure.message).not.toMatch(/PRIVATE KEY/);
    expect(requestsTo(emu, /^\/token$/)).toHaveLength(1);
  });

  test('entitlements other than groups, and group refs that are not addresses, are refused without a request', async () => {
    const ref = await google.ensureAccount(person('E100'));
    emu.state.requests = [];
    expect(await failureOf(google.grant(ref, { kind: 'licence', ref: 'Google-Apps' }))).toMatchObject({ nonRetryable: true });
    expect((await failureOf(google.grant(ref, { kind: 'group', ref: 'Engineering' }))).message).toMatch(/named by email address/);
    expect(emu.state.requests).toHaveLength(0);
  });
});
