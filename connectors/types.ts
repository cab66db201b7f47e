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
}
