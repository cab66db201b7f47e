// The Microsoft Graph emulator's public surface.
export { createGraphEmulator, GRAPH_EMULATOR_DEFAULTS, type GraphEmulator, type GraphEmulatorOptions } from './app';
export { startGraphEmulator, GRAPH_EMULATOR_DEFAULT_PORT, type RunningGraphEmulator, type StartGraphEmulatorOptions } from './server';
export { GraphState, type GraphUser, type GraphGroup } from './state';
