// Temporal reached over mTLS, for real: a Node TLS terminator that demands a client certificate from our CA
// stands in front of the test's Temporal dev server. The API's client and the worker's native connection,
// both built from configuration by config/temporal-connection.ts, get through with the right certificates
// and are refused without a client certificate or with one from another CA.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { Connection } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { NativeConnection } from '@temporalio/worker';
import { parseEnv } from '../../config/schema';
import { connectionOptions, temporalConnectionSettings } from '../../config/temporal-connection';
import { devServerEnvironment } from '../support/temporal';

const SERVER_NAME = 'temporal.gatehouse.test';
let dir: string;
let env: TestWorkflowEnvironment;
let proxy: tls.Server;
let proxyPort: number;
/** Who the terminator let through, by certificate CN, and how many handshakes it refused. */
const admitted: string[] = [];
let refused = 0;

const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });

function issue(name: string, ca: string, ext: string): void {
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-subj', `/CN=${name}`, '-out', `${name}.csr`);
  fs.writeFileSync(path.join(dir, `${name}.ext`), ext);
  openssl('x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.crt`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-days', '2', '-sha256', '-extfile', `${name}.ext`, '-out', `${name}.crt`);
}
function authority(name: string): void {
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-subj', `/CN=${name}`, '-days', '2', '-sha256',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', `${name}.crt`);
}
const file = (name: string) => path.join(dir, name);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-mtls-'));
  authority('gatehouse-ca');
  authority('stranger-ca');
  issue('temporal-frontend', 'gatehouse-ca', `subjectAltName=DNS:${SERVER_NAME}\nextendedKeyUsage=serverAuth\n`);
  issue('gatehouse-worker', 'gatehouse-ca', 'extendedKeyUsage=clientAuth\n');
  issue('stranger-client', 'stranger-ca', 'extendedKeyUsage=clientAuth\n');

  env = await devServerEnvironment();
  const [, upstreamPort] = env.address.split(':') as [string, string];
  proxy = tls.createServer({
    key: fs.readFileSync(file('temporal-frontend.key')), cert: fs.readFileSync(file('temporal-frontend.crt')),
    ca: [fs.readFileSync(file('gatehouse-ca.crt'))], requestCert: true, rejectUnauthorized: true, ALPNProtocols: ['h2'],
  }, (socket) => {
    admitted.push(String(socket.getPeerCertificate().subject?.CN));
    const upstream = net.connect(Number(upstreamPort), '127.0.0.1');
    socket.pipe(upstream).pipe(socket);
    const end = () => { socket.destroy(); upstream.destroy(); };
    socket.on('error', end);
    upstream.on('error', end);
    socket.on('close', end);
    upstream.on('close', end);
  });
  proxy.on('tlsClientError', () => { refused += 1; });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', () => resolve()));
  proxyPort = (proxy.address() as net.AddressInfo).port;
});

afterAll(async () => {
  await new Promise((r) => proxy?.close(r));
  await env?.teardown();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const settings = (vars: Record<string, string>) => temporalConnectionSettings(parseEnv({ TEMPORAL_ADDRESS: `127.0.0.1:${proxyPort}`, ...vars }));
const withClient = (name: string) => ({
  TEMPORAL_TLS_CERT: file(`${name}.crt`), TEMPORAL_TLS_KEY: file(`${name}.key`), TEMPORAL_TLS_CA: file('gatehouse-ca.crt'), TEMPORAL_TLS_SERVER_NAME: SERVER_NAME,
});
const withoutClientCert = () => ({ TEMPORAL_TLS_CA: file('gatehouse-ca.crt'), TEMPORAL_TLS_SERVER_NAME: SERVER_NAME });

test('the plaintext frontend answers directly (the terminator is the only thing in the way)', async () => {
  const direct = await Connection.connect({ address: env.address });
  await expect(direct.workflowService.getSystemInfo({})).resolves.toBeDefined();
  await direct.close();
});

test('the API client and the worker connection get through with the client certificate our CA issued', async () => {
  const s = settings(withClient('gatehouse-worker'));
  const client = await Connection.connect(connectionOptions(s));
  const ns = await client.workflowService.describeNamespace({ namespace: 'default' });
  expect(ns.namespaceInfo?.name).toBe('default');
  await client.close();

  const native = await NativeConnection.connect(connectionOptions(s));
  await native.close();
  expect(admitted.filter((cn) => cn === 'gatehouse-worker').length).toBeGreaterThanOrEqual(2);
});

test('without a client certificate both are refused at the handshake', async () => {
  const refusedBefore = refused;
  const admittedBefore = admitted.length;
  const s = settings(withoutClientCert());
  await expect(Connection.connect({ ...connectionOptions(s), connectTimeout: 3_000 })).rejects.toThrow();
  await expect(NativeConnection.connect(connectionOptions(s))).rejects.toThrow();
  expect(refused).toBeGreaterThan(refusedBefore);
  expect(admitted.length).toBe(admittedBefore);
});

test("a client certificate from another CA is refused; a server the client's CA did not issue is not trusted", async () => {
  const admittedBefore = admitted.length;
  const stranger = settings({ ...withClient('stranger-client') });
  await expect(Connection.connect({ ...connectionOptions(stranger), connectTimeout: 3_000 })).rejects.toThrow();
  await expect(NativeConnection.connect(connectionOptions(stranger))).rejects.toThrow();
  // Our own certificate, but trusting only the stranger CA: the client will not talk to this server.
  const wrongTrust = settings({ ...withClient('gatehouse-worker'), TEMPORAL_TLS_CA: file('stranger-ca.crt') });
  await expect(Connection.connect({ ...connectionOptions(wrongTrust), connectTimeout: 3_000 })).rejects.toThrow();
  expect(admitted.length).toBe(admittedBefore);
});
