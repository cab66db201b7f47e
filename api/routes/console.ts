// The admin console (issue 14): static files from console/ at /console, under a strict Content-Security-Policy
// (scripts and styles from this origin only, no inline code, calls only to this origin), and GET /v1/me, which
// tells the console who the token belongs to, so the role decides what it shows. The console is a client of
// /v1 like any other: every action it offers is an API call with the user's token.
import path from 'node:path';
import express, { Router } from 'express';
import helmet from 'helmet';
import { z } from 'zod';
import type { ApiDeps } from '../deps';
import { requireRole } from '../http/auth';

export const CONSOLE_DIR = path.resolve(__dirname, '../../console');
export const DEFAULT_TEMPORAL_WEB_UI = 'http://localhost:8233';

/** What GET /v1/me answers (documented in /openapi.json). */
export const meResponse = z.object({
  name: z.string(), role: z.enum(['hr', 'admin', 'auditor']), employeeId: z.string().optional(),
  temporalWebUi: z.object({ url: z.string(), namespace: z.string() }),
});

export const CONSOLE_CSP = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'"],
  connectSrc: ["'self'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
};

export function consoleRouter(deps: ApiDeps): Router {
  const r = Router();
  const anyone = requireRole({ tokens: deps.tokens }, ['hr', 'admin', 'auditor']);

  r.get('/v1/me', anyone, (req, res) => {
    const c = req.caller!;
    res.set('Cache-Control', 'no-store').json({
      name: c.name, role: c.role, employeeId: c.employeeId,
      temporalWebUi: { url: deps.temporalWebUiUrl ?? DEFAULT_TEMPORAL_WEB_UI, namespace: deps.temporal.options.namespace },
    });
  });

  // /console redirects to /console/ (serve-static), whose index.html loads app.js and console.css.
  r.use(
    '/console',
    helmet({ contentSecurityPolicy: { useDefaults: false, directives: CONSOLE_CSP }, crossOriginEmbedderPolicy: true }),
    express.static(CONSOLE_DIR, { index: 'index.html', fallthrough: true, maxAge: 0 }),
  );
  return r;
}
