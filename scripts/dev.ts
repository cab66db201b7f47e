// `make dev`: the whole stack in the foreground — Temporal dev server (persisted, Web UI), the database
// (embedded PGlite unless DATABASE_URL is set), emulators for every system without a tenant, the worker
// and the API. Ctrl-C stops everything; started again it resumes where it was.
import fs from 'node:fs';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import type { Server } from 'node:http';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { createApp } from '../api/app';
import { applyServerTimeouts } from '../api/http/server-timeouts';
import { ensureScheduleFromEnv, reconciliationSettings } from '../api/reconciliation-schedule';
import { buildConnectors, connectorPlan } from '../config/connectors';
import { devAuditKeys } from '../config/audit-keys';
import { devPayloadKeys } from '../config/payload-keys';
import { connectTemporal, createLogger, devCredentials, loadEnv } from '../config/runtime';
import { ConfigError, leaverGuardSettings, workerTuning } from '../config/schema';
import { hrConnections } from '../config/hr-connections';
import { connectionOptions, temporalConnectionSettings } from '../config/temporal-connection';
import { createPool, createRecordStore, migrate, migrateAt, startEmbeddedPostgres } from '../db';
import { startLocalTenant } from '../emulators/local-tenant';
import { persistState } from '../emulators/persistence';
import { gatehouseDataConverter } from '../workers/data-converter';
import { createWorker } from '../workers/worker';
import { DEV_RETENTION, setNamespaceRetention, temporalDevServerArgs } from './temporal-dev-server';
import { waitForPort } from './wait-for-port';

const ROOT = path.resolve(__dirname, '..');
const TEMPORAL_CLI = path.join(ROOT, '.tools/temporal');

function say(component: string, where: string): void {
  process.stdout.write(`  ${component.padEnd(22)} ${where}\n`);
}

/** The Web UI's origin is whichever host was typed: both names of the loopback. */
const devCodecOrigins = (uiPort: number) => [`http://localhost:${uiPort}`, `http://127.0.0.1:${uiPort}`];

async function main(): Promise<void> {
  const env = loadEnv();
  Runtime.install({ logger: new DefaultLogger(env.LOG_LEVEL === 'debug' || env.LOG_LEVEL === 'trace' ? 'INFO' : 'WARN') });
  const log = createLogger(env, 'gatehouse-dev');
  const dataDir = path.resolve(ROOT, env.DATA_DIR);
  fs.mkdirSync(dataDir, { recursive: true });
  const stops: Array<() => Promise<unknown> | unknown> = [];
  let shuttingDown = false;
  let temporalProc: ChildProcess | undefined;

  // Temporal: the CLI's dev server, persisted to .data/, unless TEMPORAL_ADDRESS points elsewhere.
  const [tHost, tPort] = env.TEMPORAL_ADDRESS.split(':') as [string, string];
  const local = tHost === '127.0.0.1' || tHost === 'localhost';
  if (local) {
    if (!fs.existsSync(TEMPORAL_CLI)) throw new Error('the Temporal CLI is missing: run `make dev` (it installs it)');
    const args = temporalDevServerArgs({
      dbFile: path.join(dataDir, 'temporal.db'), port: Number(tPort), uiPort: Number(process.env.TEMPORAL_UI_PORT ?? 8233), namespace: env.TEMPORAL_NAMESPACE,
      codecEndpoint: `http://${env.HOST}:${env.PORT}/codec`,
    });
    temporalProc = spawn(TEMPORAL_CLI, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    process.on('exit', () => temporalProc?.kill('SIGTERM')); // never leave the server behind
    temporalProc.on('exit', (code) => {
      if (!shuttingDown) {
        log.error({ code }, 'the Temporal dev server exited');
        process.exit(1);
      }
    });
    await waitForPort(Number(tPort), { what: 'the Temporal dev server' });
    await setNamespaceRetention(TEMPORAL_CLI, env.TEMPORAL_ADDRESS, env.TEMPORAL_NAMESPACE);
  }

  // Database: embedded PGlite over the wire protocol unless DATABASE_URL is set.
  let databaseUrl = env.DATABASE_URL;
  let dbLabel = 'PostgreSQL (DATABASE_URL)';
  if (!databaseUrl) {
    const embedded = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'pglite'), port: Number(process.env.EMBEDDED_DB_PORT ?? 5488) });
    stops.push(() => embedded.close());
    databaseUrl = embedded.url;
    dbLabel = 'embedded PGlite';
  }
  // PGlite has one session behind the socket: one pooled connection keeps concurrent statements from
  // interleaving with another connection's transaction (seen losing updates with more).
  const pool = createPool(databaseUrl, env.DATABASE_URL ? {} : { max: 1 });
  stops.push(() => pool.end());
  // A configured database migrates as its owner; the embedded one has a single session anyway.
  await (env.DATABASE_URL ? migrateAt(env.DATABASE_MIGRATION_URL ?? env.DATABASE_URL) : migrate(pool));
  const audit = devAuditKeys(env);
  const store = createRecordStore(pool, { auditKeys: audit.keys });

  // Target systems: each without a tenant falls back to its local emulator.
  const plan = connectorPlan(env);
  const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
  const tenant = await startLocalTenant({
    tlsDir: path.join(dataDir, 'tls'),
    ports: { graph: port('GRAPH_EMULATOR_PORT', 8451), google: port('GOOGLE_EMULATOR_PORT', 8452), scim: port('SCIM_EMULATOR_PORT', 8453) },
    which: { m365: plan.m365 === 'emulator', google: plan.google === 'emulator', scim: plan.scim === 'emulator' },
  });
  stops.push(() => tenant.close());
  // The emulated tenant persists beside Temporal and the database, so cases that resume find their accounts.
  const emulatorState = (name: string) => path.join(dataDir, 'emulators', `${name}.json`);
  for (const [name, state] of [['graph', tenant.graph?.state], ['google', tenant.google?.state], ['scim', tenant.scim?.emulator.state]] as const) {
    if (state) {
      const persisted = persistState(state, emulatorState(name));
      stops.push(() => persisted.stop());
    }
  }
  const connectors = buildConnectors(env, tenant);

  // Worker and API in this one process (PGlite serves one process).
  const temporal = temporalConnectionSettings(env);
  const connection = await NativeConnection.connect(connectionOptions(temporal));
  stops.push(() => connection.close());
  // Payloads encrypted as in production; the key is made once into .data/payload-keys unless PAYLOAD_KEYS is set.
  const payload = devPayloadKeys(env);
  const client = await connectTemporal(env, temporal, gatehouseDataConverter(payload.keys));
  stops.push(() => client.connection.close());
  const cases = { client, taskQueue: env.TEMPORAL_TASK_QUEUE, companyTimeZone: env.COMPANY_TIMEZONE };
  const worker = await createWorker({ connection, namespace: env.TEMPORAL_NAMESPACE, taskQueue: env.TEMPORAL_TASK_QUEUE, tuning: workerTuning(env), deps: { store, connectors, cases, hrConnections: hrConnections(env.HR_CONNECTIONS), leaverGuard: leaverGuardSettings(env) }, payloadKeys: payload.keys });
  const workerRun = worker.run();
  const creds = devCredentials(env);
  log.info({ schedule: await ensureScheduleFromEnv(client, env), cron: env.RECONCILIATION_SCHEDULE }, 'reconciliation schedule');
  const app = createApp({
    reconciliation: reconciliationSettings(env),
    store, temporal: client, taskQueue: env.TEMPORAL_TASK_QUEUE, companyTimeZone: env.COMPANY_TIMEZONE, systems: connectors.systems(),
    tokens: creds.tokens, webhookSecret: creds.webhookSecret, logger: log,
    temporalWebUiUrl: env.TEMPORAL_WEB_UI_URL ?? `http://localhost:${process.env.TEMPORAL_UI_PORT ?? 8233}`,
    leaverGuard: leaverGuardSettings(env),
    hrConnections: hrConnections(env.HR_CONNECTIONS),
    codecCorsOrigins: env.CODEC_CORS_ORIGINS.length ? env.CODEC_CORS_ORIGINS : devCodecOrigins(Number(process.env.TEMPORAL_UI_PORT ?? 8233)),
    ready: async () => ({
      temporal: await client.connection.workflowService.getSystemInfo({}).then(() => true, () => false),
      database: await pool.query('select 1').then(() => true, () => false),
    }),
  });
  const server: Server = await new Promise((resolve) => {
    const s = applyServerTimeouts(app.listen(env.PORT, env.HOST, () => resolve(s)));
  });

  process.stdout.write('\nGatehouse dev stack is up:\n');
  if (local) {
    say('Temporal server', env.TEMPORAL_ADDRESS);
    say('Temporal Web UI', `http://localhost:${process.env.TEMPORAL_UI_PORT ?? 8233}`);
    say('History retention', `${DEV_RETENTION} after a workflow closes (namespace ${env.TEMPORAL_NAMESPACE})`);
  } else say('Temporal server', `${env.TEMPORAL_ADDRESS} (external)`);
  say('Database', `${dbLabel} ${dbLabel.startsWith('embedded') ? databaseUrl : ''}`.trim());
  say('Worker', `task queue ${env.TEMPORAL_TASK_QUEUE}`);
  say('API', `http://${env.HOST}:${env.PORT}  (OpenAPI: /openapi.json)`);
  say('Admin console', `http://${env.HOST}:${env.PORT}/console/`);
  say('Microsoft 365', tenant.graph ? `emulated at ${tenant.graph.url}` : 'real tenant');
  say('Google Workspace', tenant.google ? `emulated at ${tenant.google.url}` : 'real tenant');
  say('SCIM apps', tenant.scim ? `emulated app '${tenant.scim.name}' at ${tenant.scim.url}` : (env.SCIM_APPS ?? []).map((a) => a.name).join(', '));
  say('API tokens', env.GATEHOUSE_TOKENS.length ? 'from GATEHOUSE_TOKENS' : `generated, in ${path.relative(ROOT, creds.file)}`);
  say('Audit chain key', audit.file ? `generated, in ${path.relative(ROOT, audit.file)}` : 'from AUDIT_CHAIN_KEY');
  say('Payload key', payload.file ? `generated, in ${path.relative(ROOT, payload.file)}` : 'from PAYLOAD_KEYS');
  say('Codec server', `http://${env.HOST}:${env.PORT}/codec (admin or auditor token)`);
  process.stdout.write('Ctrl-C stops everything.\n\n');

  const shutdown = async () => {
    if (shuttingDown) return;
    shuttingDown = true;
    process.stdout.write('\nstopping…\n');
    await new Promise((r) => server.close(r));
    try {
      worker.shutdown(); // the SDK may already be draining it: it listens for SIGINT too
    } catch {
      /* already shutting down */
    }
    await workerRun.catch(() => undefined);
    for (const stop of stops.reverse()) await Promise.resolve(stop()).catch(() => undefined);
    if (temporalProc && temporalProc.exitCode === null) {
      await new Promise((r) => { temporalProc!.once('exit', r); temporalProc!.kill('SIGTERM'); });
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((err) => {
  // A configuration error says what to fix; its stack would say nothing more.
  process.stderr.write(`make dev failed: ${err instanceof ConfigError ? err.message : err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(err instanceof ConfigError ? 2 : 1);
});
