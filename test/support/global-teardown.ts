import type { PostgresCluster } from './postgres';

export default async function globalTeardown(): Promise<void> {
  const cluster = (globalThis as Record<string, unknown>).__GATEHOUSE_PG__ as PostgresCluster | undefined;
  await cluster?.stop();
}
