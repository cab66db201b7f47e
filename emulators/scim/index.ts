// The SCIM app emulator: see app.ts (one app), server.ts (listening), admin.ts (/_admin routes).
export { createScimEmulator, DEFAULT_SCIM_TOKEN, SCIM_BASE_PATH, type ScimEmulator, type ScimEmulatorOptions } from './app';
export { startScimEmulator, type RunningScimEmulator, type StartScimEmulatorOptions } from './server';
export { ScimState, type StoredUser, type StoredGroup } from './state';
