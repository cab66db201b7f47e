// The Microsoft 365 connector with the real Graph client and @azure/identity against the HTTPS emulator:
// idempotency (every operation twice, same end state), error classification, and no retries behind Temporal.
import { createServer } from 'node:net';
import { ApplicationFailure } from '@temporalio/common';
import { ConnectorErrorType } from '../../connectors/errors';
import { namePart, upnCandidate, usageLocationFor } from '../../connectors/m365';
import { type AccountRef, type Connector, type PersonProfile } from '../../connectors/types';
import { emulatorConnector, requestCount, startTestGraphEmulator, type RunningGraphEmulator } from '../support/graph-emulator';

let emu: RunningGraphEmulator;
let m365: Connector;

const person = (over: Partial<PersonProfile> = {}): PersonProfile => ({
  employeeId: 'E100',
  givenName: 'José',
  familyName: "García-O'Neil",
  department: 'Engineering',
  location: 'Germany',
  jobTitle: 'Engineer',
  employmentType: 'employee',
  startDate: '2025-03-03',
  ...over,
});

async function failureOf(p: Promise<unknown>): Promise<ApplicationFailure> {
  const outcome = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(outcome).toBeInstanceOf(ApplicationFailure);
  return outcome as ApplicationFailure;
}

/** Runs an operation twice: neither run may fail, and the state after each must be the same. */
async function twice(op: () => Promise<unknown>): Promise<void> {
  await op();
  const after1 = JSON.stringify(snapshot());
  await op();
  expect(JSON.stringify(snapshot())).toBe(after1);
}

function snapshot() {
  return [...emu.state.users.values()].map((u) => ({
    ...u,
    signInSessionsValidFromDateTime: undefined, // moves on every revoke by design
    groups: emu.state.groupsOf(u.id).map((g) => g.displayName).sort(),
  }));
}

const user = (account: AccountRef) => emu.state.users.get(account.externalId);

beforeAll(async () => {
  emu = await startTestGraphEmulator();
});
afterAll(async () => {
  await emu.close();
});
beforeEach(() => {
  emu.state.reset();
  emu.faults.clear();
  m365 = emulatorConnector(emu); // fresh caches: group ids change on reset
});

describe('naming rules', () => {
  it('folds accents and drops non-alphanumerics', () => {
    expect(namePart("García-O'Neil")).toBe('garciaoneil');
    expect(namePart('Zoë Straße')).toBe('zoestrasse');
    expect(upnCandidate('José', 'García', 'Example.com', 1, 'E1')).toBe('jose.garcia@example.com');
    expect(upnCandidate('José', 'García', 'example.com', 3, 'E1')).toBe('jose.garcia3@example.com');
    expect(upnCandidate('李', '小龙', 'example.com', 1, 'E-7')).toBe('user.e7@example.com');
  });

  it('maps locations to ISO 3166 alpha-2 usage locations, with a configured fallback', () => {
    expect(usageLocationFor('de', 'US')).toBe('DE');
    expect(usageLocationFor('United Kingdom', 'US')).toBe('GB');
    expect(usageLocationFor('Berlin, Germany', 'US')).toBe('DE');
    expect(usageLocationFor('Atlantis', 'fr')).toBe('FR');
  });
});

describe('accounts', () => {
  it('ensureAccount creates one account with the profile set, and finds it the second time', async () => {
    const first = await m365.ensureAccount(person());
    const second = await m365.ensureAccount(person());
    expect(second).toEqual(first);
    expect(first).toEqual({ system: 'm365', externalId: expect.any(String), login: 'jose.garciaoneil@example.com' });
    expect(emu.state.users.size).toBe(1);
    expect(user(first)).toEqual(
      expect.objectContaining({
        userPrincipalName: 'jose.garciaoneil@example.com',
        displayName: "José García-O'Neil",
        givenName: 'José',
        surname: "García-O'Neil",
        department: 'Engineering',
        jobTitle: 'Engineer',
        usageLocation: 'DE',
        employeeId: 'E100',
        employeeType: 'employee',
        employeeHireDate: '2025-03-03T00:00:00Z',
        accountEnabled: true,
      }),
    );
    expect(requestCount(emu, 'POST', /^\/v1\.0\/users$/)).toBe(1);
  });

  it('gives namesakes given.family2 and given.family3', async () => {
    const a = await m365.ensureAccount(person({ employeeId: 'A' }));
    const b = await m365.ensureAccount(person({ employeeId: 'B' }));
    const c = await m365.ensureAccount(person({ employeeId: 'C' }));
    expect([a.login, b.login, c.login]).toEqual([
      'jose.garciaoneil@example.com',
      'jose.garciaoneil2@example.com',
      'jose.garciaoneil3@example.com',
    ]);
  });

  it('findAccount is null before and the account after', async () => {
    expect(await m365.findAccount('E100')).toBeNull();
    const account = await m365.ensureAccount(person());
    expect(await m365.findAccount('E100')).toEqual(account);
  });

  it('updateProfile twice: same end state', async () => {
    const account = await m365.ensureAccount(person());
    await twice(() => m365.updateProfile(account, person({ department: 'Sales', jobTitle: 'Account Executive', location: 'FR' })));
    expect(user(account)).toEqual(expect.objectContaining({ department: 'Sales', jobTitle: 'Account Executive', usageLocation: 'FR' }));
    expect(user(account)!.userPrincipalName).toBe(account.login); // no rename on a move
  });

  it('updateProfile records the hire and leave dates', async () => {
    const account = await m365.ensureAccount(person({ startDate: '2026-12-01' }));
    await twice(() => m365.updateProfile(account, person({ startDate: '2026-12-01', leaveAt: '2027-03-31T22:00:00.000Z' })));
    expect(user(account)).toEqual(expect.objectContaining({ employeeHireDate: '2026-12-01T00:00:00Z', employeeLeaveDateTime: '2027-03-31T22:00:00Z' }));
  });

  it('disable and enable twice each', async () => {
    const account = await m365.ensureAccount(person());
    await twice(() => m365.disable(account));
    expect(user(account)!.accountEnabled).toBe(false);
    await twice(() => m365.enable(account));
    expect(user(account)!.accountEnabled).toBe(true);
  });

  it('revokeSessions twice: both revoke, neither fails', async () => {
    const account = await m365.ensureAccount(person());
    user(account)!.signInSessionsValidFromDateTime = '2000-01-01T00:00:00.000Z';
    await twice(() => m365.revokeSessions(account));
    expect(emu.state.revocations.get(account.externalId)).toBe(2);
    expect(user(account)!.signInSessionsValidFromDateTime > '2000-01-01T00:00:00.000Z').toBe(true);
  });

  it('deleteAccount twice: gone, and already gone counts as done', async () => {
    const account = await m365.ensureAccount(person());
    await twice(() => m365.deleteAccount(account));
    expect(emu.state.users.size).toBe(0);
    expect(await m365.findAccount('E100')).toBeNull();
  });
});

describe('entitlements', () => {
  it('grants and revokes a group by name, twice each', async () => {
    const account = await m365.ensureAccount(person());
    await twice(() => m365.grant(account, { kind: 'group', ref: 'Engineering' }));
    await m365.grant(account, { kind: 'group', ref: 'All Staff' });
    expect(emu.state.groupsOf(account.externalId).map((g) => g.displayName).sort()).toEqual(['All Staff', 'Engineering']);
    expect((await m365.listGroups(account)).sort()).toEqual(['All Staff', 'Engineering']);
    await twice(() => m365.revoke(account, { kind: 'group', ref: 'Engineering' }));
    expect(await m365.listGroups(account)).toEqual(['All Staff']);
    // The group id was resolved once and cached.
    expect(requestCount(emu, 'GET', /^\/v1\.0\/groups$/)).toBe(2);
  });

  it('grants and revokes a licence by SKU part number, twice each, and consumedUnits follows', async () => {
    const account = await m365.ensureAccount(person());
    const sku = emu.state.skus.find((s) => s.skuPartNumber === 'ENTERPRISEPACK')!;
    await twice(() => m365.grant(account, { kind: 'licence', ref: 'ENTERPRISEPACK' }));
    expect(user(account)!.assignedLicenses).toEqual([{ skuId: sku.skuId, disabledPlans: [] }]);
    expect(emu.state.consumedUnits(sku.skuId)).toBe(1);
    await twice(() => m365.revoke(account, { kind: 'licence', ref: 'ENTERPRISEPACK' }));
    expect(user(account)!.assignedLicenses).toEqual([]);
    expect(emu.state.consumedUnits(sku.skuId)).toBe(0);
  });

  it('refuses an unknown group, an unknown SKU and a seat with messages a person can act on', async () => {
    const account = await m365.ensureAccount(person());
    const group = await failureOf(m365.grant(account, { kind: 'group', ref: 'Nope' }));
    expect(group.nonRetryable).toBe(true);
    expect(group.message).toMatch(/no group named "Nope"/);
    const sku = await failureOf(m365.grant(account, { kind: 'licence', ref: 'NOPE_SKU' }));
    expect(sku.message).toMatch(/no subscription with SKU part number "NOPE_SKU"/);
    const seat = await failureOf(m365.grant(account, { kind: 'seat', ref: 'x' }));
    expect(seat.nonRetryable).toBe(true);
  });
});

describe('errors', () => {
  it('throttling (2 × 429, Retry-After: 1) is retryable with nextRetryDelay 1000 ms, and the client does not retry itself', async () => {
    const account = await m365.ensureAccount(person());
    emu.faults.add({ method: 'PATCH', path: '^/v1.0/users/', status: 429, retryAfter: 1, times: 2 });
    for (const attempt of [1, 2]) {
      const failure = await failureOf(m365.disable(account));
      expect(failure.type).toBe(ConnectorErrorType.Retryable);
      expect(failure.nonRetryable).toBe(false);
      expect(failure.nextRetryDelay).toBe(1000);
      expect(requestCount(emu, 'PATCH', /^\/v1\.0\/users\//)).toBe(attempt); // one request per call: no hidden retries
    }
    expect(user(account)!.accountEnabled).toBe(true);
    await m365.disable(account); // Temporal's third attempt goes through
    expect(user(account)!.accountEnabled).toBe(false);
  });

  it('a 503 is retryable too', async () => {
    const account = await m365.ensureAccount(person());
    emu.faults.add({ method: 'POST', path: 'revokeSignInSessions$', status: 503, times: 1 });
    const failure = await failureOf(m365.revokeSessions(account));
    expect(failure.type).toBe(ConnectorErrorType.Retryable);
    expect(requestCount(emu, 'POST', /revokeSignInSessions$/)).toBe(1);
  });

  it('a 403 is permanent, says what to fix, and reaches Graph exactly once', async () => {
    emu.faults.add({ method: 'POST', path: '^/v1.0/users$', status: 403 });
    const failure = await failureOf(m365.ensureAccount(person()));
    expect(failure.type).toBe(ConnectorErrorType.Permanent);
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toMatch(/^m365: create the account of employee E100 was refused by Microsoft Graph \(403 Authorization_RequestDenied\)/);
    expect(failure.message).toMatch(/User\.ReadWrite\.All/);
    expect(requestCount(emu, 'POST', /^\/v1\.0\/users$/)).toBe(1);
    expect(emu.state.users.size).toBe(0);
  });

  it('a write to a user that no longer exists is permanent (404)', async () => {
    const account = await m365.ensureAccount(person());
    emu.state.deleteUser(account.externalId);
    const failure = await failureOf(m365.disable(account));
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toMatch(/404 Request_ResourceNotFound/);
  });

  it('a refused client secret is permanent, names the settings, and does not leak the secret', async () => {
    const wrong = emulatorConnector(emu, { clientSecret: 'definitely-wrong-secret' });
    const failure = await failureOf(wrong.findAccount('E100'));
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toMatch(/M365_CLIENT_SECRET/);
    expect(failure.message).not.toContain('definitely-wrong-secret');
    expect(requestCount(emu, 'POST', /oauth2\/v2\.0\/token$/)).toBe(1); // the credential did not retry either
  });

  it('Graph unreachable is retryable', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const offline = emulatorConnector(emu, { graphUrl: `https://127.0.0.1:${closedPort}` });
    const failure = await failureOf(offline.findAccount('E100'));
    expect(failure.type).toBe(ConnectorErrorType.Retryable);
  });
});
