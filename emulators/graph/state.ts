// In-memory directory of the emulated tenant: users, groups, SKUs, issued tokens and a request log.
import { randomUUID } from 'node:crypto';
import { fixtureTenant } from '../fixtures/tenant';

export interface AssignedLicense {
  skuId: string;
  disabledPlans: string[];
}

/** A user as Graph returns it (passwordProfile is write-only and kept apart). */
export interface GraphUser {
  id: string;
  userPrincipalName: string;
  displayName: string;
  mailNickname: string;
  mail: string | null;
  givenName: string | null;
  surname: string | null;
  accountEnabled: boolean;
  department: string | null;
  jobTitle: string | null;
  usageLocation: string | null;
  employeeId: string | null;
  employeeType: string | null;
  employeeHireDate: string | null;
  employeeLeaveDateTime: string | null;
  assignedLicenses: AssignedLicense[];
  signInSessionsValidFromDateTime: string;
  createdDateTime: string;
}

export interface GraphGroup {
  id: string;
  displayName: string;
  mailNickname: string;
  description: string | null;
  securityEnabled: boolean;
  mailEnabled: boolean;
  groupTypes: string[];
  createdDateTime: string;
}

export interface Sku {
  skuId: string;
  skuPartNumber: string;
  prepaidUnits: number;
}

export interface LoggedRequest {
  method: string;
  path: string;
  at: string;
}

export interface GraphStateOptions {
  tenantId: string;
  domain: string;
  clientId: string;
  clientSecret: string;
}

export class GraphState {
  readonly users = new Map<string, GraphUser>();
  readonly groups = new Map<string, GraphGroup>();
  /** group id → member user ids */
  readonly members = new Map<string, Set<string>>();
  readonly skus: Sku[] = [];
  /** bearer token → expiry (ms since epoch) */
  readonly tokens = new Map<string, number>();
  /** every Graph (/v1.0) and token request, in order, so tests can count what reached the service */
  readonly requests: LoggedRequest[] = [];
  /** how many times revokeSignInSessions was called per user id */
  readonly revocations = new Map<string, number>();

  constructor(readonly options: GraphStateOptions) {
    this.reset();
  }

  /** Back to the fixture tenant: its groups and SKUs, no users, no tokens, no log. */
  reset(): void {
    this.users.clear();
    this.groups.clear();
    this.members.clear();
    this.tokens.clear();
    this.requests.length = 0;
    this.revocations.clear();
    this.skus.length = 0;
    for (const name of fixtureTenant.m365.groups) this.createGroup(name);
    for (const sku of fixtureTenant.m365.skus) this.skus.push({ ...sku });
  }

  createGroup(displayName: string, description: string | null = null): GraphGroup {
    const group: GraphGroup = {
      id: randomUUID(),
      displayName,
      mailNickname: displayName.replace(/[^A-Za-z0-9]/g, '').toLowerCase(),
      description,
      securityEnabled: true,
      mailEnabled: false,
      groupTypes: [],
      createdDateTime: new Date().toISOString(),
    };
    this.groups.set(group.id, group);
    this.members.set(group.id, new Set());
    return group;
  }

  /** By object id or, as Graph allows, by user principal name (case-insensitive). */
  findUser(idOrUpn: string): GraphUser | undefined {
    const byId = this.users.get(idOrUpn);
    if (byId) return byId;
    const upn = idOrUpn.toLowerCase();
    for (const u of this.users.values()) if (u.userPrincipalName.toLowerCase() === upn) return u;
    return undefined;
  }

  upnTaken(upn: string, exceptId?: string): boolean {
    const wanted = upn.toLowerCase();
    for (const u of this.users.values()) {
      if (u.id !== exceptId && u.userPrincipalName.toLowerCase() === wanted) return true;
    }
    return false;
  }

  groupsOf(userId: string): GraphGroup[] {
    const out: GraphGroup[] = [];
    for (const [groupId, set] of this.members) {
      const group = this.groups.get(groupId);
      if (group && set.has(userId)) out.push(group);
    }
    return out;
  }

  deleteUser(userId: string): void {
    this.users.delete(userId);
    for (const set of this.members.values()) set.delete(userId);
  }

  consumedUnits(skuId: string): number {
    let n = 0;
    for (const u of this.users.values()) if (u.assignedLicenses.some((l) => l.skuId === skuId)) n += 1;
    return n;
  }

  issueToken(ttlSeconds: number): string {
    const token = `${randomUUID()}.${randomUUID()}`.replace(/-/g, '');
    this.tokens.set(token, Date.now() + ttlSeconds * 1000);
    return token;
  }

  tokenValid(token: string): boolean {
    const expiry = this.tokens.get(token);
    return expiry !== undefined && expiry > Date.now();
  }
}
