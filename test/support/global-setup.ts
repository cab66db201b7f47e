// Starts one throwaway PostgreSQL cluster for the whole suite; tests create their own databases in it.
import { createAppLogin } from './app-role';
import { recordSecrets } from './log-capture';
import { startPostgres } from './postgres';

export default async function globalSetup(): Promise<void> {
  const cluster = await startPostgres();
  const appPassword = await createAppLogin(cluster.url);
  process.env.TEST_POSTGRES_URL = cluster.url;
  recordSecrets('postgres', { 'test PostgreSQL password': cluster.password, 'test app role password': appPassword }, 'global-setup');
  (globalThis as Record<string, unknown>).__GATEHOUSE_PG__ = cluster;
}
