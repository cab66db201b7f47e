// Runs the Graph emulator on its own: `npx tsx emulators/graph/main.ts`.
// Env: GRAPH_EMULATOR_PORT (default 8451), GRAPH_EMULATOR_HOST (default 127.0.0.1), GRAPH_EMULATOR_TLS_DIR
// (default .data/tls; point NODE_EXTRA_CA_CERTS at its emulator-cert.pem), M365_TENANT_ID, M365_CLIENT_ID,
// M365_CLIENT_SECRET, M365_DOMAIN (defaults: the fixture tenant and GRAPH_EMULATOR_DEFAULTS).
import { tlsCertPath } from '../tls';
import { GRAPH_EMULATOR_DEFAULTS } from './app';
import { GRAPH_EMULATOR_DEFAULT_PORT, startGraphEmulator } from './server';

async function main(): Promise<void> {
  const tlsDir = process.env.GRAPH_EMULATOR_TLS_DIR ?? '.data/tls';
  const emulator = await startGraphEmulator({
    port: Number(process.env.GRAPH_EMULATOR_PORT ?? GRAPH_EMULATOR_DEFAULT_PORT),
    host: process.env.GRAPH_EMULATOR_HOST,
    tlsDir,
    tenantId: process.env.M365_TENANT_ID,
    clientId: process.env.M365_CLIENT_ID,
    clientSecret: process.env.M365_CLIENT_SECRET,
    domain: process.env.M365_DOMAIN,
  });
  const { tenantId, clientId, domain } = emulator.state.options;
  // The client secret is deliberately not printed.
  console.log(
    `Graph emulator on ${emulator.url} (tenant ${tenantId}, client ${clientId}, domain ${domain}, ` +
      `default secret ${emulator.state.options.clientSecret === GRAPH_EMULATOR_DEFAULTS.clientSecret ? 'in use' : 'overridden'}); ` +
      `CA certificate: ${tlsCertPath(tlsDir)}`,
  );
  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
