// Runs one emulated SCIM app for the dev stack: `npx tsx emulators/scim/main.ts`.
// SCIM_EMULATOR_PORT (8453), SCIM_EMULATOR_APP (github), SCIM_EMULATOR_TOKEN, SCIM_EMULATOR_HOST (127.0.0.1).
import { fixtureTenant } from '../fixtures/tenant';
import { DEFAULT_SCIM_TOKEN } from './app';
import { startScimEmulator } from './server';

async function main(): Promise<void> {
  const name = process.env.SCIM_EMULATOR_APP ?? 'github';
  const port = Number(process.env.SCIM_EMULATOR_PORT ?? 8453);
  const fixture = fixtureTenant.scim.apps.find((a) => a.name === name);
  const running = await startScimEmulator({
    port,
    host: process.env.SCIM_EMULATOR_HOST ?? '127.0.0.1',
    name,
    token: process.env.SCIM_EMULATOR_TOKEN ?? DEFAULT_SCIM_TOKEN,
    groups: fixture?.groups ?? [],
  });
  console.log(`SCIM emulator '${name}' at ${running.url} (admin: ${running.origin}/_admin)`);
  const stop = () => {
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
