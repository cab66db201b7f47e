// The arguments `make dev` and the benchmarks give the Temporal CLI's development server.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { SEARCH_ATTRIBUTE_REGISTRATIONS } from '../workflows/definitions';

/**
 * SQLite in WAL mode with normal syncing: the default rollback journal fsyncs every history write, which
 * caps a 2-core machine near 3.5 workflows/s; WAL more than triples that. A crash may lose the last
 * transactions of a development database, never corrupt it.
 */
export const SQLITE_PRAGMAS = ['journal_mode=wal', 'synchronous=normal'];

/**
 * Eager activity execution: the server hands a scheduled activity back to the worker in its reply to the
 * workflow task instead of queueing it for a poll, which halves a step's round trip on this dev server
 * (10 sequential no-op activities: 1,050 ms → 550 ms). Production clusters decide this for themselves.
 */
export const DYNAMIC_CONFIG = ['system.enableActivityEagerExecution=true'];

export interface DevServerOptions {
  dbFile: string;
  port: number;
  namespace: string;
  /** Omitted: no Web UI (benchmarks). */
  uiPort?: number;
  /** 'default': SQLite's own settings, for comparison. */
  sqlite?: 'wal' | 'default';
  /** false: without eager activity execution, for comparison. */
  eager?: boolean;
  /** The codec server the Web UI decodes payloads with (the API's /codec). */
  codecEndpoint?: string;
}

export function temporalDevServerArgs(o: DevServerOptions): string[] {
  return [
    'server', 'start-dev', '--db-filename', o.dbFile, '--ip', '127.0.0.1', '--port', String(o.port),
    ...(o.uiPort === undefined ? ['--headless'] : ['--ui-port', String(o.uiPort)]),
    ...(o.uiPort !== undefined && o.codecEndpoint ? ['--ui-codec-endpoint', o.codecEndpoint] : []),
    '--namespace', o.namespace, '--log-level', 'warn',
    ...(o.sqlite === 'default' ? [] : SQLITE_PRAGMAS.flatMap((p) => ['--sqlite-pragma', p])),
    ...(o.eager === false ? [] : DYNAMIC_CONFIG.flatMap((d) => ['--dynamic-config-value', d])),
    ...Object.entries(SEARCH_ATTRIBUTE_REGISTRATIONS).flatMap(([n, t]) => ['--search-attribute', `${n}=${t}`]),
  ];
}

/**
 * How long the dev server keeps a closed workflow's history (its own default is 24 h, too short to look back at
 * last week's leaver). Applies to executions that close afterwards. Production: see the README.
 */
export const DEV_RETENTION = '30d';

/** Sets the namespace's retention, retrying while the just-started server registers the namespace. */
export async function setNamespaceRetention(cli: string, address: string, namespace: string, retention = DEV_RETENTION): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await promisify(execFile)(cli, ['operator', 'namespace', 'update', '--address', address, '--namespace', namespace, '--retention', retention]);
      return;
    } catch (err) {
      if (attempt >= 10) throw new Error(`could not set the retention of namespace ${namespace}: ${(err as { stderr?: string }).stderr ?? (err as Error).message}`);
      await new Promise((r) => setTimeout(r, 500 * attempt));
    }
  }
}
