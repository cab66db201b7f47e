// The whole Gatehouse back end for a benchmark, started fresh in a temporary folder: the Temporal CLI's
// dev server (file-backed SQLite, as `make dev` runs it), a throwaway PostgreSQL, the emulated tenant, a
// worker and the API on a loopback port. The benchmark talks to the API over HTTP like an HR system, and
// reads the emulators' state in-process to see the moment an account changes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type pg from 'pg';
import pino from 'pino';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { createApp } from '../../api/app';
import { signBody } from '../../api/http/auth';
import { buildConnectors } from '../../config/connectors';
import { parseEnv } from '../../config/schema';
import { createPool, createRecordStore, migrate, type RecordStore } from '../../db';
import { startLocalTenant, type LocalTenant } from '../../emulators/local-tenant';
import { createWorker } from '../../workers/worker';
import { generatePayloadKeyEntry, parsePayloadKeys } from '../../config/payload-keyring';
import { gatehouseDataConverter } from '../../workers/data-converter';
import type { DataConverter } from '@temporalio/common';
import { temporalDevServerArgs } from '../../scripts/temporal-dev-server';
import { waitForPort } from '../../scripts/wait-for-port';
import { freePort, startPostgres } from '../../test/support/postgres';

const TEMPORAL_CLI = path.resolve(__dirname, '../../.tools/temporal');

/** A person in Engineering: accounts and groups in M365, Google and SCIM under the default policy. */
export const benchEmployee = (id: string) => ({
  employeeId: id, givenName: 'Bench', familyName: id, department: 'Engineering', location: 'London', jobTitle: 'Engineer', employmentType: 'employee',
});

export interface BenchStackOptions {
  /** SQLite settings of the dev server: WAL (what `make dev` runs) or SQLite's defaults, for comparison. */
  sqlite?: 'wal' | 'default';
  /** Eager activity execution on the dev server (default on, as `make dev` runs it). */
  eager?: boolean;
}

export interface BenchStack {
  apiUrl: string;
  client: Client;
  nativeConnection: NativeConnection;
  store: RecordStore;
  pool: pg.Pool;
  tenant: LocalTenant;
  taskQueue: string;
  adminToken: string;
  /**
   * Stops the worker and the Temporal server, waits `downMs`, and starts both again on the same files and
   * port (what an upgrade or a crash of the machine looks like). Resolves when the new worker is polling.
   */
  restartTemporalAndWorker(downMs: number): Promise<void>;
  /** Payloads encrypted as deployed: a bare worker beside the stack's must use it too. */
  dataConverter: DataConverter;
  /** POSTs an HR event, signed as an HR system signs it; resolves to the HTTP status and body. */
  sendHrEvent(event: object): Promise<{ status: number; body: { caseId?: string; duplicate?: boolean } }>;
  stop(): Promise<void>;
}

export async function startBenchStack(o: BenchStackOptions = {}): Promise<BenchStack> {
  if (!fs.existsSync(TEMPORAL_CLI)) throw new Error('the Temporal CLI is missing: run `bash scripts/install-tools.sh temporal`');
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // installed already
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-bench-'));
  const stops: Array<() => Promise<unknown>> = [];
  const temporalPort = await freePort();
  let temporal: ChildProcess;
  const startTemporal = async () => {
    temporal = spawn(TEMPORAL_CLI, temporalDevServerArgs({ dbFile: path.join(dir, 'temporal.db'), port: temporalPort, namespace: 'default', sqlite: o.sqlite, eager: o.eager }), { stdio: 'ignore' });
    await waitForPort(temporalPort, { what: 'the Temporal dev server' });
  };
  const stopTemporal = () => new Promise<void>((r) => {
    if (temporal.exitCode !== null) return r();
    temporal.once('exit', () => r());
    temporal.kill('SIGTERM');
  });
  await startTemporal();
  process.on('exit', () => temporal.kill('SIGKILL'));
  stops.push(stopTemporal);

  const pg = await startPostgres();
  stops.push(() => pg.stop());
  const pool = createPool(pg.url, { max: 20 });
  stops.push(() => pool.end());
  await migrate(pool);
  const store = createRecordStore(pool);

  const tenant = await startLocalTenant({ ports: { graph: 0, google: 0, scim: 0 } });
  stops.push(() => tenant.close());
  const connectors = buildConnectors(parseEnv({}), tenant);

  const address = `127.0.0.1:${temporalPort}`;
  const nativeConnection = await NativeConnection.connect({ address });
  stops.push(() => nativeConnection.close());
  const connection = await Connection.connect({ address });
  stops.push(() => connection.close());
  const payloadKeys = parsePayloadKeys(generatePayloadKeyEntry('bench'));
  const dataConverter = gatehouseDataConverter(payloadKeys);
  const client = new Client({ connection, namespace: 'default', dataConverter });
  const taskQueue = 'gatehouse-bench';
  const newWorker = () => createWorker({
    connection: nativeConnection, namespace: 'default', taskQueue, payloadKeys,
    deps: { store, connectors, cases: { client, taskQueue, companyTimeZone: 'UTC' } },
  });
  let worker: Worker = await newWorker();
  let workerRun = worker.run();
  const stopWorker = async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await workerRun;
  };
  stops.push(() => stopWorker());

  const secret = randomBytes(24).toString('hex');
  const tokens = [
    { name: 'bench-hr', role: 'hr' as const, token: randomBytes(24).toString('hex') },
    { name: 'bench-admin', role: 'admin' as const, token: randomBytes(24).toString('hex'), employeeId: 'BENCH-ADMIN' },
  ];
  const app = createApp({
    store, temporal: client, taskQueue, companyTimeZone: 'UTC', systems: connectors.systems(), tokens, webhookSecret: secret,
    logger: pino({ level: 'silent' }),
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  stops.push(() => new Promise((r) => server.close(r)));
  const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    apiUrl, client, nativeConnection, store, pool, tenant, taskQueue, adminToken: tokens[1]!.token, dataConverter,
    async restartTemporalAndWorker(downMs) {
      await stopWorker();
      await stopTemporal();
      await new Promise((r) => setTimeout(r, downMs));
      await startTemporal();
      worker = await newWorker();
      workerRun = worker.run();
    },
    async sendHrEvent(event) {
      const raw = JSON.stringify(event);
      const res = await fetch(`${apiUrl}/v1/hr/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'gatehouse-signature': signBody(raw, secret) }, body: raw });
      return { status: res.status, body: (await res.json()) as { caseId?: string; duplicate?: boolean } };
    },
    async stop() {
      for (const stop of stops.reverse()) await stop().catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
