// Configuration from the environment, parsed once at start-up; every problem is listed, no secret is printed.
import { z } from 'zod';
import { auditChainKeyProblems } from '../db/audit/keys';
import { durationProblem, parseDuration } from '../domain/durations';
import type { LeaverGuardSettings } from '../domain/leaver-guard';
import { hrConnectionsVariable } from './hr-connections';
import { payloadKeyProblems } from './payload-keyring';

/** `name:role:token[:employeeId]`: the employeeId names the person who holds the token (four eyes). */
const tokenEntry = z
  .string()
  .regex(
    /^[^:\s]+:(hr|admin|auditor):[^:\s]{16,}(:[A-Za-z0-9][A-Za-z0-9._-]{0,63})?$/,
    "each entry is name:role:token[:employeeId], role hr|admin|auditor, token at least 16 characters without ':'",
  );

const scimApp = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash, underscore'),
  baseUrl: z.url(),
  token: z.string().min(1),
});

/**
 * A value that is key material rather than a path to it: JSON, a PEM block, a quoted key-file field, or
 * several lines. (A file may well be called private_key.json, so the bare word is not enough.)
 */
export function looksLikeKeyMaterial(v: string): boolean {
  const t = v.trim();
  return t.startsWith('{') || t.startsWith('[') || /"(private_key|client_email|private_key_id)"|-----BEGIN/.test(t) || /[\r\n]/.test(t);
}

const isTimeZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

export const envSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default('127.0.0.1'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DATA_DIR: z.string().default('.data'),
    TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
    TEMPORAL_NAMESPACE: z.string().default('default'),
    TEMPORAL_TASK_QUEUE: z.string().default('gatehouse'),
    /** Temporal Web UI as the console's users reach it, for links to a case's workflow. */
    TEMPORAL_WEB_UI_URL: z.url({ protocol: /^https?$/ }).optional(),
    // Transport to Temporal (config/temporal-connection.ts): file paths, read once at start; an API key implies TLS.
    TEMPORAL_TLS_CERT: z.string().min(1).optional(),
    TEMPORAL_TLS_KEY: z.string().min(1).optional(),
    TEMPORAL_TLS_CA: z.string().min(1).optional(),
    TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
    TEMPORAL_API_KEY: z.string().min(1).optional(),
    DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
    /** The schema owner, for migrations only; the app itself connects with DATABASE_URL's least-privilege role. */
    DATABASE_MIGRATION_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
    AUDIT_CHAIN_KEY: z
      .string()
      .optional()
      .superRefine((s, ctx) => {
        for (const message of s === undefined ? [] : auditChainKeyProblems(s)) ctx.addIssue({ code: 'custom', message });
      }),
    // Temporal payload encryption (config/payload-keyring.ts) and its codec server's browser origins (api/routes/codec.ts).
    PAYLOAD_KEYS: z
      .string()
      .optional()
      .superRefine((s, ctx) => {
        for (const message of s === undefined ? [] : payloadKeyProblems(s)) ctx.addIssue({ code: 'custom', message });
      }),
    CODEC_CORS_ORIGINS: z
      .string()
      .optional()
      .transform((s) => (s ? s.split(',').map((e) => e.trim()).filter(Boolean) : []))
      .pipe(z.array(z.url().regex(/^https?:\/\/[^/]+$/, 'an origin: scheme://host[:port], no path'))),
    COMPANY_TIMEZONE: z.string().default('UTC').refine(isTimeZone, 'not an IANA time zone (e.g. Europe/Amsterdam)'),
    GATEHOUSE_TOKENS: z
      .string()
      .optional()
      .transform((s) => (s ? s.split(',').map((e) => e.trim()).filter(Boolean) : []))
      .pipe(z.array(tokenEntry))
      .refine((entries) => new Set(entries.map((e) => e.split(':')[0])).size === entries.length, 'token names must be unique (a name is who approved)'),
    HR_WEBHOOK_SECRET: z.string().min(16, 'at least 16 characters').optional(),
    M365_TENANT_ID: z.string().optional(),
    M365_CLIENT_ID: z.string().optional(),
    M365_CLIENT_SECRET: z.string().optional(),
    M365_DOMAIN: z.string().optional(),
    M365_GRAPH_URL: z.url().optional(),
    M365_AUTHORITY_HOST: z.url().optional(),
    M365_DEFAULT_USAGE_LOCATION: z.string().length(2).default('NL'),
    // A key-file path: the key itself in the environment would be echoed by every env dump and crash report.
    GOOGLE_CREDENTIALS: z.string().optional().refine((v) => v === undefined || !looksLikeKeyMaterial(v), 'must be the path of the service-account key file, not the key itself (the value was not shown)'),
    GOOGLE_ADMIN_SUBJECT: z.email().optional(),
    GOOGLE_CUSTOMER_ID: z.string().optional(),
    GOOGLE_DOMAIN: z.string().optional(),
    GOOGLE_ROOT_URL: z.url().optional(),
    GOOGLE_TOKEN_URL: z.url().optional(),
    SCIM_APPS: z
      .string()
      .optional()
      .transform((s, ctx) => {
        if (!s) return undefined;
        try {
          return JSON.parse(s) as unknown;
        } catch {
          ctx.addIssue({ code: 'custom', message: 'must be a JSON list of {name, baseUrl, token}' });
          return z.NEVER;
        }
      })
      .pipe(z.array(scimApp).optional()),
    // The mass-leaver safeguard (domain/leaver-guard.ts): a share of the active people per source and window.
    LEAVER_GUARD_SHARE: z.coerce.number().min(0).max(1).default(0.1),
    LEAVER_GUARD_WINDOW: z.string().default('P1D').refine((v) => durationProblem(v) === null, 'must be an ISO-8601 duration such as P1D or PT6H'),
    LEAVER_GUARD_MIN: z.coerce.number().int().min(0).default(1),
    // HR systems' native webhooks (config/hr-connections.ts).
    HR_CONNECTIONS: hrConnectionsVariable,
    // Worker sizing (README "Performance"): unset keeps the Temporal SDK's defaults.
    WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).optional(),
    WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce.number().int().min(2).optional(),
    WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().min(1).optional(),
    WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES: z.coerce.number().int().min(1).optional(),
    // Reconciliation (README "Reconciliation"): a cron expression in COMPANY_TIMEZONE, or 'off'; the drop safeguard's share.
    RECONCILIATION_SCHEDULE: z.string().trim().regex(/^(off|(\S+\s+){4}\S+)$/, "a five-field cron expression (e.g. '0 3 * * *') or 'off'").default('0 3 * * *'),
    RECONCILIATION_MAX_DROP: z.coerce.number().min(0).max(1).default(0.2),
    RECONCILIATION_PAGE_SIZE: z.coerce.number().int().min(1).max(999).optional(),
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.TEMPORAL_TLS_CERT) !== Boolean(env.TEMPORAL_TLS_KEY)) {
      ctx.addIssue({ code: 'custom', path: [env.TEMPORAL_TLS_CERT ? 'TEMPORAL_TLS_KEY' : 'TEMPORAL_TLS_CERT'], message: 'mTLS needs both TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY (the client certificate and its private key), or neither' });
    }
    const m365 = [env.M365_TENANT_ID, env.M365_CLIENT_ID, env.M365_CLIENT_SECRET, env.M365_DOMAIN];
    if (m365.some(Boolean) && !m365.every(Boolean)) {
      ctx.addIssue({ code: 'custom', path: ['M365_TENANT_ID'], message: 'set all of M365_TENANT_ID, M365_CLIENT_ID, M365_CLIENT_SECRET, M365_DOMAIN, or none (emulator)' });
    }
    const google = [env.GOOGLE_CREDENTIALS, env.GOOGLE_ADMIN_SUBJECT, env.GOOGLE_CUSTOMER_ID, env.GOOGLE_DOMAIN];
    if (google.some(Boolean) && !google.every(Boolean)) {
      ctx.addIssue({ code: 'custom', path: ['GOOGLE_CREDENTIALS'], message: 'set all of GOOGLE_CREDENTIALS, GOOGLE_ADMIN_SUBJECT, GOOGLE_CUSTOMER_ID, GOOGLE_DOMAIN, or none (emulator)' });
    }
  });

export type Env = z.infer<typeof envSchema>;
export type Role = 'hr' | 'admin' | 'auditor';
export interface ApiToken {
  name: string;
  role: Role;
  token: string;
  /** The holder's own employeeId: they may not decide, cancel or reschedule cases about themselves. */
  employeeId?: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parses the environment; throws ConfigError listing every problem (names only, never values). */
export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
  }
  return result.data;
}

export function parseTokens(entries: string[]): ApiToken[] {
  return entries.map((e) => {
    const [name, role, token, employeeId] = e.split(':');
    return { name: name as string, role: role as Role, token: token as string, ...(employeeId ? { employeeId } : {}) };
  });
}

/**
 * Production refuses admin tokens that do not name their holder: without the employeeId, nothing stops an
 * admin approving, cancelling or granting on their own case. (The local dev stack's own tokens are exempt.)
 */
export function requireAdminEmployeeIds(tokens: readonly ApiToken[]): void {
  const anonymous = tokens.filter((t) => t.role === 'admin' && !t.employeeId).map((t) => t.name);
  if (anonymous.length > 0) {
    throw new ConfigError(anonymous.map((name) => `GATEHOUSE_TOKENS: admin token '${name}' must name its holder (name:admin:token:employeeId)`));
  }
}

export function leaverGuardSettings(env: Env): LeaverGuardSettings {
  return { share: env.LEAVER_GUARD_SHARE, windowSeconds: parseDuration(env.LEAVER_GUARD_WINDOW).as('seconds'), minimum: env.LEAVER_GUARD_MIN };
}

/** The worker's sizing from WORKER_* (workers/worker.ts WorkerTuning). */
export function workerTuning(env: Env) {
  return {
    ...(env.WORKER_MAX_CACHED_WORKFLOWS !== undefined ? { maxCachedWorkflows: env.WORKER_MAX_CACHED_WORKFLOWS } : {}),
    ...(env.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS !== undefined ? { maxConcurrentWorkflowTaskExecutions: env.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS } : {}),
    ...(env.WORKER_MAX_CONCURRENT_ACTIVITIES !== undefined ? { maxConcurrentActivityTaskExecutions: env.WORKER_MAX_CONCURRENT_ACTIVITIES } : {}),
    ...(env.WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES !== undefined ? { maxConcurrentLocalActivityExecutions: env.WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES } : {}),
  };
}
