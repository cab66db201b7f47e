// Public surface of the Google Directory API emulator.
export { createGoogleEmulator, DEFAULT_ADMIN_SUBJECT, DIRECTORY_BASE_PATH, type GoogleEmulator, type GoogleEmulatorOptions } from './app';
export { startGoogleEmulator, defaultGooglePort, DEFAULT_GOOGLE_EMULATOR_PORT, type RunningGoogleEmulator, type StartGoogleEmulatorOptions } from './server';
export { generateServiceAccount, readKeyFile, writeKeyFile, toKeyFile, DEFAULT_CLIENT_EMAIL, type ServiceAccountKey, type ServiceAccountKeyFile } from './service-account';
export { googleErrorBody, type GoogleErrorBody } from './errors';
export { DirectoryScope } from './scopes';
export { GoogleDirectoryState } from './state';
