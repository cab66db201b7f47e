// `npx tsx emulators/google/main.ts`: runs the emulator for the dev stack.
// The service-account key lives in GOOGLE_EMULATOR_KEY_FILE (default .data/google-emulator-key.json): reused when
// present, generated and written (mode 0600) when not. Point GOOGLE_CREDENTIALS at that file, GOOGLE_ROOT_URL at
// the printed root and GOOGLE_TOKEN_URL at the printed token URL. The key itself is never printed.
import { resolve } from 'node:path';
import { startGoogleEmulator } from './server';
import { generateServiceAccount, readKeyFile, writeKeyFile } from './service-account';

async function main(): Promise<void> {
  const keyFile = resolve(process.env.GOOGLE_EMULATOR_KEY_FILE ?? '.data/google-emulator-key.json');
  const existing = readKeyFile(keyFile);
  const serviceAccount = existing ?? generateServiceAccount();
  const emulator = await startGoogleEmulator({
    host: process.env.GOOGLE_EMULATOR_HOST ?? '127.0.0.1',
    serviceAccount,
    adminSubject: process.env.GOOGLE_ADMIN_SUBJECT,
  });
  if (!existing) writeKeyFile(keyFile, serviceAccount, emulator.tokenUrl);
  console.log(
    JSON.stringify({
      msg: 'google directory emulator listening',
      rootUrl: emulator.url,
      tokenUrl: emulator.tokenUrl,
      keyFile,
      clientEmail: serviceAccount.client_email,
      adminSubject: emulator.adminSubject,
      customerId: emulator.customerId,
      domain: emulator.domain,
    }),
  );
  const stop = () => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error('google emulator failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
