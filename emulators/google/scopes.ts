// OAuth scopes of the Directory API, and which of them each kind of route accepts (as documented per method).
const BASE = 'https://www.googleapis.com/auth/';

export const DirectoryScope = {
  user: `${BASE}admin.directory.user`,
  userReadonly: `${BASE}admin.directory.user.readonly`,
  userSecurity: `${BASE}admin.directory.user.security`,
  group: `${BASE}admin.directory.group`,
  groupReadonly: `${BASE}admin.directory.group.readonly`,
  groupMember: `${BASE}admin.directory.group.member`,
  groupMemberReadonly: `${BASE}admin.directory.group.member.readonly`,
} as const;

/** Scopes a super-admin authorised for the emulator's service account (domain-wide delegation). */
export const DEFAULT_AUTHORIZED_SCOPES: readonly string[] = Object.values(DirectoryScope);

const S = DirectoryScope;

/** Accepted scopes per operation family; a token needs one of them. */
export const RouteScopes = {
  userRead: [S.user, S.userReadonly],
  userWrite: [S.user],
  userSecurity: [S.userSecurity],
  groupRead: [S.group, S.groupReadonly],
  groupWrite: [S.group],
  memberRead: [S.group, S.groupReadonly, S.groupMember, S.groupMemberReadonly],
  memberWrite: [S.group, S.groupMember],
} as const satisfies Record<string, readonly string[]>;
