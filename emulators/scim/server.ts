// Starts an emulated SCIM app on a port (0 picks a free one) and reports its SCIM base URL.
import { createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { createScimEmulator, SCIM_BASE_PATH, type ScimEmulator, type ScimEmulatorOptions } from './app';

export interface StartScimEmulatorOptions extends ScimEmulatorOptions {
  port: number;
  host?: string;
}

export interface RunningScimEmulator {
  /** The SCIM base URL, e.g. http://127.0.0.1:8453/scim/v2 (what SCIM_APPS' baseUrl names). */
  url: string;
  /** Where /_admin lives. */
  origin: string;
  token: string;
  name: string;
  emulator: ScimEmulator;
  close(): Promise<void>;
}

export async function startScimEmulator(options: StartScimEmulatorOptions): Promise<RunningScimEmulator> {
  const host = options.host ?? '127.0.0.1';
  const emulator = createScimEmulator(options);
  // createServer rather than app.listen: Express 5 hands listen errors to the callback, which would read as success.
  const server = createServer(emulator.app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url: `${origin}${SCIM_BASE_PATH}`,
    origin,
    token: emulator.token,
    name: emulator.name,
    emulator,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections(); // keep-alive sockets from fetch would otherwise hold close() open
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
