// Serves the Graph emulator over HTTPS (the Graph client sends no bearer over http: REFERENCE.md trap 1).
import { createServer } from 'node:https';
import { type AddressInfo } from 'node:net';
import { ensureTlsMaterial } from '../tls';
import { createGraphEmulator, type GraphEmulator, type GraphEmulatorOptions } from './app';

export const GRAPH_EMULATOR_DEFAULT_PORT = 8451;

export interface StartGraphEmulatorOptions extends GraphEmulatorOptions {
  port?: number; // 0 picks a free port; default 8451
  host?: string; // default 127.0.0.1
  tlsDir?: string; // reuse or store the certificate here (e.g. .data/tls); a throwaway one when absent
}

export interface RunningGraphEmulator extends GraphEmulator {
  url: string; // https://<host>:<port>, both the Graph base URL and the authority host
  port: number;
  caCertPem: string; // trust this to talk to the emulator
  close(): Promise<void>;
}

export async function startGraphEmulator(options: StartGraphEmulatorOptions = {}): Promise<RunningGraphEmulator> {
  const host = options.host ?? '127.0.0.1';
  const tls = ensureTlsMaterial(options.tlsDir);
  const emulator = createGraphEmulator(options);
  const server = createServer({ key: tls.key, cert: tls.cert }, emulator.app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? GRAPH_EMULATOR_DEFAULT_PORT, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    ...emulator,
    url: `https://${urlHost}:${port}`,
    port,
    caCertPem: tls.caCertPem,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections(); // keep-alive sockets from the clients would hold close() open
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
