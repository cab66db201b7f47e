// Every log line the suite's harnesses write goes to .data/test-logs/<test file>.ndjson, through the
// production logger (config/runtime.ts createLogger, with its redaction), and every secret a test configures
// is recorded in .data/test-logs/secrets/: scripts/scan-test-logs.ts (run after jest by `make test`) fails
// if any secret appears in any line.
import fs from 'node:fs';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import { createLogger } from '../../config/runtime';
import { parseEnv } from '../../config/schema';
import type { LocalTenant } from '../../emulators/local-tenant';

const ROOT = path.resolve(__dirname, '../..');
export const TEST_LOG_DIR = path.join(ROOT, '.data/test-logs');
export const SECRETS_DIR = path.join(TEST_LOG_DIR, 'secrets');

/** The running test file as a file name (test/api/http.test.ts → test__api__http.test), or `fallback` outside jest. */
export function testFileSlug(fallback = 'outside-jest'): string {
  const testPath = (globalThis as { expect?: { getState(): { testPath?: string } } }).expect?.getState().testPath;
  if (!testPath) return fallback;
  return path.relative(ROOT, testPath).replace(/\.ts$/, '').replace(/[\\/]/g, '__');
}

const destinations = new Map<string, pino.DestinationStream>();
/** One synchronous append stream per file: a jest worker may exit right after the last test. */
function destination(file: string): pino.DestinationStream {
  let d = destinations.get(file);
  if (!d) {
    d = pino.destination({ dest: file, sync: true, append: true, mkdir: true });
    destinations.set(file, d);
  }
  return d;
}

export function testLogFile(slug = testFileSlug()): string {
  return path.join(TEST_LOG_DIR, `${slug}.ndjson`);
}

/** Appends one already-formatted line (the Temporal SDK's log entries) to the test file's log. */
export function appendTestLogLine(line: string): void {
  destination(testLogFile()).write(`${line}\n`);
}

export interface CaptureOptions {
  /** Also send lines at or above `level` here (the model test keeps API errors for its failure report). */
  also?: { level: pino.Level; stream: pino.DestinationStream };
}

/** The production logger at debug level, writing NDJSON to this test file's log. */
export function captureLogger(name: string, o: CaptureOptions = {}): Logger {
  const file = destination(testLogFile());
  const stream = o.also ? pino.multistream([{ level: 'debug', stream: file }, { level: o.also.level, stream: o.also.stream }]) : file;
  return createLogger(parseEnv({ LOG_LEVEL: 'debug' }), name, stream);
}

/**
 * Records secrets this test file configures (name → value), for the scan. Names say what a secret is, so a
 * finding can be reported without the value.
 */
export function recordSecrets(source: string, secrets: Record<string, string | undefined>, slug = testFileSlug()): void {
  fs.mkdirSync(SECRETS_DIR, { recursive: true, mode: 0o700 });
  const file = path.join(SECRETS_DIR, `${slug}.${source}.json`);
  const entries = Object.entries(secrets).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].length > 0);
  fs.writeFileSync(file, `${JSON.stringify(Object.fromEntries(entries), null, 1)}\n`, { mode: 0o600 });
}

/** The tokens of a token list, named by their holder. */
export function tokenSecrets(tokens: ReadonlyArray<{ name: string; token: string }>): Record<string, string> {
  return Object.fromEntries(tokens.map((t) => [`API token ${t.name}`, t.token]));
}

/** The emulated tenant's credentials the connectors are configured with: client secret, private key, SCIM tokens. */
export function tenantSecrets(t: Pick<LocalTenant, 'm365Options' | 'googleOptions' | 'scimApps'>): Record<string, string | undefined> {
  return {
    'M365 client secret': t.m365Options?.clientSecret,
    'Google service-account private key': t.googleOptions?.credentials.private_key,
    ...Object.fromEntries((t.scimApps ?? []).map((a) => [`SCIM token ${a.name}`, a.token])),
  };
}
