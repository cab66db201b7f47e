// Emulated HR vendor APIs for the thin webhooks' fetch (test and dev only): one employee read per vendor at
// its documented path, with its authentication and error shape, employees held in the vendor's own JSON
// shape, and switchable faults. /_admin/{vendor}/employees/{id} (PUT) sets an employee; /_admin/faults.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Request, type Response } from 'express';
import { HR_VENDORS, type HrVendor } from '../../domain/hr-vendors';
import { FaultInjector } from '../faults';

export interface HrVendorEmulatorOptions {
  /** The API credential each vendor accepts (BambooHR API key, HiBob token, bearer tokens). */
  apiKey: string;
  /** BambooHR's company subdomain and HiBob's service user id. */
  account: string;
}

const basicOf = (req: Request): [string, string] | null => {
  const m = /^Basic\s+(\S+)$/i.exec(req.get('authorization') ?? '');
  if (!m) return null;
  const s = Buffer.from(m[1] as string, 'base64').toString('utf8');
  const i = s.indexOf(':');
  return i < 0 ? null : [s.slice(0, i), s.slice(i + 1)];
};

/** Each vendor's error answer as its API documents it. */
function fail(vendor: HrVendor, res: Response, status: number, message: string): void {
  switch (vendor) {
    case 'bamboohr':
      res.status(status).setHeader('X-BambooHR-Error-Message', message).end();
      return;
    case 'hibob':
      res.status(status).json({ key: status === 404 ? 'NOT_FOUND' : 'ERROR', error: message });
      return;
    case 'personio':
      res.status(status).json({ success: false, error: { code: status, message } });
      return;
    case 'gusto':
      res.status(status).json({ errors: [{ error_key: 'base', category: status === 404 ? 'not_found' : 'invalid_request', message }] });
      return;
    case 'deel':
      res.status(status).json({ errors: [{ message }] });
  }
}

export function createHrVendorEmulator(o: HrVendorEmulatorOptions) {
  const employees = new Map<string, unknown>(); // `${vendor}/${id}` → the vendor's JSON
  const faults = new FaultInjector();
  const app = express();
  app.disable('x-powered-by');
  app.use('/_admin', faults.router());
  app.put('/_admin/:vendor/employees/:id', express.json(), (req, res) => {
    employees.set(`${req.params.vendor}/${req.params.id}`, req.body);
    res.status(204).end();
  });
  app.use(faults.middleware((rule) => ({ error: `emulated fault ${rule.status}` })));

  const read = (vendor: HrVendor, authorised: (req: Request) => boolean, wrap: (e: unknown) => unknown) =>
    (req: Request, res: Response) => {
      if (!authorised(req)) return fail(vendor, res, 401, 'invalid credentials');
      const e = employees.get(`${vendor}/${String(req.params.id)}`);
      if (e === undefined) return fail(vendor, res, 404, 'employee not found');
      res.json(wrap(e));
    };
  const bearer = (req: Request) => req.get('authorization') === `Bearer ${o.apiKey}`;

  app.get('/api/gateway.php/:company/v1/employees/:id', (req, res) => {
    if (req.params.company !== o.account) return fail('bamboohr', res, 404, 'unknown company');
    const b = basicOf(req);
    return read('bamboohr', () => b?.[0] === o.apiKey, (e) => ({ id: String(req.params.id), ...(e as object) }))(req, res);
  });
  app.get('/v1/people/:id', read('hibob', (req) => { const b = basicOf(req); return b?.[0] === o.account && b[1] === o.apiKey; }, (e) => e));
  app.get('/v1/company/employees/:id', read('personio', bearer, (e) => ({ success: true, data: e })));
  app.get('/v1/employees/:id', read('gusto', bearer, (e) => e));
  app.get('/rest/v2/people/:id', read('deel', bearer, (e) => ({ data: e })));

  return { app, faults, employees, vendors: HR_VENDORS };
}

export async function startHrVendorEmulator(o: HrVendorEmulatorOptions & { port?: number; host?: string }) {
  const host = o.host ?? '127.0.0.1';
  const emulator = createHrVendorEmulator(o);
  const server = createServer(emulator.app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, host, () => resolve());
  });
  const url = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    url, emulator,
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((err) => (err ? reject(err) : resolve()));
    }),
  };
}
