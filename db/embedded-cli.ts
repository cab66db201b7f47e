// Runs the embedded database as its own process: `tsx db/embedded-cli.ts --port 5433 [--data-dir DIR]`.
// Prints one line, `listening <url>`, once it accepts connections; stops cleanly on SIGTERM or SIGINT.
// Tests use it because PGlite loads its WASM with a dynamic import that jest's module sandbox refuses.
import { startEmbeddedPostgres } from './embedded';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const port = Number(arg('port') ?? '5433');
  const server = await startEmbeddedPostgres({ port, dataDir: arg('data-dir'), host: arg('host') });
  process.stdout.write(`listening ${server.url}\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // The parent going away (a killed test run) must not leave the server behind.
  process.on('disconnect', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`embedded database failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
