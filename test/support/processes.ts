// Gatehouse as deployed: the worker and the API as processes of their own (workers/main.ts, api/main.ts),
// configured only through the environment, against the test's Temporal server, database and emulated tenant.
// Their output goes to the test logs, where the log scan looks for the secrets they were given.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import type { LocalTenant } from '../../emulators/local-tenant';
import { testFileSlug, testLogFile } from './log-capture';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

/** The environment that points a worker's connectors at the emulated tenant, as a real tenant's would. */
export function tenantEnvironment(tenant: LocalTenant, dir: string): Record<string, string> {
  const m = tenant.m365Options!;
  const g = tenant.googleOptions!;
  const caFile = path.join(dir, 'graph-ca.pem');
  fs.writeFileSync(caFile, m.caCertPem);
  const keyFile = path.join(dir, 'google-key.json');
  fs.writeFileSync(keyFile, JSON.stringify({ type: 'service_account', ...g.credentials }), { mode: 0o600 });
  return {
    NODE_EXTRA_CA_CERTS: caFile,
    M365_TENANT_ID: m.tenantId, M365_CLIENT_ID: m.clientId, M365_CLIENT_SECRET: m.clientSecret, M365_DOMAIN: m.domain,
    M365_GRAPH_URL: m.graphUrl, M365_AUTHORITY_HOST: m.authorityHost,
    GOOGLE_CREDENTIALS: keyFile, GOOGLE_ADMIN_SUBJECT: g.subject, GOOGLE_CUSTOMER_ID: g.customerId, GOOGLE_DOMAIN: g.domain,
    GOOGLE_ROOT_URL: g.rootUrl, GOOGLE_TOKEN_URL: g.tokenUrl,
    SCIM_APPS: JSON.stringify(tenant.scimApps ?? []),
  };
}

export interface GatehouseProcess {
  name: string;
  proc: ChildProcess;
  /** Stops it as an orchestrator would (SIGTERM) and waits until it has exited. */
  stop(): Promise<void>;
}

/** Starts `entry` (workers/main.ts or api/main.ts) with exactly this environment (and PATH). */
export function startProcess(name: string, entry: string, env: Record<string, string>): GatehouseProcess {
  fs.mkdirSync(path.dirname(testLogFile()), { recursive: true });
  const log = fs.openSync(testLogFile(`${testFileSlug()}.${name}`), 'a');
  const proc = spawn(TSX, [path.join(ROOT, entry)], {
    cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: os.homedir(), ...env }, stdio: ['ignore', log, log],
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  return {
    name, proc,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      await exited;
      fs.closeSync(log);
    },
  };
}

/** Polls `url` until it answers 200 (the API's /readyz), or the process dies, or time runs out. */
export async function untilReady(p: GatehouseProcess, url: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (p.proc.exitCode !== null) throw new Error(`${p.name} exited with ${p.proc.exitCode} before it was ready (see its test log)`);
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${p.name} not ready at ${url} after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
