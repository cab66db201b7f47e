// Builds the connectors from configuration: a real tenant where one is configured, else the local emulator
// of that system (the dev stack starts them), and says which is which.
import { readGoogleKeyFile } from './google-key-file';
import { createGoogleConnector } from '../connectors/google';
import { createM365Connector } from '../connectors/m365';
import { createScimConnectors } from '../connectors/scim';
import type { Connector } from '../connectors/types';
import type { LocalTenant } from '../emulators/local-tenant';
import { ConnectorRegistry } from '../activities/connector-registry';
import type { Env } from './schema';

export interface ConnectorPlan {
  m365: 'tenant' | 'emulator';
  google: 'tenant' | 'emulator';
  scim: 'tenant' | 'emulator';
}

/** Which systems need an emulator: each falls back on its own (PRODUCT.md §6). */
export function connectorPlan(env: Env): ConnectorPlan {
  return {
    m365: env.M365_TENANT_ID ? 'tenant' : 'emulator',
    google: env.GOOGLE_CREDENTIALS ? 'tenant' : 'emulator',
    scim: env.SCIM_APPS ? 'tenant' : 'emulator',
  };
}

/**
 * The systems buildConnectors(env, local) would serve, in the same order, without building a connector
 * (no key file read, no client made): the API needs the list to refuse policies, not the connectors. A
 * system counts when it has a tenant or a running emulator in `local`; where buildConnectors would throw
 * for want of both, it is simply absent.
 */
export function configuredSystems(env: Env, local?: Pick<LocalTenant, 'm365Options' | 'googleOptions' | 'scimApps'>): string[] {
  const plan = connectorPlan(env);
  const scimApps = plan.scim === 'tenant' ? env.SCIM_APPS ?? [] : local?.scimApps ?? [];
  return [
    ...(plan.m365 === 'tenant' || local?.m365Options ? ['m365'] : []),
    ...(plan.google === 'tenant' || local?.googleOptions ? ['google'] : []),
    ...scimApps.map((a) => `scim:${a.name}`),
  ];
}

export function buildConnectors(env: Env, local?: LocalTenant): ConnectorRegistry {
  const plan = connectorPlan(env);
  const list: Connector[] = [];
  const need = (what: string, o: unknown) => {
    if (!o) throw new Error(`${what}: no tenant configured and no emulator running`);
  };

  if (plan.m365 === 'tenant') {
    list.push(createM365Connector({
      tenantId: env.M365_TENANT_ID as string, clientId: env.M365_CLIENT_ID as string, clientSecret: env.M365_CLIENT_SECRET as string,
      domain: env.M365_DOMAIN as string, graphUrl: env.M365_GRAPH_URL, authorityHost: env.M365_AUTHORITY_HOST,
      defaultUsageLocation: env.M365_DEFAULT_USAGE_LOCATION,
    }));
  } else {
    need('Microsoft 365', local?.m365Options);
    list.push(createM365Connector({ ...(local?.m365Options as NonNullable<LocalTenant['m365Options']>), defaultUsageLocation: env.M365_DEFAULT_USAGE_LOCATION }));
  }

  if (plan.google === 'tenant') {
    const key = readGoogleKeyFile(env.GOOGLE_CREDENTIALS as string);
    list.push(createGoogleConnector({
      credentials: { client_email: key.client_email, private_key: key.private_key }, subject: env.GOOGLE_ADMIN_SUBJECT as string,
      customerId: env.GOOGLE_CUSTOMER_ID as string, domain: env.GOOGLE_DOMAIN as string, rootUrl: env.GOOGLE_ROOT_URL, tokenUrl: env.GOOGLE_TOKEN_URL,
    }));
  } else {
    need('Google Workspace', local?.googleOptions);
    list.push(createGoogleConnector(local?.googleOptions as NonNullable<LocalTenant['googleOptions']>));
  }

  if (plan.scim === 'tenant') list.push(...createScimConnectors(env.SCIM_APPS ?? []));
  else {
    need('SCIM', local?.scimApps);
    list.push(...createScimConnectors(local?.scimApps ?? []));
  }
  return new ConnectorRegistry(list);
}
