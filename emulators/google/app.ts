// The Google Directory API emulator as an express app. Served at the root because googleapis resolves request
// paths with `new URL(path, rootUrl)` and so drops any path prefix of rootUrl (REFERENCE.md, trap 2).
import express, { type Express } from 'express';
import { fixtureTenant } from '../fixtures/tenant';
import { FaultInjector } from '../faults';
import { adminRouter } from './admin';
import { requireBearer } from './auth';
import { googleFaultBody, notFound } from './errors';
import { groupsRouter } from './groups';
import { DEFAULT_AUTHORIZED_SCOPES } from './scopes';
import { securityRouter } from './security';
import { generateServiceAccount, type ServiceAccountKey } from './service-account';
import { GoogleDirectoryState, type SeedGroup } from './state';
import { tokenRouter } from './token';
import { usersRouter } from './users';

export const DIRECTORY_BASE_PATH = '/admin/directory/v1';
export const DEFAULT_ADMIN_SUBJECT = `admin@${fixtureTenant.google.domain}`;

export interface GoogleEmulatorOptions {
  /** The service account allowed to sign assertions; one is generated when absent. */
  serviceAccount?: ServiceAccountKey;
  /** The super-admin the delegation impersonates (the JWT `sub`). */
  adminSubject?: string;
  customerId?: string;
  domain?: string;
  groups?: readonly SeedGroup[];
  /** Scopes the (emulated) super-admin authorised for domain-wide delegation. */
  authorizedScopes?: readonly string[];
  /** The emulator's own token URL, accepted as a JWT audience besides Google's. */
  tokenUrl?: () => string | undefined;
}

export interface GoogleEmulator {
  app: Express;
  state: GoogleDirectoryState;
  faults: FaultInjector;
  serviceAccount: ServiceAccountKey;
  adminSubject: string;
}

export function createGoogleEmulator(options: GoogleEmulatorOptions = {}): GoogleEmulator {
  const serviceAccount = options.serviceAccount ?? generateServiceAccount();
  const adminSubject = (options.adminSubject ?? DEFAULT_ADMIN_SUBJECT).toLowerCase();
  const state = new GoogleDirectoryState(
    options.customerId ?? fixtureTenant.google.customerId,
    (options.domain ?? fixtureTenant.google.domain).toLowerCase(),
    options.groups ?? fixtureTenant.google.groups,
    adminSubject,
  );
  const faults = new FaultInjector();
  const app = express();
  app.disable('x-powered-by');

  // Admin routes first: faults must never block the switch that clears them.
  app.use('/_admin', adminRouter(state, faults));

  // Log every API request with its final status (faults included) so tests can count calls.
  app.use((req, res, next) => {
    // Read the path now: mounted routers rewrite req.url while they run. Decoded, so '@' reads as '@'.
    let path = req.path;
    try {
      path = decodeURIComponent(path);
    } catch {
      // keep the raw path when it is not valid percent-encoding
    }
    res.on('finish', () => state.requests.push({ method: req.method, path, status: res.statusCode }));
    next();
  });
  app.use(faults.middleware(googleFaultBody));

  app.use(
    tokenRouter(state, {
      clientEmail: serviceAccount.client_email,
      privateKeyPem: serviceAccount.private_key,
      adminSubject,
      authorizedScopes: options.authorizedScopes ?? DEFAULT_AUTHORIZED_SCOPES,
      extraAudiences: () => {
        const url = options.tokenUrl?.();
        return url ? [url] : [];
      },
    }),
  );

  const directory = express.Router();
  directory.use(requireBearer(state));
  directory.use(usersRouter(state));
  directory.use(securityRouter(state));
  directory.use(groupsRouter(state));
  directory.use((_req, res) => notFound(res, 'path'));
  app.use(DIRECTORY_BASE_PATH, directory);

  // A malformed JSON body gets Google's 400 shape rather than express's HTML page.
  app.use((err: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(err);
    const status = typeof (err as { status?: unknown }).status === 'number' ? (err as { status: number }).status : 500;
    res.status(status).json({
      error: { code: status, message: status === 400 ? 'Parse Error' : 'Backend Error', errors: [{ domain: 'global', reason: status === 400 ? 'parseError' : 'backendError', message: status === 400 ? 'Parse Error' : 'Backend Error' }] },
    });
  });

  return { app, state, faults, serviceAccount, adminSubject };
}
