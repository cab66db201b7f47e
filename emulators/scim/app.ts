// One emulated SCIM 2.0 app: the real SCIMMY routers over an in-memory store, behind fault injection.
import express, { type Express, type Request, type RequestHandler } from 'express';
import SCIMMYRouters from 'scimmy-routers';
import { FaultInjector } from '../faults';
import { adminRouter } from './admin';
import { declareScimResources, type ScimContext } from './resources';
import { ScimState } from './state';

/** Where the SCIM API lives on the emulator; the connector's baseUrl is `<origin>${SCIM_BASE_PATH}`. */
export const SCIM_BASE_PATH = '/scim/v2';

export interface ScimEmulatorOptions {
  name?: string;
  token?: string;
  groups?: readonly string[];
  /** The most resources one list page returns, whatever `count` asks (apps cap it); default 100. */
  maxPageSize?: number;
}

export interface ScimEmulator {
  app: Express;
  state: ScimState;
  faults: FaultInjector;
  name: string;
  token: string;
}

export const DEFAULT_SCIM_TOKEN = 'scim-emulator-token';

/** RFC 7644 §3.12 error body, used for injected faults so clients parse them like real errors. */
function scimFaultBody(rule: { status?: number }): unknown {
  const status = rule.status ?? 500;
  return {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
    status: String(status),
    ...(status === 429 ? { scimType: 'tooMany' } : {}),
    detail: status === 429 ? 'Too many requests (injected fault)' : `Injected fault ${status}`,
  };
}

/**
 * startIndex and count as numbers, count capped. scimmy-routers casts them by assigning to req.query, which
 * Express 5 makes a getter, so without this SCIMMY saw strings and ignored paging altogether.
 */
function listPaging(maxPageSize: number): RequestHandler {
  return (req, _res, next) => {
    const query: Record<string, unknown> = { ...(req.query as Record<string, unknown>) };
    for (const param of ['startIndex', 'count'] as const) {
      const raw = query[param];
      if (typeof raw === 'string' && raw.trim() !== '' && !Number.isNaN(Number(raw))) query[param] = Number(raw);
    }
    if (typeof query.count === 'number' && query.count > maxPageSize) query.count = maxPageSize;
    if (req.method === 'GET' && query.count === undefined) query.count = maxPageSize;
    Object.defineProperty(req, 'query', { value: query, writable: true, configurable: true, enumerable: true });
    next();
  };
}

export function createScimEmulator(options: ScimEmulatorOptions = {}): ScimEmulator {
  const name = options.name ?? 'github';
  const token = options.token ?? DEFAULT_SCIM_TOKEN;
  const state = new ScimState(options.groups ?? []);
  const faults = new FaultInjector();
  declareScimResources();

  const context: ScimContext = { state };
  const scim = new SCIMMYRouters({
    type: 'bearer',
    docUri: 'https://datatracker.ietf.org/doc/html/rfc6750',
    // Throwing makes scimmy-routers answer 401 with a SCIM error body.
    handler: (req: Request) => {
      if (req.get('authorization') !== `Bearer ${token}`) throw new Error('Bearer token missing or invalid');
      return 'emulator-admin';
    },
    context: () => context,
    // Absolute meta.location values, as real apps send. SCIMMY keeps basepaths process-wide, so with
    // several emulators in one process a location may name another emulator's port; ids stay right.
    baseUri: (req: Request) => `${req.protocol}://${req.get('host') ?? 'localhost'}`,
  });

  const app = express();
  app.disable('x-powered-by');
  // Admin first: a broad fault rule must not lock out the route that clears it.
  app.use('/_admin', adminRouter(state, faults, name));
  app.use(faults.middleware(scimFaultBody));
  app.use(SCIM_BASE_PATH, listPaging(options.maxPageSize ?? 100), scim);
  return { app, state, faults, name, token };
}
