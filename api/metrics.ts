// Prometheus metrics (GET /metrics): requests by route and status with latency, cases started by type,
// HR events refused by reason. One registry per app, so tests can build many apps in one process.
import type { RequestHandler } from 'express';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface ApiMetrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  casesStarted: Counter<'type'>;
  hrEventsRefused: Counter<'reason'>;
  /** Leavers held by the mass-leaver safeguard, by source (token name, or vendor:connection). */
  leaversHeld: Counter<'source'>;
}

export function createMetrics(opts: { defaultMetrics?: boolean } = {}): ApiMetrics {
  const registry = new Registry();
  if (opts.defaultMetrics) collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpRequests: new Counter({
      name: 'gatehouse_http_requests_total', help: 'HTTP requests by route template and status',
      labelNames: ['method', 'route', 'status'], registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'gatehouse_http_request_duration_seconds', help: 'HTTP request latency by route template and status',
      labelNames: ['method', 'route', 'status'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    casesStarted: new Counter({
      name: 'gatehouse_cases_started_total', help: 'Cases handed to Temporal by the API, by case type',
      labelNames: ['type'], registers: [registry],
    }),
    hrEventsRefused: new Counter({
      name: 'gatehouse_hr_events_refused_total', help: 'HR events refused, by reason',
      labelNames: ['reason'], registers: [registry],
    }),
    leaversHeld: new Counter({
      name: 'gatehouse_hr_leavers_held_total', help: 'Leavers held for an admin by the mass-leaver safeguard, by source',
      labelNames: ['source'], registers: [registry],
    }),
  };
}

/** The refusal reason a problem response left for the metrics (set by the problem handler). */
export const REFUSAL_LOCAL = 'refusalReason';

/**
 * Counts every request under its route template (never the raw path: ids would explode the label set;
 * unmatched paths are counted as "unmatched").
 */
export function metricsMiddleware(m: ApiMetrics): RequestHandler {
  return (req, res, next) => {
    const end = m.httpDuration.startTimer();
    res.on('finish', () => {
      const routePath = (req.route as { path?: string } | undefined)?.path;
      const route = typeof routePath === 'string' ? routePath : 'unmatched';
      const labels = { method: req.method, route, status: String(res.statusCode) };
      m.httpRequests.inc(labels);
      end(labels);
      if (req.method === 'POST' && req.originalUrl.split('?')[0] === '/v1/hr/events' && res.statusCode >= 400) {
        m.hrEventsRefused.inc({ reason: String(res.locals[REFUSAL_LOCAL] ?? `status_${res.statusCode}`) });
      }
    });
    next();
  };
}
