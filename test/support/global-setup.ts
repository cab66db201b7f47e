// Starts one throwaway PostgreSQL cluster for the whole suite; tests create their own databases in it.
import { createAppLogin } from './app-role';
import { startPostgres } from './postgres';

export default async function globalSetup(): Promise<void> {
  const cluster = await startPostgres();
  await createAppLogin(cluster.url);
  process.env.TEST_POSTGRES_URL = cluster.url;
  (globalThis as Record<string, unknown>).__GATEHOUSE_PG__ = cluster;
}
