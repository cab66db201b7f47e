// Production worker entry point: `node dist/workers/main.js`. Needs DATABASE_URL (PGlite serves one process
// only) and a configured tenant per system (or *_URL variables pointing at emulators).
import { NativeConnection } from '@temporalio/worker';
import { buildConnectors } from '../config/connectors';
import { productionAuditKeys } from '../config/audit-keys';
import { productionPayloadKeys } from '../config/payload-keys';
import { connectTemporal, createLogger, loadEnv } from '../config/runtime';
import { ConfigError, leaverGuardSettings, workerTuning } from '../config/schema';
import { hrConnections } from '../config/hr-connections';
import { connectionOptions, describeTemporalTransport, temporalConnectionSettings } from '../config/temporal-connection';
import { createPool, createRecordStore, migrateAt } from '../db';
import { gatehouseDataConverter } from './data-converter';
import { createWorker } from './worker';

async function main(): Promise<void> {
  const env = loadEnv();
  const log = createLogger(env, 'gatehouse-worker');
  const auditKeys = productionAuditKeys(env);
  const payloadKeys = productionPayloadKeys(env);
  if (!env.DATABASE_URL) throw new Error('DATABASE_URL is required for a standalone worker (the embedded database is for `make dev`)');
  await migrateAt(env.DATABASE_MIGRATION_URL ?? env.DATABASE_URL);
  const pool = createPool(env.DATABASE_URL);
  const connectors = buildConnectors(env);
  const temporal = temporalConnectionSettings(env); // TLS files read once, for both connections
  const connection = await NativeConnection.connect(connectionOptions(temporal));
  const client = await connectTemporal(env, temporal, gatehouseDataConverter(payloadKeys)); // bulk runs start each person's case through it
  const worker = await createWorker({
    connection, namespace: env.TEMPORAL_NAMESPACE, taskQueue: env.TEMPORAL_TASK_QUEUE, tuning: workerTuning(env), payloadKeys,
    deps: { store: createRecordStore(pool, { auditKeys }), connectors, cases: { client, taskQueue: env.TEMPORAL_TASK_QUEUE, companyTimeZone: env.COMPANY_TIMEZONE },
      hrConnections: hrConnections(env.HR_CONNECTIONS), leaverGuard: leaverGuardSettings(env) },
  });
  log.info({ taskQueue: env.TEMPORAL_TASK_QUEUE, systems: connectors.systems(), temporal: describeTemporalTransport(temporal) }, 'worker started');
  await worker.run(); // the SDK drains on SIGINT/SIGTERM
  await connection.close();
  await client.connection.close();
  await pool.end();
}

main().catch((err) => {
  process.stderr.write(`worker failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(err instanceof ConfigError ? 2 : 1);
});
