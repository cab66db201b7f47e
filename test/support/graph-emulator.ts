// Starts the HTTPS Graph emulator in-process on a free port and builds clients and connectors against it.
import { type Client } from '@microsoft/microsoft-graph-client';
import { createM365Connector, type M365ConnectorOptions } from '../../connectors/m365';
import { createGraphClient } from '../../connectors/m365/graph-client';
import { type Connector } from '../../connectors/types';
import { startGraphEmulator, type RunningGraphEmulator } from '../../emulators/graph';

export type { RunningGraphEmulator };

export function startTestGraphEmulator(): Promise<RunningGraphEmulator> {
  return startGraphEmulator({ port: 0 });
}

/** Connection settings for the emulator, the way the worker would configure the connector. */
export function emulatorConnection(emu: RunningGraphEmulator): Omit<M365ConnectorOptions, 'domain'> {
  const { tenantId, clientId, clientSecret } = emu.state.options;
  return { tenantId, clientId, clientSecret, graphUrl: emu.url, authorityHost: emu.url, caCertPem: emu.caCertPem };
}

export function emulatorGraphClient(emu: RunningGraphEmulator, overrides: Partial<M365ConnectorOptions> = {}): Client {
  return createGraphClient({ ...emulatorConnection(emu), ...overrides });
}

export function emulatorConnector(emu: RunningGraphEmulator, overrides: Partial<M365ConnectorOptions> = {}): Connector {
  return createM365Connector({ ...emulatorConnection(emu), domain: emu.state.options.domain, ...overrides });
}

/** How many requests matching method and path (a RegExp) reached the emulator. */
export function requestCount(emu: RunningGraphEmulator, method: string, path: RegExp): number {
  return emu.state.requests.filter((r) => r.method === method && path.test(r.path)).length;
}
