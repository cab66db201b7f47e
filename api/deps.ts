// What the API is built from: injected so tests build it against their own stack.
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { ApiToken } from '../config/schema';
import type { RecordStore } from '../db';
import type { LeaverGuardSettings } from '../domain/leaver-guard';
import type { HrConnection } from '../config/hr-connections';
import type { ApiMetrics } from './metrics';

export interface ApiDeps {
  store: RecordStore;
  temporal: Client;
  taskQueue: string;
  companyTimeZone: string;
  /**
   * The systems the workers have connectors for ('m365', 'google', 'scim:<app>'): a policy naming another
   * is refused, and the default policy leaves those out.
   */
  systems: string[];
  tokens: ApiToken[];
  webhookSecret?: string;
  logger: Logger;
  /** Readiness: can we reach Temporal and the database? */
  ready?: () => Promise<{ temporal: boolean; database: boolean }>;
  now?: () => number;
  /** Made by createApp when not given. */
  metrics?: ApiMetrics;
  /** Bulk runs at most this many case starts at once (default 8). */
  bulkConcurrency?: number;
  /** Temporal Web UI, for the console's links to a case's workflow (default http://localhost:8233). */
  temporalWebUiUrl?: string;
  /**
   * The mass-leaver safeguard (domain/leaver-guard.ts): leavers from one source beyond this allowance are
   * held for an admin. The entry points always pass it (LEAVER_GUARD_*); without it no leaver is held.
   */
  leaverGuard?: LeaverGuardSettings;
  /** HR vendors' native webhooks, POST /v1/hr/{vendor}/{connectionId} (HR_CONNECTIONS). */
  hrConnections?: HrConnection[];
  /** Reconciliation runs started by POST /v1/reconciliations: the drop safeguard's share (default 0.2), page size. */
  reconciliation?: { maxDropShare: number; pageSize?: number };
  /** Browser origins allowed to call the codec server (Temporal Web UI's, e.g. http://localhost:8233). */
  codecCorsOrigins?: string[];
}
