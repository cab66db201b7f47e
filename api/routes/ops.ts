// Liveness and readiness for operators and orchestrators; no authentication, nothing sensitive.
import { Router } from 'express';
import type { ApiDeps } from '../deps';

export function opsRouter(deps: ApiDeps): Router {
  const r = Router();
  r.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  r.get('/readyz', async (_req, res) => {
    const checks = deps.ready ? await deps.ready() : { temporal: true, database: true };
    const ok = checks.temporal && checks.database;
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not ready', checks });
  });
  return r;
}
