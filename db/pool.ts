// One pg.Pool per process, with defaults that fail fast instead of hanging when the database is away.
import pg from 'pg';

export interface PoolOptions {
  /** Connections in the pool; the embedded server multiplexes them onto one session, so keep it modest. */
  max?: number;
  applicationName?: string;
}

export function createPool(url: string, options: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
    application_name: options.applicationName ?? 'gatehouse',
  });
  // An idle client can lose its server (restart, network). Without a listener pg would crash the process;
  // the next checkout reconnects. Only the error code is printed: messages may quote row data.
  pool.on('error', (err: Error & { code?: string }) => {
    console.warn(`postgres pool: idle client error (${err.code ?? 'no code'})`);
  });
  return pool;
}
