// createApp(deps): the HTTP API. Validation at the edge, roles on every route, problem+json for every error.
import express, { type Express } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { randomUUID } from 'node:crypto';
import type { ApiDeps } from './deps';
import { notFoundRoute, problemHandler, Problem } from './http/problem';
import { hrEventsRouter } from './routes/hr-events';
import { casesRouter } from './routes/cases';
import { peopleRouter } from './routes/people';
import { opsRouter } from './routes/ops';
import { policiesRouter } from './routes/policies';
import { personEntitlementsRouter } from './routes/person-entitlements';
import { auditRouter } from './routes/audit';
import { assetsRouter } from './routes/assets';
import { bulkRouter } from './routes/bulk';
import { consoleRouter } from './routes/console';
import { codecRouter } from './routes/codec';
import { caseHistoryRouter } from './routes/case-history';
import { createMetrics, metricsMiddleware } from './metrics';
import { heldLeaversRouter } from './routes/held-leavers';
import { hrVendorsRouter } from './routes/hr-vendors';
import { importRouter } from './routes/import';
import { reconciliationsRouter } from './routes/reconciliations';

export const BODY_LIMIT = '64kb';

export function createApp(given: ApiDeps): Express {
  const deps: ApiDeps = { ...given, metrics: given.metrics ?? createMetrics() };
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(helmet());
  app.use(metricsMiddleware(deps.metrics!));
  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (req, res) => {
        const id = (req.headers['x-request-id'] as string | undefined) ?? randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      // Never log bodies, tokens or signatures.
      serializers: {
        req: (r: { id: unknown; method: string; url: string }) => ({ id: r.id, method: r.method, url: r.url }),
        res: (r: { statusCode: number }) => ({ statusCode: r.statusCode }),
      },
    }),
  );
  app.use((req, _res, next) => {
    const hasBody = req.method === 'POST' || req.method === 'PUT' || req.method === 'PATCH';
    const length = Number(req.headers['content-length'] ?? 0);
    if (hasBody && (length > 0 || req.headers['transfer-encoding']) && !req.is('application/json')) {
      return next(new Problem(415, 'Unsupported Media Type', 'send the body as application/json'));
    }
    next();
  });
  // HR vendors' webhooks read their raw bytes themselves, before any JSON parsing.
  app.use(hrVendorsRouter(deps));
  // The codec server parses its own (larger) bodies, after its token check.
  app.use(codecRouter(deps));
  app.use(express.json({ limit: BODY_LIMIT, verify: (req, _res, buf) => { (req as express.Request).rawBody = buf; } }));

  app.use(opsRouter(deps));
  app.use(hrEventsRouter(deps));
  app.use(casesRouter(deps));
  app.use(peopleRouter(deps));
  app.use(personEntitlementsRouter(deps));
  app.use(auditRouter(deps));
  app.use(assetsRouter(deps));
  app.use(policiesRouter(deps));
  app.use(bulkRouter(deps));
  app.use(consoleRouter(deps));
  app.use(heldLeaversRouter(deps));
  app.use(importRouter(deps));
  app.use(reconciliationsRouter(deps));
  app.use(caseHistoryRouter(deps));

  app.use(notFoundRoute);
  app.use(problemHandler(deps.logger));
  return app;
}
