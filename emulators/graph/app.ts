// The Microsoft Graph emulator as an express app: identity endpoints, /v1.0 behind a bearer check, /_admin.
import express, { type Express } from 'express';
import { FaultInjector } from '../faults';
import { fixtureTenant } from '../fixtures/tenant';
import { adminRouter } from './admin';
import { authRouter, requireBearer } from './auth';
import { faultCode, faultMessage, graphErrorBody, sendGraphError } from './errors';
import { groupsRouter } from './groups';
import { GraphState } from './state';
import { usersRouter } from './users';

export interface GraphEmulatorOptions {
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  domain?: string;
}

/** Defaults for running on its own; tests and the dev stack pass their own. Not secrets: local emulator only. */
export const GRAPH_EMULATOR_DEFAULTS = {
  tenantId: fixtureTenant.m365.tenantId,
  clientId: '00000000-0000-4000-8000-0000000000c1',
  clientSecret: 'emulator-secret',
  domain: fixtureTenant.m365.domain,
} as const;

export interface GraphEmulator {
  app: Express;
  state: GraphState;
  faults: FaultInjector;
}

export function createGraphEmulator(options: GraphEmulatorOptions = {}): GraphEmulator {
  const state = new GraphState({ ...GRAPH_EMULATOR_DEFAULTS, ...stripUndefined(options) });
  const faults = new FaultInjector();
  const app = express();
  app.disable('x-powered-by');

  app.use('/_admin', adminRouter(state, faults));

  // Log before faults, so a test sees every request that reached the service, including refused ones.
  app.use('/v1.0', (req, _res, next) => {
    state.requests.push({ method: req.method, path: `/v1.0${req.path}`, at: new Date().toISOString() });
    next();
  });
  app.use(
    faults.middleware((rule) => {
      const status = rule.status ?? 500;
      return graphErrorBody(faultCode(status), faultMessage(status));
    }),
  );

  app.use(authRouter(state));
  app.use('/v1.0', requireBearer(state), express.json(), usersRouter(state), groupsRouter(state));

  app.use('/v1.0', (req, res) => {
    sendGraphError(res, 400, 'BadRequest', `Resource not found for the segment '${req.path.split('/')[1] ?? ''}'.`);
  });
  // Malformed JSON and other failures still answer in Graph's shape.
  app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = (err as { status?: number }).status ?? 500;
    if (status === 400) sendGraphError(res, 400, 'BadRequest', 'Unable to read JSON request payload.');
    else sendGraphError(res, 500, 'generalException', 'An internal server error occurred.');
  });
  return { app, state, faults };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
