// Starts the three emulated systems of the fixture tenant together, for the dev stack and the tests,
// and says how to reach each (the same options a real tenant's configuration would give the connectors).
import { startGraphEmulator, GRAPH_EMULATOR_DEFAULTS, type RunningGraphEmulator } from './graph';
import { startGoogleEmulator, type RunningGoogleEmulator } from './google';
import { startScimEmulator, type RunningScimEmulator } from './scim';
import { fixtureTenant } from './fixtures/tenant';

export interface LocalTenantOptions {
  /** 0 picks free ports (tests); the dev stack uses the documented defaults. */
  ports?: { graph?: number; google?: number; scim?: number };
  tlsDir?: string;
  which?: { m365?: boolean; google?: boolean; scim?: boolean };
}

export interface LocalTenant {
  graph?: RunningGraphEmulator;
  google?: RunningGoogleEmulator;
  scim?: RunningScimEmulator;
  m365Options?: { tenantId: string; clientId: string; clientSecret: string; domain: string; graphUrl: string; authorityHost: string; caCertPem: string };
  googleOptions?: { credentials: { client_email: string; private_key: string }; subject: string; customerId: string; domain: string; rootUrl: string; tokenUrl: string };
  scimApps?: Array<{ name: string; baseUrl: string; token: string }>;
  close(): Promise<void>;
}

export async function startLocalTenant(o: LocalTenantOptions = {}): Promise<LocalTenant> {
  const which = { m365: true, google: true, scim: true, ...o.which };
  const t: LocalTenant = { close: async () => {} };
  if (which.m365) {
    t.graph = await startGraphEmulator({ port: o.ports?.graph, tlsDir: o.tlsDir });
    t.m365Options = {
      ...GRAPH_EMULATOR_DEFAULTS, domain: fixtureTenant.m365.domain,
      graphUrl: t.graph.url, authorityHost: t.graph.url, caCertPem: t.graph.caCertPem,
    };
  }
  if (which.google) {
    t.google = await startGoogleEmulator({ port: o.ports?.google });
    t.googleOptions = {
      credentials: t.google.serviceAccount, subject: t.google.adminSubject, customerId: t.google.customerId,
      domain: t.google.domain, rootUrl: t.google.url, tokenUrl: t.google.tokenUrl,
    };
  }
  if (which.scim) {
    const app = fixtureTenant.scim.apps[0];
    t.scim = await startScimEmulator({ port: o.ports?.scim ?? 0, name: app.name, groups: [...app.groups] });
    t.scimApps = [{ name: t.scim.name, baseUrl: t.scim.url, token: t.scim.token }];
  }
  t.close = async () => {
    await Promise.all([t.graph?.close(), t.google?.close(), t.scim?.close()]);
  };
  return t;
}
