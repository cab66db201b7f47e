// What the API is built from: injected so tests build it against their own stack.
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { ApiToken } from '../config/schema';
import type { RecordStore } from '../db';
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
  /** Browser origins allowed to call the codec server (Temporal Web UI's, e.g. http://localhost:8233). */
  codecCorsOrigins?: string[];
}
