// Starts the Google emulator on a port (0 for a free one) and tells the caller where it is and which key to sign with.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGoogleEmulator, type GoogleEmulatorOptions } from './app';
import type { ServiceAccountKey } from './service-account';
import type { GoogleDirectoryState } from './state';
import type { FaultInjector } from '../faults';

export const DEFAULT_GOOGLE_EMULATOR_PORT = 8452;

export interface StartGoogleEmulatorOptions extends Omit<GoogleEmulatorOptions, 'tokenUrl'> {
  port?: number;
  host?: string;
}

export interface RunningGoogleEmulator {
  /** Root URL for googleapis' `rootUrl` (ends with '/'). */
  url: string;
  /** Where the connector redirects the service-account token request. */
  tokenUrl: string;
  serviceAccount: ServiceAccountKey;
  adminSubject: string;
  customerId: string;
  domain: string;
  state: GoogleDirectoryState;
  faults: FaultInjector;
  close(): Promise<void>;
}

export function defaultGooglePort(): number {
  const fromEnv = Number(process.env.GOOGLE_EMULATOR_PORT);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_GOOGLE_EMULATOR_PORT;
}

export async function startGoogleEmulator(options: StartGoogleEmulatorOptions = {}): Promise<RunningGoogleEmulator> {
  const host = options.host ?? '127.0.0.1';
  // The token URL is known only once the port is; the token endpoint reads it lazily as an accepted audience.
  const endpoint: { tokenUrl?: string } = {};
  const emulator = createGoogleEmulator({ ...options, tokenUrl: () => endpoint.tokenUrl });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = emulator.app.listen(options.port ?? defaultGooglePort(), host, (err?: Error) => (err ? reject(err) : resolve(s)));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const hostPart = host.includes(':') ? `[${host}]` : host;
  const url = `http://${hostPart}:${port}/`;
  const tokenUrl = `${url}token`;
  endpoint.tokenUrl = tokenUrl;
  return {
    url,
    tokenUrl,
    serviceAccount: emulator.serviceAccount,
    adminSubject: emulator.adminSubject,
    customerId: emulator.state.customerId,
    domain: emulator.state.domain,
    state: emulator.state,
    faults: emulator.faults,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
