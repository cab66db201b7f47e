// Liveness, readiness, metrics and the OpenAPI document: no authentication, nothing sensitive.
import { Router } from 'express';
import type { ApiDeps } from '../deps';
import { openApiDocument } from '../openapi';

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
  r.get('/metrics', async (_req, res) => {
    const registry = deps.metrics?.registry;
    if (!registry) {
      res.type('text/plain').send('');
      return;
    }
    res.type(registry.contentType).send(await registry.metrics());
  });
  r.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument());
  });
  return r;
}
