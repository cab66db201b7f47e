// The Microsoft 365 (Entra ID) connector: the Connector contract over Microsoft Graph v1.0.
// Every operation is idempotent: it reads before it writes where Graph would otherwise fail or duplicate, and
// treats "already so" answers (already a member, already removed, already deleted) as done.
import { randomBytes, randomInt } from 'node:crypto';
import { type Client } from '@microsoft/microsoft-graph-client';
import { ApplicationFailure } from '@temporalio/common';
import { type AccountRef, type Connector, type EntitlementTarget, type PersonProfile } from '../types';
import { permanentFailure } from '../errors';
import { classifyGraphError, graphStatus, SYSTEM } from './classify';
import { createGraphClient, type GraphClientOptions } from './graph-client';
import { readM365Inventory } from './inventory';
import { odataString, upnCandidate, usageLocationFor } from './naming';

export interface M365ConnectorOptions extends GraphClientOptions {
  domain: string; // the verified domain UPNs are made in
  defaultUsageLocation?: string; // when a person's location maps to no country code; default 'US'
  maxUpnAttempts?: number; // given.family, given.family2, … up to this many; default 50
}

interface UserLite {
  id: string;
  userPrincipalName: string;
  assignedLicenses?: { skuId: string }[];
}

interface ListPage<T> {
  value: T[];
  '@odata.nextLink'?: string;
}

const USER_FIELDS = 'id,userPrincipalName,employeeId,assignedLicenses';

/** A password nobody sees: first access is issued later through a channel policy allows (PRODUCT.md §3). */
function throwawayPassword(): string {
  const pick = (chars: string) => chars[randomInt(chars.length)]!;
  return `${randomBytes(18).toString('base64url')}${pick('ABCDEFGHJKLMNPQRSTUVWXYZ')}${pick('abcdefghijkmnopqrstuvwxyz')}${pick('23456789')}${pick('!#$%&*+-=?@')}`;
}

function isStatus(err: unknown, ...statuses: number[]): boolean {
  const s = graphStatus(err);
  return s !== null && statuses.includes(s.status);
}

function mentions(err: unknown, text: string): boolean {
  const s = graphStatus(err);
  return s !== null && s.message.toLowerCase().includes(text.toLowerCase());
}

export function createM365Connector(options: M365ConnectorOptions, client: Client = createGraphClient(options)): Connector {
  const domain = options.domain.toLowerCase();
  const fallbackLocation = options.defaultUsageLocation ?? 'US';
  const maxUpnAttempts = options.maxUpnAttempts ?? 50;
  // Names and SKUs rarely change; caching them saves a lookup per grant. Entries are dropped on a 404.
  const groupIds = new Map<string, string>();
  let skuIds: Map<string, string> | undefined;

  /** Runs one step and turns anything it throws into a classified Temporal failure. */
  async function step<T>(action: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof ApplicationFailure) throw err;
      throw classifyGraphError(err, action);
    }
  }

  async function findByEmployeeId(employeeId: string): Promise<UserLite | null> {
    const page = (await client.api('/users').filter(`employeeId eq ${odataString(employeeId)}`).select(USER_FIELDS).get()) as ListPage<UserLite>;
    if (page.value.length > 1) {
      throw permanentFailure(
        SYSTEM,
        `${page.value.length} accounts carry employeeId ${employeeId} (${page.value.map((u) => u.userPrincipalName).join(', ')}); remove the extra one by hand.`,
      );
    }
    return page.value[0] ?? null;
  }

  async function upnTaken(upn: string): Promise<boolean> {
    const page = (await client.api('/users').filter(`userPrincipalName eq ${odataString(upn)}`).select('id').get()) as ListPage<UserLite>;
    return page.value.length > 0;
  }

  function profileFields(person: PersonProfile): Record<string, string> {
    return {
      givenName: person.givenName,
      surname: person.familyName,
      displayName: `${person.givenName} ${person.familyName}`,
      department: person.department,
      jobTitle: person.jobTitle,
      usageLocation: usageLocationFor(person.location, fallbackLocation),
      employeeId: person.employeeId,
      employeeType: person.employmentType,
      ...(person.startDate ? { employeeHireDate: `${person.startDate}T00:00:00Z` } : {}),
      // Graph takes a UTC DateTimeOffset; seconds precision is what the portal shows.
      ...(person.leaveAt ? { employeeLeaveDateTime: new Date(person.leaveAt).toISOString().replace(/\.\d{3}Z$/, 'Z') } : {}),
    };
  }

  async function createUser(person: PersonProfile): Promise<UserLite> {
    for (let n = 1; n <= maxUpnAttempts; n += 1) {
      const upn = upnCandidate(person.givenName, person.familyName, domain, n, person.employeeId);
      if (await upnTaken(upn)) continue;
      try {
        return (await client.api('/users').post({
          accountEnabled: true,
          mailNickname: upn.split('@')[0],
          userPrincipalName: upn,
          passwordProfile: { password: throwawayPassword(), forceChangePasswordNextSignIn: true },
          ...profileFields(person),
        })) as UserLite;
      } catch (err) {
        // Someone took the name between our check and our create, or a timed-out create of ours succeeded.
        if (!isStatus(err, 400) || !mentions(err, 'userPrincipalName already exists')) throw err;
        const ours = await findByEmployeeId(person.employeeId);
        if (ours) return ours;
      }
    }
    throw permanentFailure(SYSTEM, `no free user principal name for ${person.givenName} ${person.familyName} after ${maxUpnAttempts} tries in ${domain}.`);
  }

  async function groupId(name: string): Promise<string> {
    const cached = groupIds.get(name);
    if (cached) return cached;
    const page = (await client.api('/groups').filter(`displayName eq ${odataString(name)}`).select('id,displayName').get()) as ListPage<{ id: string }>;
    if (page.value.length === 0) throw permanentFailure(SYSTEM, `no group named "${name}" in the tenant; create it or fix the policy entitlement's ref.`);
    if (page.value.length > 1) throw permanentFailure(SYSTEM, `${page.value.length} groups are named "${name}"; rename one so the policy ref is unambiguous.`);
    groupIds.set(name, page.value[0]!.id);
    return page.value[0]!.id;
  }

  async function skuId(partNumber: string): Promise<string> {
    if (!skuIds) {
      const page = (await client.api('/subscribedSkus').get()) as ListPage<{ skuId: string; skuPartNumber: string }>;
      skuIds = new Map(page.value.map((s) => [s.skuPartNumber.toUpperCase(), s.skuId]));
    }
    const id = skuIds.get(partNumber.toUpperCase());
    if (!id) {
      skuIds = undefined; // a subscription bought since may appear on the next try
      throw permanentFailure(SYSTEM, `the tenant has no subscription with SKU part number "${partNumber}"; buy it or fix the policy entitlement's ref.`);
    }
    return id;
  }

  async function licences(account: AccountRef): Promise<string[] | null> {
    try {
      const user = (await client.api(`/users/${account.externalId}`).select('id,assignedLicenses').get()) as UserLite;
      return (user.assignedLicenses ?? []).map((l) => l.skuId);
    } catch (err) {
      if (isStatus(err, 404)) return null;
      throw err;
    }
  }

  async function grantGroup(account: AccountRef, name: string): Promise<void> {
    const id = await groupId(name);
    try {
      await client.api(`/groups/${id}/members/$ref`).post({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${account.externalId}` });
    } catch (err) {
      if (isStatus(err, 400) && mentions(err, 'already exist')) return; // already a member
      if (isStatus(err, 404)) groupIds.delete(name);
      throw err;
    }
  }

  async function revokeGroup(account: AccountRef, name: string): Promise<void> {
    const id = await groupId(name);
    try {
      await client.api(`/groups/${id}/members/${account.externalId}/$ref`).delete();
    } catch (err) {
      if (isStatus(err, 404)) return; // not a member (or the user is gone): nothing to remove
      throw err;
    }
  }

  async function grantLicence(account: AccountRef, partNumber: string): Promise<void> {
    const id = await skuId(partNumber);
    const held = await licences(account);
    if (held === null) throw permanentFailure(SYSTEM, `cannot assign ${partNumber}: account ${account.login} no longer exists.`);
    // Re-adding would reset plans an admin disabled by hand, so an assigned licence is left as it is.
    if (held.includes(id)) return;
    await client.api(`/users/${account.externalId}/assignLicense`).post({ addLicenses: [{ skuId: id, disabledPlans: [] }], removeLicenses: [] });
  }

  async function revokeLicence(account: AccountRef, partNumber: string): Promise<void> {
    const id = await skuId(partNumber);
    const held = await licences(account);
    if (held === null || !held.includes(id)) return;
    try {
      await client.api(`/users/${account.externalId}/assignLicense`).post({ addLicenses: [], removeLicenses: [id] });
    } catch (err) {
      if (isStatus(err, 400) && mentions(err, 'does not have a corresponding license')) return;
      throw err;
    }
  }

  function unsupported(target: EntitlementTarget): never {
    throw permanentFailure(SYSTEM, `Microsoft 365 has no "${target.kind}" entitlements (ref "${target.ref}"); use kind group or licence in the policy.`);
  }

  const ref = (u: UserLite): AccountRef => ({ system: SYSTEM, externalId: u.id, login: u.userPrincipalName });

  return {
    system: SYSTEM,

    ensureAccount: (person) =>
      step(`create the account of employee ${person.employeeId}`, async () => ref((await findByEmployeeId(person.employeeId)) ?? (await createUser(person)))),

    findAccount: (employeeId) =>
      step(`find the account of employee ${employeeId}`, async () => {
        const user = await findByEmployeeId(employeeId);
        return user ? ref(user) : null;
      }),

    // The UPN is not renamed on a move: a changed sign-in name breaks people's devices and bookmarks.
    updateProfile: (account, person) =>
      step(`update the profile of ${account.login}`, async () => {
        await client.api(`/users/${account.externalId}`).patch(profileFields(person));
      }),

    grant: (account, target) =>
      step(`grant ${target.kind} "${target.ref}" to ${account.login}`, () =>
        target.kind === 'group' ? grantGroup(account, target.ref) : target.kind === 'licence' ? grantLicence(account, target.ref) : unsupported(target),
      ),

    revoke: (account, target) =>
      step(`revoke ${target.kind} "${target.ref}" from ${account.login}`, () =>
        target.kind === 'group' ? revokeGroup(account, target.ref) : target.kind === 'licence' ? revokeLicence(account, target.ref) : unsupported(target),
      ),

    disable: (account) =>
      step(`block sign-in for ${account.login}`, async () => {
        await client.api(`/users/${account.externalId}`).patch({ accountEnabled: false });
      }),

    enable: (account) =>
      step(`restore sign-in for ${account.login}`, async () => {
        await client.api(`/users/${account.externalId}`).patch({ accountEnabled: true });
      }),

    revokeSessions: (account) =>
      step(`revoke the sign-in sessions of ${account.login}`, async () => {
        await client.api(`/users/${account.externalId}/revokeSignInSessions`).post(undefined); // the action takes no body
      }),

    deleteAccount: (account) =>
      step(`delete the account ${account.login}`, async () => {
        try {
          await client.api(`/users/${account.externalId}`).delete();
        } catch (err) {
          if (!isStatus(err, 404)) throw err; // already gone
        }
      }),

    listGroups: (account) =>
      step(`list the groups of ${account.login}`, async () => {
        const names: string[] = [];
        let page = (await client.api(`/users/${account.externalId}/memberOf`).select('id,displayName').get()) as ListPage<{ '@odata.type'?: string; displayName?: string }>;
        for (;;) {
          for (const o of page.value) if (o['@odata.type'] === '#microsoft.graph.group' && o.displayName) names.push(o.displayName);
          const next = page['@odata.nextLink'];
          if (!next) return names;
          page = (await client.api(next).get()) as typeof page;
        }
      }),

    readInventory: (readOptions) => step('read every account, group and licence of the tenant', () => readM365Inventory(client, readOptions)),
  };
}
