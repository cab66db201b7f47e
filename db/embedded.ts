// The embedded PostgreSQL-compatible server (REFERENCE §E): PGlite (PostgreSQL in WASM) behind
// pglite-socket, so the same `pg` code runs against it and against a real server.
// What it cannot enforce: every connection shares PGlite's one session as its one superuser, whatever user
// the URL names, so the app role's grants (no UPDATE or DELETE on audit_events) are created but never apply.
// The append-only trigger and the keyed chain still hold; a process that can reach the socket is the owner.
// It is for `make dev` and tests; production is PostgreSQL with DATABASE_URL as the app role.
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgresOptions {
  /** Directory to persist to; in memory when absent. */
  dataDir?: string;
  /** Port to listen on; 0 picks a free one (read it back from `url`). */
  port: number;
  host?: string;
  /** Client connections accepted at once. They share PGlite's one session, serialised per open transaction. */
  maxConnections?: number;
}

export interface EmbeddedPostgres {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const host = options.host ?? '127.0.0.1';
  const db = options.dataDir ? await PGlite.create({ dataDir: options.dataDir }) : await PGlite.create();
  // Above 1, or a second pool connection (the API and the worker, a migration and a query) would be refused.
  const server = new PGLiteSocketServer({ db, port: options.port, host, maxConnections: options.maxConnections ?? 100 });
  try {
    await server.start();
  } catch (err) {
    await db.close();
    throw err;
  }
  const conn = server.getServerConn();
  const port = Number(conn.slice(conn.lastIndexOf(':') + 1));
  let closed = false;
  return {
    url: `postgres://postgres@${host}:${port}/postgres`,
    port,
    async close() {
      if (closed) return;
      closed = true;
      await server.stop();
      await db.close();
    },
  };
}
