// Production API entry point: `node dist/api/main.js`. Needs DATABASE_URL, GATEHOUSE_TOKENS and usually
// HR_WEBHOOK_SECRET; one Temporal client per process; finishes requests in flight on SIGTERM.
import { createApp } from './app';
import { applyServerTimeouts } from './http/server-timeouts';
import { configuredSystems } from '../config/connectors';
import { hrConnections } from '../config/hr-connections';
import { productionAuditKeys } from '../config/audit-keys';
import { productionPayloadKeys } from '../config/payload-keys';
import { connectTemporal, createLogger, loadEnv } from '../config/runtime';
import { ConfigError, leaverGuardSettings, parseTokens, requireAdminEmployeeIds } from '../config/schema';
import { describeTemporalTransport, temporalConnectionSettings } from '../config/temporal-connection';
import { createPool, createRecordStore, migrateAt } from '../db';
import { ensureScheduleFromEnv, reconciliationSettings } from './reconciliation-schedule';
import { gatehouseDataConverter } from '../workers/data-converter';

async function main(): Promise<void> {
  const env = loadEnv();
  const log = createLogger(env, 'gatehouse-api');
  const auditKeys = productionAuditKeys(env);
  const payloadKeys = productionPayloadKeys(env);
  if (!env.DATABASE_URL) throw new Error('DATABASE_URL is required for a standalone API (the embedded database is for `make dev`)');
  if (env.GATEHOUSE_TOKENS.length === 0) log.warn('GATEHOUSE_TOKENS is empty: only signed HR webhooks will be accepted');
  const tokens = parseTokens(env.GATEHOUSE_TOKENS);
  requireAdminEmployeeIds(tokens);
  await migrateAt(env.DATABASE_MIGRATION_URL ?? env.DATABASE_URL);
  const pool = createPool(env.DATABASE_URL);
  const temporal = temporalConnectionSettings(env);
  const client = await connectTemporal(env, temporal, gatehouseDataConverter(payloadKeys));
  log.info({ address: temporal.address, transport: describeTemporalTransport(temporal) }, 'connected to Temporal');
  // The same list the worker builds its connectors from, read from the same environment.
  const systems = configuredSystems(env);
  log.info({ systems }, 'policies may name these systems');
  log.info({ schedule: await ensureScheduleFromEnv(client, env), cron: env.RECONCILIATION_SCHEDULE }, 'reconciliation schedule');
  const app = createApp({
    reconciliation: reconciliationSettings(env),
    store: createRecordStore(pool, { auditKeys }), temporal: client, taskQueue: env.TEMPORAL_TASK_QUEUE, companyTimeZone: env.COMPANY_TIMEZONE, systems,
    tokens, webhookSecret: env.HR_WEBHOOK_SECRET, logger: log, codecCorsOrigins: env.CODEC_CORS_ORIGINS,
    temporalWebUiUrl: env.TEMPORAL_WEB_UI_URL,
    leaverGuard: leaverGuardSettings(env),
    hrConnections: hrConnections(env.HR_CONNECTIONS),
    ready: async () => ({
      temporal: await client.connection.workflowService.getSystemInfo({}).then(() => true, () => false),
      database: await pool.query('select 1').then(() => true, () => false),
    }),
  });
  const server = applyServerTimeouts(app.listen(env.PORT, env.HOST, () => log.info({ port: env.PORT }, 'API listening')));
  const stop = () => {
    log.info('shutting down: finishing requests in flight');
    server.close(async () => {
      await client.connection.close();
      await pool.end();
      process.exit(0);
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err) => {
  process.stderr.write(`api failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(err instanceof ConfigError ? 2 : 1);
});
