// Test helpers for the SCIM emulator: a running app seeded with the fixture groups, and typed views of its state.
import { fixtureTenant } from '../../emulators/fixtures/tenant';
import { startScimEmulator, type RunningScimEmulator } from '../../emulators/scim';

export const SCIM_FIXTURE_GROUPS: readonly string[] = fixtureTenant.scim.apps[0]!.groups;

export async function startFixtureScimApp(name = 'github'): Promise<RunningScimEmulator> {
  return startScimEmulator({ port: 0, name, token: `token-${name}`, groups: SCIM_FIXTURE_GROUPS });
}

/** Users as the app holds them, by userName: what the tests assert effects on. */
export function scimUsers(e: RunningScimEmulator): Array<{ id: string; userName: string; externalId?: string; active: boolean; groups: string[] }> {
  const { state } = e.emulator;
  return [...state.users.values()].map((u) => ({
    id: u.id,
    userName: u.userName,
    externalId: u.externalId,
    active: u.active,
    groups: state.groupsOf(u.id).map((g) => g.displayName).sort(),
  }));
}

export function scimUser(e: RunningScimEmulator, externalId: string) {
  return scimUsers(e).find((u) => u.externalId === externalId);
}
