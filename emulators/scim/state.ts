// In-memory store behind one emulated SCIM app. SCIMMY handles the protocol; this holds the data
// and enforces what a real app enforces itself (userName and displayName uniqueness, known members).
import { randomUUID } from 'node:crypto';

export interface StoredMeta {
  created: string;
  lastModified: string;
}

/** A user as the app keeps it: the attributes the client sent, plus id, active and meta. */
export interface StoredUser {
  id: string;
  userName: string;
  externalId?: string;
  active: boolean;
  attributes: Record<string, unknown>; // everything else the client sent (name, displayName, emails, title…)
  meta: StoredMeta;
}

export interface StoredGroup {
  id: string;
  displayName: string;
  externalId?: string;
  memberIds: string[];
  meta: StoredMeta;
}

/** Thrown by the store; the SCIMMY handlers turn it into a SCIM error with this status and scimType. */
export class ScimStateError extends Error {
  constructor(
    readonly status: number,
    readonly scimType: string | null,
    message: string,
  ) {
    super(message);
  }
}

export interface UserInput {
  userName: string;
  externalId?: string;
  active?: boolean;
  attributes: Record<string, unknown>;
}

export interface GroupInput {
  displayName: string;
  externalId?: string;
  memberIds: string[];
}

const now = () => new Date().toISOString();
// userName and Group displayName are case-insensitive in RFC 7643 (caseExact false), so uniqueness is too.
const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export class ScimState {
  readonly users = new Map<string, StoredUser>();
  readonly groups = new Map<string, StoredGroup>();

  constructor(private readonly initialGroups: readonly string[] = []) {
    this.reset();
  }

  /** Back to the fixture: no users, the initial groups with no members. */
  reset(): void {
    this.users.clear();
    this.groups.clear();
    for (const displayName of this.initialGroups) this.createGroup({ displayName, memberIds: [] });
  }

  createUser(input: UserInput): StoredUser {
    this.assertUniqueUserName(input.userName);
    const at = now();
    const user: StoredUser = {
      id: randomUUID(),
      userName: input.userName,
      externalId: input.externalId,
      active: input.active ?? true,
      attributes: input.attributes,
      meta: { created: at, lastModified: at },
    };
    this.users.set(user.id, user);
    return user;
  }

  /** Full replacement (PUT, and PATCH after SCIMMY applied the operations). */
  replaceUser(id: string, input: UserInput): StoredUser {
    const user = this.requireUser(id);
    this.assertUniqueUserName(input.userName, id);
    Object.assign(user, {
      userName: input.userName,
      externalId: input.externalId,
      active: input.active ?? true,
      attributes: input.attributes,
    });
    user.meta.lastModified = now();
    return user;
  }

  deleteUser(id: string): void {
    this.requireUser(id);
    this.users.delete(id);
    // A deleted user leaves every group, as in the apps themselves.
    for (const group of this.groups.values()) group.memberIds = group.memberIds.filter((m) => m !== id);
  }

  requireUser(id: string): StoredUser {
    const user = this.users.get(id);
    if (!user) throw new ScimStateError(404, null, `Resource ${id} not found`);
    return user;
  }

  createGroup(input: GroupInput): StoredGroup {
    this.assertUniqueGroupName(input.displayName);
    const at = now();
    const group: StoredGroup = {
      id: randomUUID(),
      displayName: input.displayName,
      externalId: input.externalId,
      memberIds: this.checkMembers(input.memberIds),
      meta: { created: at, lastModified: at },
    };
    this.groups.set(group.id, group);
    return group;
  }

  replaceGroup(id: string, input: GroupInput): StoredGroup {
    const group = this.requireGroup(id);
    this.assertUniqueGroupName(input.displayName, id);
    group.displayName = input.displayName;
    group.externalId = input.externalId;
    group.memberIds = this.checkMembers(input.memberIds);
    group.meta.lastModified = now();
    return group;
  }

  deleteGroup(id: string): void {
    this.requireGroup(id);
    this.groups.delete(id);
  }

  requireGroup(id: string): StoredGroup {
    const group = this.groups.get(id);
    if (!group) throw new ScimStateError(404, null, `Resource ${id} not found`);
    return group;
  }

  groupByName(displayName: string): StoredGroup | undefined {
    return [...this.groups.values()].find((g) => same(g.displayName, displayName));
  }

  groupsOf(userId: string): StoredGroup[] {
    return [...this.groups.values()].filter((g) => g.memberIds.includes(userId));
  }

  /** Members must be known users; adding one twice keeps one (PATCH add of an existing member is a no-op). */
  private checkMembers(ids: string[]): string[] {
    for (const id of ids) {
      if (!this.users.has(id)) throw new ScimStateError(400, 'invalidValue', `Member ${id} is not a known user`);
    }
    return [...new Set(ids)];
  }

  private assertUniqueUserName(userName: string, exceptId?: string): void {
    for (const u of this.users.values()) {
      if (u.id !== exceptId && same(u.userName, userName)) {
        throw new ScimStateError(409, 'uniqueness', `userName '${userName}' is already taken`);
      }
    }
  }

  private assertUniqueGroupName(displayName: string, exceptId?: string): void {
    for (const g of this.groups.values()) {
      if (g.id !== exceptId && same(g.displayName, displayName)) {
        throw new ScimStateError(409, 'uniqueness', `Group displayName '${displayName}' is already taken`);
      }
    }
  }
}
