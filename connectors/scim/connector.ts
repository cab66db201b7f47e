// One Connector per SCIM 2.0 app (RFC 7644). Every operation is idempotent: repeating it after a
// timeout, or after it already succeeded, ends in the same state without an error.
import { permanentFailure } from '../errors';
import { type AccountRef, type Connector, type EntitlementTarget, type Inventory, type InventoryReadOptions, type PersonProfile } from '../types';
import { SCIM_USER_SCHEMA, ScimHttp, scimString } from './http';
import { readScimInventory } from './inventory';
import { defaultUserNameFor, type UserNameFor } from './username';

export interface ScimAppConfig {
  name: string; // the app's name in policies: system `scim:<name>`
  baseUrl: string; // the SCIM base URL, ending before /Users
  token: string; // bearer token
}

export interface ScimConnectorOptions extends ScimAppConfig {
  /** Makes the userName; default `given.family` (see defaultUserNameFor). */
  userNameFor?: UserNameFor;
  /** With the default userNameFor: append `@domain`, for apps that key users by email. */
  domain?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

interface ScimUser {
  id: string;
  userName: string;
  externalId?: string;
  active?: boolean;
  groups?: Array<{ value: string; display?: string }>;
}

interface ScimGroup {
  id: string;
  displayName: string;
}

export function createScimConnector(options: ScimConnectorOptions): Connector {
  return new ScimConnector(options);
}

export function createScimConnectors(apps: ReadonlyArray<ScimAppConfig & Partial<ScimConnectorOptions>>): Connector[] {
  const seen = new Set<string>();
  return apps.map((app) => {
    // Two apps with one name would share the `scim:<name>` system and shadow each other in policies.
    if (seen.has(app.name)) throw new Error(`SCIM app '${app.name}' is configured twice`);
    seen.add(app.name);
    return createScimConnector(app);
  });
}

class ScimConnector implements Connector {
  readonly system: string;
  private readonly http: ScimHttp;
  private readonly userNameFor: UserNameFor;
  /** Group displayName (lower-cased: SCIM compares it case-insensitively) → id. Ids are stable in SCIM. */
  private readonly groupIds = new Map<string, string>();

  constructor(options: ScimConnectorOptions) {
    this.system = `scim:${options.name}`;
    this.http = new ScimHttp({ system: this.system, baseUrl: options.baseUrl, token: options.token, timeoutMs: options.timeoutMs, fetch: options.fetch });
    this.userNameFor = options.userNameFor ?? defaultUserNameFor(options.domain);
  }

  /**
   * Finds the account by externalId (= employee id), else creates it. A 409 on create means either our
   * own earlier create landed (a retry after a timeout) or the userName is someone else's: look again by
   * externalId, then by userName (an account without externalId, e.g. invited by hand before Gatehouse,
   * is adopted by stamping our externalId on it); a name held by another person gets the collision form.
   */
  async ensureAccount(person: PersonProfile): Promise<AccountRef> {
    const existing = await this.userByExternalId(person.employeeId);
    if (existing) return this.ref(existing);

    for (const collision of [false, true]) {
      const userName = this.userNameFor(person, collision);
      const res = await this.http.send<ScimUser>('POST', '/Users', this.newUser(person, userName), [409]);
      if (res.status !== 409) {
        if (res.body?.id) return this.ref(res.body);
        const created = await this.userByExternalId(person.employeeId); // an app that answers 201 without a body
        if (created) return this.ref(created);
        throw permanentFailure(this.system, `POST /Users answered ${res.status} but ${userName} cannot be found`);
      }
      const mine = await this.userByExternalId(person.employeeId);
      if (mine) return this.ref(mine);
      const holder = (await this.http.list<ScimUser>('/Users', `userName eq ${scimString(userName)}`))[0];
      if (holder && !holder.externalId) {
        await this.http.patch(`/Users/${enc(holder.id)}`, [{ op: 'replace', path: 'externalId', value: person.employeeId }]);
        return this.ref({ ...holder, externalId: person.employeeId });
      }
      // Held by another person (or invisible to us): try the collision form once, then give up.
    }
    throw permanentFailure(this.system, `no free userName for employee ${person.employeeId}: ${this.userNameFor(person, false)} and ${this.userNameFor(person, true)} are taken`);
  }

  async findAccount(employeeId: string): Promise<AccountRef | null> {
    const user = await this.userByExternalId(employeeId);
    return user ? this.ref(user) : null;
  }

  /** Names and title; the userName is left alone, since renaming a login breaks the person's sign-in. */
  async updateProfile(account: AccountRef, person: PersonProfile): Promise<void> {
    const { userName: _userName, externalId: _externalId, active: _active, schemas: _schemas, ...value } = this.newUser(person, account.login);
    await this.http.patch(this.userPath(account), [{ op: 'replace', value }]);
  }

  /**
   * group: add to the group named by `ref`. seat: in a SCIM app the seat is the account itself, held
   * while the account is active, so granting a seat activates the account. licence: not a SCIM notion.
   */
  async grant(account: AccountRef, target: EntitlementTarget): Promise<void> {
    if (target.kind === 'seat') return this.enable(account);
    this.assertGroup(target);
    await this.withGroup(target.ref, true, (groupId) =>
      this.http.patch(`/Groups/${enc(groupId)}`, [{ op: 'add', path: 'members', value: [{ value: account.externalId }] }], [404]),
    );
  }

  /** group: remove from it (absent member or group: done). seat: deactivate the account, which releases it. */
  async revoke(account: AccountRef, target: EntitlementTarget): Promise<void> {
    if (target.kind === 'seat') return this.disable(account);
    this.assertGroup(target);
    await this.withGroup(target.ref, false, async (groupId) => {
      const res = await this.http.patch(
        `/Groups/${enc(groupId)}`,
        [{ op: 'remove', path: `members[value eq ${scimString(account.externalId)}]` }],
        [400, 404],
      );
      // RFC 7644 lets an app refuse a filter that matches nothing with 400 noTarget: the member is already gone.
      if (res.status === 400 && (res.body as { scimType?: string } | undefined)?.scimType !== 'noTarget') {
        throw permanentFailure(this.system, `PATCH /Groups/${groupId} → 400: ${(res.body as { detail?: string } | undefined)?.detail ?? 'rejected'}`);
      }
      return res;
    });
  }

  /** active=false: the app ends the person's sessions and (GitHub EMU, Figma) frees the seat. Gone counts as done. */
  async disable(account: AccountRef): Promise<void> {
    await this.setActive(account, false, [404]);
  }

  async enable(account: AccountRef): Promise<void> {
    await this.setActive(account, true);
  }

  /**
   * SCIM has no operation for signing a user out, so this does nothing, on purpose. The leaver flow
   * disables the account (active=false), and that is what ends the person's sessions in SaaS apps.
   */
  async revokeSessions(_account: AccountRef): Promise<void> {}

  /** DELETE; irreversible in some apps (GitHub EMU). A 404 means it is already gone. */
  async deleteAccount(account: AccountRef): Promise<void> {
    await this.http.send('DELETE', this.userPath(account), undefined, [404]);
  }

  /** Group displayNames from the user's readOnly `groups` attribute, or by searching groups when the app omits it. */
  async listGroups(account: AccountRef): Promise<string[]> {
    const res = await this.http.send<ScimUser>('GET', this.userPath(account), undefined, [404]);
    if (res.status === 404 || !res.body) return [];
    const groups = res.body.groups;
    if (!Array.isArray(groups)) {
      const found = await this.http.list<ScimGroup>('/Groups', `members.value eq ${scimString(account.externalId)}`);
      return found.map((g) => g.displayName).sort();
    }
    const names = await Promise.all(
      groups.map(async (g) => g.display ?? (await this.http.send<ScimGroup>('GET', `/Groups/${enc(g.value)}`)).body?.displayName ?? g.value),
    );
    return names.sort();
  }

  /** Every user of the app, paged by startIndex/count. */
  readInventory(options?: InventoryReadOptions): Promise<Inventory> {
    return readScimInventory(this.http, this.system, options);
  }

  private async setActive(account: AccountRef, active: boolean, expected: number[] = []): Promise<void> {
    await this.http.patch(this.userPath(account), [{ op: 'replace', path: 'active', value: active }], expected);
  }

  private async userByExternalId(employeeId: string): Promise<ScimUser | undefined> {
    return (await this.http.list<ScimUser>('/Users', `externalId eq ${scimString(employeeId)}`))[0];
  }

  /**
   * Runs a group operation with the group's id. A 404 means the cached id is stale (the group was
   * deleted and made again): resolve once more and retry; still 404 is an error for a grant, done for a revoke.
   */
  private async withGroup(ref: string, mustExist: boolean, op: (groupId: string) => Promise<{ status: number }>): Promise<void> {
    for (const fresh of [false, true]) {
      const groupId = await this.groupId(ref, fresh);
      if (!groupId) {
        if (mustExist) throw permanentFailure(this.system, `group '${ref}' does not exist in ${this.system}`);
        return;
      }
      if ((await op(groupId)).status !== 404) return;
      this.groupIds.delete(ref.toLowerCase());
    }
    if (mustExist) throw permanentFailure(this.system, `group '${ref}' disappeared while granting it`);
  }

  private async groupId(ref: string, fresh: boolean): Promise<string | undefined> {
    const key = ref.toLowerCase();
    const cached = fresh ? undefined : this.groupIds.get(key);
    if (cached) return cached;
    const found = await this.http.list<ScimGroup>('/Groups', `displayName eq ${scimString(ref)}`);
    const group = found.find((g) => g.displayName.toLowerCase() === key);
    if (group) this.groupIds.set(key, group.id);
    return group?.id;
  }

  private assertGroup(target: EntitlementTarget): void {
    if (target.kind !== 'group') {
      throw permanentFailure(this.system, `a SCIM app has no ${target.kind}s; use kind 'group' or 'seat' (ref ${target.ref})`);
    }
  }

  private newUser(person: PersonProfile, userName: string) {
    return {
      schemas: [SCIM_USER_SCHEMA],
      userName,
      externalId: person.employeeId,
      active: true,
      name: { givenName: person.givenName, familyName: person.familyName, formatted: `${person.givenName} ${person.familyName}` },
      displayName: `${person.givenName} ${person.familyName}`,
      ...(person.jobTitle ? { title: person.jobTitle } : {}),
      userType: person.employmentType === 'contractor' ? 'Contractor' : 'Employee',
      // Apps keyed by email (Slack, Figma) need it; only sent when the userName is one.
      ...(userName.includes('@') ? { emails: [{ value: userName, type: 'work', primary: true }] } : {}),
    };
  }

  private userPath(account: AccountRef): string {
    return `/Users/${enc(account.externalId)}`;
  }

  private ref(user: ScimUser): AccountRef {
    return { system: this.system, externalId: user.id, login: user.userName };
  }
}

const enc = encodeURIComponent;
