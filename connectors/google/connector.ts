// Google Workspace connector: the Directory API through googleapis, every call idempotent and every error classified.
import { randomBytes } from 'node:crypto';
import type { admin_directory_v1 } from 'googleapis';
import { permanentFailure } from '../errors';
import type { AccountRef, Connector, EntitlementTarget, PersonProfile } from '../types';
import { createDirectoryClient } from './client';
import { primaryEmailCandidates } from './email';
import { classifyGoogleError, hasStatus } from './errors';
import { readGoogleInventory } from './inventory';

export interface GoogleConnectorOptions {
  credentials: { client_email: string; private_key: string };
  /** The super-admin the service account impersonates (domain-wide delegation). */
  subject: string;
  customerId: string;
  domain: string;
  /** Another Directory endpoint (an emulator); googleapis keeps only its origin (REFERENCE.md, trap 2). */
  rootUrl?: string;
  /** Another token endpoint for the JWT-bearer grant (REFERENCE.md, trap 3). */
  tokenUrl?: string;
}

type User = admin_directory_v1.Schema$User;

/** The externalIds entry that correlates a Google user with the HR employee id. */
const EXTERNAL_ID_TYPE = 'organization';

function ownsEmployeeId(user: User, employeeId: string): boolean {
  return (user.externalIds as { type?: string; value?: string }[] | undefined)?.some((e) => e.value === employeeId) ?? false;
}

function toRef(user: User): AccountRef {
  if (!user.id || !user.primaryEmail) throw permanentFailure('google', 'Directory answered a user without id or primaryEmail');
  return { system: 'google', externalId: user.id, login: user.primaryEmail };
}

/** The profile fields Gatehouse owns on a Google user. */
function profileFields(person: PersonProfile): User {
  return {
    name: { givenName: person.givenName, familyName: person.familyName },
    externalIds: [{ type: EXTERNAL_ID_TYPE, value: person.employeeId }],
    organizations: [
      {
        primary: true,
        department: person.department,
        title: person.jobTitle,
        description: person.employmentType,
        location: person.location,
      },
    ],
  };
}

/** Directory query value, quoted when it holds anything but word characters. */
function queryValue(value: string): string {
  return /^[\w.@-]+$/.test(value) ? value : `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function createGoogleConnector(options: GoogleConnectorOptions): Connector {
  const directory = createDirectoryClient(options);
  const domain = options.domain.toLowerCase();

  /** Runs one Directory call; any error leaves as a classified Temporal failure. */
  async function call<T>(action: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw classifyGoogleError(err, action);
    }
  }

  /** Runs a call where one HTTP status means "already done" (409 on add, 404 on remove). */
  async function callTolerating(action: string, doneStatus: number, fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      if (hasStatus(err, doneStatus)) return;
      throw classifyGoogleError(err, action);
    }
  }

  async function findAccount(employeeId: string): Promise<AccountRef | null> {
    const res = await call(`find user with employee id ${employeeId}`, () =>
      directory.users.list({ customer: options.customerId, query: `externalId:${queryValue(employeeId)}`, maxResults: 10, projection: 'full' }),
    );
    // Filter again: the search index matches loosely, correlation must be exact.
    const user = (res.data.users ?? []).find((u) => ownsEmployeeId(u, employeeId));
    return user ? toRef(user) : null;
  }

  /** The user at this address, or null when the address is free (404). */
  async function getByEmail(email: string): Promise<User | null> {
    try {
      return (await directory.users.get({ userKey: email, projection: 'full' })).data;
    } catch (err) {
      if (hasStatus(err, 404)) return null;
      throw classifyGoogleError(err, `look up ${email}`);
    }
  }

  async function ensureAccount(person: PersonProfile): Promise<AccountRef> {
    const existing = await findAccount(person.employeeId);
    if (existing) return existing;
    for (const email of primaryEmailCandidates(person.givenName, person.familyName, person.employeeId, domain)) {
      // A direct get is consistent where the search index lags: an address that already carries this employee id
      // is the account an earlier, timed-out attempt created.
      const holder = await getByEmail(email);
      if (holder && ownsEmployeeId(holder, person.employeeId)) return toRef(holder);
      if (holder) continue; // someone else's address: take the next number
      try {
        const created = await directory.users.insert({
          requestBody: {
            ...profileFields(person),
            primaryEmail: email,
            // A random first password nobody knows; the person sets theirs at first sign-in.
            password: randomBytes(24).toString('base64url'),
            changePasswordAtNextLogin: true,
          },
        });
        return toRef(created.data);
      } catch (err) {
        if (!hasStatus(err, 409)) throw classifyGoogleError(err, `create user ${email}`);
        // Taken in the meantime: ours (a concurrent attempt) or someone else's (try the next address).
        const raced = await getByEmail(email);
        if (raced && ownsEmployeeId(raced, person.employeeId)) return toRef(raced);
      }
    }
    throw permanentFailure('google', `no free primary address for employee ${person.employeeId} in ${domain}: choose one by hand`);
  }

  async function setSuspended(account: AccountRef, suspended: boolean): Promise<void> {
    await call(`${suspended ? 'suspend' : 'unsuspend'} ${account.login}`, () =>
      directory.users.update({ userKey: account.externalId, requestBody: { suspended } }),
    );
  }

  function groupKey(target: EntitlementTarget): string {
    if (target.kind !== 'group') {
      throw permanentFailure('google', `entitlement kind '${target.kind}' (${target.ref}) is not handled by the Google connector`);
    }
    if (!target.ref.includes('@')) {
      throw permanentFailure('google', `Google groups are named by email address; '${target.ref}' is not one: fix the policy`);
    }
    return target.ref.toLowerCase();
  }

  return {
    system: 'google',
    findAccount,
    ensureAccount,

    async updateProfile(account, person) {
      // PUT with patch semantics (Google's recommendation): only the fields sent change; the address is left alone.
      await call(`update profile of ${account.login}`, () =>
        directory.users.update({ userKey: account.externalId, requestBody: profileFields(person) }),
      );
    },

    async grant(account, target) {
      const group = groupKey(target);
      await callTolerating(`add ${account.login} to ${group}`, 409, () =>
        directory.members.insert({ groupKey: group, requestBody: { email: account.login, role: 'MEMBER' } }),
      );
    },

    async revoke(account, target) {
      const group = groupKey(target);
      // 404 means not a member (or no such group): either way the access is gone.
      await callTolerating(`remove ${account.login} from ${group}`, 404, () =>
        directory.members.delete({ groupKey: group, memberKey: account.externalId }),
      );
    },

    disable: (account) => setSuspended(account, true),
    enable: (account) => setSuspended(account, false),

    async revokeSessions(account) {
      const userKey = account.externalId;
      await call(`sign out ${account.login}`, () => directory.users.signOut({ userKey }));
      const tokens = await call(`list OAuth tokens of ${account.login}`, () => directory.tokens.list({ userKey }));
      for (const token of tokens.data.items ?? []) {
        if (!token.clientId) continue;
        const clientId = token.clientId;
        await callTolerating(`revoke OAuth token ${clientId} of ${account.login}`, 404, () => directory.tokens.delete({ userKey, clientId }));
      }
      const asps = await call(`list app passwords of ${account.login}`, () => directory.asps.list({ userKey }));
      for (const asp of asps.data.items ?? []) {
        if (asp.codeId === undefined || asp.codeId === null) continue;
        const codeId = asp.codeId;
        await callTolerating(`revoke app password ${codeId} of ${account.login}`, 404, () => directory.asps.delete({ userKey, codeId }));
      }
      await call(`invalidate backup codes of ${account.login}`, () => directory.verificationCodes.invalidate({ userKey }));
    },

    async deleteAccount(account) {
      await callTolerating(`delete ${account.login}`, 404, () => directory.users.delete({ userKey: account.externalId }));
    },

    async listGroups(account) {
      const groups: string[] = [];
      let pageToken: string | undefined;
      do {
        const res = await call(`list groups of ${account.login}`, () =>
          directory.groups.list({ userKey: account.externalId, maxResults: 200, pageToken }),
        );
        for (const g of res.data.groups ?? []) if (g.email) groups.push(g.email);
        pageToken = res.data.nextPageToken ?? undefined;
      } while (pageToken);
      return groups;
    },

    readInventory: (readOptions) => readGoogleInventory(directory, options.customerId, call, readOptions, options.subject),
  };
}
