// The API refuses policies by configuredSystems(env); the worker serves buildConnectors(env). They must agree.
import { buildConnectors, configuredSystems } from '../../config/connectors';
import { parseEnv } from '../../config/schema';
import { startLocalTenant, type LocalTenant } from '../../emulators/local-tenant';

let tenant: LocalTenant;
beforeAll(async () => {
  tenant = await startLocalTenant({ ports: { graph: 0, google: 0, scim: 0 } });
});
afterAll(async () => {
  await tenant?.close();
});

test('the emulated stack: the same systems as its connectors, in the same order', () => {
  const env = parseEnv({});
  expect(configuredSystems(env, tenant)).toEqual(buildConnectors(env, tenant).systems());
  expect(configuredSystems(env, tenant)).toEqual(['m365', 'google', 'scim:github']);
});

test('SCIM_APPS replaces the emulated app', () => {
  const env = parseEnv({ SCIM_APPS: JSON.stringify([{ name: 'figma', baseUrl: 'http://127.0.0.1:1/scim/v2', token: 'figma-token-0123456789' }]) });
  expect(configuredSystems(env, tenant)).toEqual(buildConnectors(env, tenant).systems());
  expect(configuredSystems(env, tenant)).toEqual(['m365', 'google', 'scim:figma']);
});

test('without a tenant or a running emulator, a system is not configured', () => {
  expect(configuredSystems(parseEnv({}))).toEqual([]);
  expect(configuredSystems(parseEnv({ SCIM_APPS: '[]' }), { m365Options: tenant.m365Options })).toEqual(['m365']);
});
