// An API under test: a real Temporal (time-skipping), a fresh database, the emulated tenant and a worker,
// with createApp wired to them and one token per role.
import request from 'supertest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Express } from 'express';
import { createApp } from '../../api/app';
import { createMetrics, type ApiMetrics } from '../../api/metrics';
import type { LeaverGuardSettings } from '../../domain/leaver-guard';
import type { HrConnection } from '../../config/hr-connections';
import { timeSkippingEnvironment } from '../support/temporal';
import { captureLogger, recordSecrets, tokenSecrets } from '../support/log-capture';
import { startTestStack, type TestStack } from '../support/stack';
import { TZ } from '../support/workflow-helpers';

export const SECRET = 'api-test-webhook-secret-0123456789';
export const TOKENS = [
  { name: 'hr-alice', role: 'hr' as const, token: 'hr-token-0123456789abcdef0123' },
  { name: 'admin-bob', role: 'admin' as const, token: 'admin-token-0123456789abcdef01', employeeId: 'BOB-1' },
  { name: 'admin-carol', role: 'admin' as const, token: 'admin2-token-0123456789abcdef0', employeeId: 'CAROL-1' },
  { name: 'auditor-dan', role: 'auditor' as const, token: 'auditor-token-0123456789abcdef' },
];
export const TOKEN = { hr: TOKENS[0]!.token, admin: TOKENS[1]!.token, admin2: TOKENS[2]!.token, auditor: TOKENS[3]!.token };
export const bearer = (t: string) => `Bearer ${t}`;

export interface ApiHarness {
  env: TestWorkflowEnvironment;
  stack: TestStack;
  app: Express;
  metrics: ApiMetrics;
  stop(): Promise<void>;
}

export async function startApi(opts: { now?: () => number; leaverGuard?: LeaverGuardSettings; hrConnections?: HrConnection[]; codecCorsOrigins?: string[] } = {}): Promise<ApiHarness> {
  const env = await timeSkippingEnvironment();
  const stack = await startTestStack(env, { hrConnections: opts.hrConnections, leaverGuard: opts.leaverGuard });
  const metrics = createMetrics();
  recordSecrets('api', { 'HR webhook secret': SECRET, ...tokenSecrets(TOKENS) });
  const app = createApp({
    store: stack.store, temporal: env.client, taskQueue: stack.taskQueue, companyTimeZone: TZ, systems: stack.connectors.systems(), tokens: TOKENS,
    webhookSecret: SECRET, logger: captureLogger('gatehouse-api'), metrics, now: opts.now, codecCorsOrigins: opts.codecCorsOrigins,
    leaverGuard: opts.leaverGuard, hrConnections: opts.hrConnections,
  });
  return {
    env, stack, app, metrics,
    async stop() {
      await stack.stop();
      await env.teardown();
    },
  };
}

/** Every case the store knows, all pages. */
export async function allCases(stack: TestStack) {
  const out = [];
  let cursor: string | null = null;
  do {
    const page = await stack.store.listCases({ limit: 500, cursor });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

export const as = (app: Express, role: keyof typeof TOKEN) => ({
  get: (path: string) => request(app).get(path).set('Authorization', bearer(TOKEN[role])),
  post: (path: string, body?: unknown) => request(app).post(path).set('Authorization', bearer(TOKEN[role])).send(body as object),
  put: (path: string, body?: unknown) => request(app).put(path).set('Authorization', bearer(TOKEN[role])).send(body as object),
  delete: (path: string, body?: unknown) => {
    const r = request(app).delete(path).set('Authorization', bearer(TOKEN[role]));
    return body === undefined ? r : r.send(body as object);
  },
});

export async function eventually<T>(fn: () => Promise<T>, ok: (t: T) => boolean, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}
