// In-memory directory of the Google emulator: users, groups, memberships and per-user security state.
// Kept as plain data with small helpers so routers stay thin and admin routes can show everything.
import { randomBytes, randomInt } from 'node:crypto';

export interface UserRecord {
  kind: 'admin#directory#user';
  id: string;
  etag: string;
  primaryEmail: string;
  name: { givenName: string; familyName: string; fullName: string };
  isAdmin: boolean;
  isDelegatedAdmin: boolean;
  suspended: boolean;
  archived: boolean;
  changePasswordAtNextLogin: boolean;
  agreedToTerms: boolean;
  ipWhitelisted: boolean;
  isMailboxSetup: boolean;
  includeInGlobalAddressList: boolean;
  orgUnitPath: string;
  customerId: string;
  creationTime: string;
  lastLoginTime: string;
  aliases?: string[];
  emails: { address: string; primary?: boolean }[];
  externalIds?: { type: string; value: string; customType?: string }[];
  organizations?: Record<string, unknown>[];
  [field: string]: unknown;
}

export interface GroupRecord {
  kind: 'admin#directory#group';
  id: string;
  etag: string;
  email: string;
  name: string;
  description: string;
  directMembersCount: string;
  adminCreated: boolean;
}

export interface MemberRecord {
  kind: 'admin#directory#member';
  id: string;
  etag: string;
  email: string;
  role: 'OWNER' | 'MANAGER' | 'MEMBER';
  type: 'USER' | 'GROUP' | 'CUSTOMER';
  status: 'ACTIVE';
}

export interface OAuthTokenRecord {
  kind: 'admin#directory#token';
  etag: string;
  clientId: string;
  displayText: string;
  anonymous: boolean;
  nativeApp: boolean;
  scopes: string[];
  userKey: string;
}

export interface AspRecord {
  kind: 'admin#directory#asp';
  etag: string;
  codeId: number;
  name: string;
  creationTime: string;
  lastTimeUsed: string;
  userKey: string;
}

/** What a user's security state looks like, so tests can observe revocation. */
export interface UserSecurity {
  signOutCount: number;
  tokens: OAuthTokenRecord[];
  asps: AspRecord[];
  backupCodes: string[];
  backupCodesInvalidatedCount: number;
}

export interface IssuedToken {
  subject?: string;
  scopes: string[];
  expiresAt: number;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
}

export interface SeedGroup {
  email: string;
  name: string;
}

/** Google ids are long decimal strings; the emulator keeps that shape so clients treat them as opaque. */
export function newNumericId(): string {
  return `1${String(randomInt(1e9, 1e10 - 1))}${String(randomInt(1e9, 1e10 - 1))}`;
}

export function newEtag(): string {
  return `"${randomBytes(16).toString('base64url')}"`;
}

export class GoogleDirectoryState {
  users = new Map<string, UserRecord>(); // by id
  deletedUsers = new Map<string, UserRecord>(); // by id, for undelete
  groups = new Map<string, GroupRecord>(); // by id
  members = new Map<string, Map<string, MemberRecord>>(); // group id → member id → member
  security = new Map<string, UserSecurity>(); // user id → security state
  /** Requests each new user still answers 412 "User creation is not complete." to, by user id. */
  pendingCreation = new Map<string, number>();
  accessTokens = new Map<string, IssuedToken>();
  requests: RequestLogEntry[] = [];
  /** How many requests a freshly inserted user refuses with 412 before it settles (0: settles at once). */
  creationLag = 0;

  constructor(
    readonly customerId: string,
    readonly domain: string,
    private readonly seedGroups: readonly SeedGroup[],
    private readonly adminSubject: string,
  ) {
    this.reset();
  }

  /** Back to the fixture: seeded groups and the delegated admin user, nothing else (issued tokens stay valid). */
  reset(): void {
    this.users.clear();
    this.deletedUsers.clear();
    this.groups.clear();
    this.members.clear();
    this.security.clear();
    this.pendingCreation.clear();
    // Issued access tokens survive a reset: a worker holding one should not start failing because a test reset data.
    this.requests = [];
    this.creationLag = 0;
    for (const g of this.seedGroups) this.addGroup(g.email, g.name, '');
    // Domain-wide delegation impersonates a real super-admin, so the directory holds one.
    const [local = 'admin'] = this.adminSubject.split('@');
    this.addUser({ primaryEmail: this.adminSubject, name: { givenName: local, familyName: 'Admin' } }).isAdmin = true;
  }

  addUser(input: { primaryEmail: string; name: { givenName: string; familyName: string } } & Record<string, unknown>): UserRecord {
    const now = new Date().toISOString();
    const { password: _password, hashFunction: _hash, ...fields } = input;
    const user: UserRecord = {
      isAdmin: false,
      isDelegatedAdmin: false,
      suspended: false,
      archived: false,
      changePasswordAtNextLogin: false,
      agreedToTerms: false,
      ipWhitelisted: false,
      isMailboxSetup: false,
      includeInGlobalAddressList: true,
      orgUnitPath: '/',
      ...fields,
      kind: 'admin#directory#user',
      id: newNumericId(),
      etag: newEtag(),
      primaryEmail: input.primaryEmail.toLowerCase(),
      name: { ...input.name, fullName: `${input.name.givenName} ${input.name.familyName}` },
      customerId: this.customerId,
      creationTime: now,
      lastLoginTime: '1970-01-01T00:00:00.000Z',
      emails: [{ address: input.primaryEmail.toLowerCase(), primary: true }],
    };
    this.users.set(user.id, user);
    this.security.set(user.id, { signOutCount: 0, tokens: [], asps: [], backupCodes: [], backupCodesInvalidatedCount: 0 });
    return user;
  }

  /** userKey is a primary email, an alias or the id, as in the real API. */
  findUser(userKey: string): UserRecord | undefined {
    const key = userKey.toLowerCase();
    const byId = this.users.get(userKey);
    if (byId) return byId;
    for (const u of this.users.values()) {
      if (u.primaryEmail === key || (u.aliases ?? []).includes(key)) return u;
    }
    return undefined;
  }

  /** Any user or group already owning this address (primary or alias). */
  addressTaken(email: string, exceptUserId?: string): boolean {
    const key = email.toLowerCase();
    const user = this.findUser(key);
    if (user && user.id !== exceptUserId) return true;
    return this.findGroup(key) !== undefined;
  }

  addGroup(email: string, name: string, description: string): GroupRecord {
    const group: GroupRecord = {
      kind: 'admin#directory#group',
      id: randomBytes(8).toString('hex'),
      etag: newEtag(),
      email: email.toLowerCase(),
      name,
      description,
      directMembersCount: '0',
      adminCreated: true,
    };
    this.groups.set(group.id, group);
    this.members.set(group.id, new Map());
    return group;
  }

  findGroup(groupKey: string): GroupRecord | undefined {
    const byId = this.groups.get(groupKey);
    if (byId) return byId;
    const key = groupKey.toLowerCase();
    for (const g of this.groups.values()) if (g.email === key) return g;
    return undefined;
  }

  membersOf(groupId: string): Map<string, MemberRecord> {
    let m = this.members.get(groupId);
    if (!m) {
      m = new Map();
      this.members.set(groupId, m);
    }
    return m;
  }

  /** memberKey is the member's email or id. */
  findMember(groupId: string, memberKey: string): MemberRecord | undefined {
    const members = this.membersOf(groupId);
    const key = memberKey.toLowerCase();
    const direct = members.get(memberKey) ?? [...members.values()].find((m) => m.email === key);
    // A renamed user is still found by its new address or an alias.
    const user = direct ? undefined : this.findUser(memberKey);
    return direct ?? (user ? members.get(user.id) : undefined);
  }

  refreshCount(groupId: string): void {
    const g = this.groups.get(groupId);
    if (g) g.directMembersCount = String(this.membersOf(groupId).size);
  }

  /** Groups a user (by id) is a direct member of. */
  groupsOfUser(userId: string): GroupRecord[] {
    return [...this.groups.values()].filter((g) => this.membersOf(g.id).has(userId));
  }

  securityOf(userId: string): UserSecurity {
    let s = this.security.get(userId);
    if (!s) {
      s = { signOutCount: 0, tokens: [], asps: [], backupCodes: [], backupCodesInvalidatedCount: 0 };
      this.security.set(userId, s);
    }
    return s;
  }

  deleteUser(user: UserRecord): void {
    this.users.delete(user.id);
    this.deletedUsers.set(user.id, user);
    for (const g of this.groups.values()) {
      if (this.membersOf(g.id).delete(user.id)) this.refreshCount(g.id);
    }
  }
}
