// The contract every target-system connector keeps. Activities talk to connectors only through this.

/** What a connector needs to know about a person to create or update their account. */
export interface PersonProfile {
  employeeId: string;
  givenName: string;
  familyName: string;
  department: string;
  location: string; // ISO 3166 alpha-2 country code where a system needs one (Graph usageLocation), else free text
  jobTitle: string;
  employmentType: 'employee' | 'contractor';
  managerId?: string;
  personalEmail?: string;
  startDate?: string; // YYYY-MM-DD
  leaveAt?: string; // ISO-8601 instant
}

/** An account in one system, correlated to the person by employee id. */
export interface AccountRef {
  system: string; // 'm365' | 'google' | 'scim:<app name>'
  externalId: string; // the system's own id for the account
  login: string; // user principal name, primary email or SCIM userName
}

/** An entitlement as the policy names it: `ref` is what an admin knows (group name, SKU part number). */
export interface EntitlementTarget {
  kind: 'group' | 'licence' | 'seat';
  ref: string;
}

export interface Connector {
  readonly system: string;
  /** Creates the account, or finds the one made before for this employee id. Never creates a second. */
  ensureAccount(person: PersonProfile): Promise<AccountRef>;
  /** Finds the account for this employee id, or null. */
  findAccount(employeeId: string): Promise<AccountRef | null>;
  updateProfile(account: AccountRef, person: PersonProfile): Promise<void>;
  /** Grants a group membership, licence or seat; "already granted" counts as done. */
  grant(account: AccountRef, target: EntitlementTarget): Promise<void>;
  /** Removes it; "already removed" counts as done. */
  revoke(account: AccountRef, target: EntitlementTarget): Promise<void>;
  /** Blocks sign-in (M365 accountEnabled=false, Google suspended, SCIM active=false). */
  disable(account: AccountRef): Promise<void>;
  /** Restores sign-in. */
  enable(account: AccountRef): Promise<void>;
  /** Signs the person out everywhere and revokes tokens the system issued (OAuth tokens, app passwords). */
  revokeSessions(account: AccountRef): Promise<void>;
  /** Deletes the account (a joiner withdrawn before the start). Already gone counts as done. */
  deleteAccount(account: AccountRef): Promise<void>;
  /** Names (refs) of groups the account is a direct member of, for snapshots and checks. */
  listGroups(account: AccountRef): Promise<string[]>;
  /** Reads the whole system, paged, for reconciliation (see InventoryReader); absent where a system cannot. */
  readInventory?(options?: InventoryReadOptions): Promise<Inventory>;
}

/** One account as a full read of its system found it: what reconciliation correlates and compares. */
export interface InventoryAccount {
  externalId: string;
  login: string;
  /** The correlation key the system holds: M365 employeeId, Google externalIds[type=organization], SCIM externalId. */
  employeeKey?: string;
  /** Sign-in allowed (M365 accountEnabled, Google not suspended, SCIM active). */
  enabled: boolean;
  /** Refs of the groups it is a direct member of (M365 displayName, Google group email, SCIM displayName). */
  groups: string[];
  /** Licence SKU part numbers it holds (M365); empty where the connector reads none. */
  licences: string[];
  /** Holds a paid seat of the app itself (a SCIM app: the active account is the seat). */
  seat: boolean;
  /** The account the connector itself acts as (Google's delegated admin): reported, never proposed for a change. */
  connectorIdentity?: boolean;
}

/** Every account of one system, with how the read went page by page (for reconciliation's safeguards). */
export interface Inventory {
  system: string;
  accounts: InventoryAccount[];
  /** Pages fetched, over every list read (users, groups, members). */
  pages: number;
  /** Pages that came back with no items: a sign of a broken read unless the whole list is empty. */
  emptyPages: number;
}

export interface InventoryReadOptions {
  /** Items per page asked for; each connector caps it at its API's maximum. */
  pageSize?: number;
}

/** A connector that can read its whole system, paged. Reconciliation uses it; the JML flows do not. */
export interface InventoryReader {
  readonly system: string;
  /** Reads every account with its memberships and licences; a page that fails fails the whole read. */
  readInventory(options?: InventoryReadOptions): Promise<Inventory>;
}
