// How the API and the worker reach Temporal: TLS, mTLS and a Temporal Cloud API key from the validated
// configuration. Anyone who reaches the frontend can signal or update workflows (approve a case, skipping
// the API's roles and four-eyes checks), so a production deployment authenticates the transport.
import fs from 'node:fs';
import type { ConnectionOptions } from '@temporalio/client';
import type { NativeConnectionOptions } from '@temporalio/worker';
import { ConfigError, type Env } from './schema';

/** TLS as both SDK connections take it (the client's and the worker's TLSConfig are the same shape). */
export interface TemporalTls {
  serverNameOverride?: string;
  serverRootCACertificate?: Buffer;
  clientCertPair?: { crt: Buffer; key: Buffer };
}

/** The options common to Connection.connect (client) and NativeConnection.connect (worker). */
export interface TemporalConnectionSettings {
  address: string;
  /** Absent: plaintext (the local dev server only). */
  tls?: TemporalTls;
  apiKey?: string;
}

export type ReadFile = (path: string) => Buffer;

/**
 * Reads one TLS file. The error names the variable and the path and what went wrong (ENOENT, EACCES),
 * never the contents: a key file read by mistake must not end up in a log.
 */
function readTlsFile(variable: string, path: string, read: ReadFile): Buffer {
  let contents: Buffer;
  try {
    contents = read(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError([`${variable}: cannot read the file ${JSON.stringify(path)} (${code})`]);
  }
  if (contents.length === 0) throw new ConfigError([`${variable}: the file ${JSON.stringify(path)} is empty`]);
  if (!contents.includes('-----BEGIN ')) throw new ConfigError([`${variable}: the file ${JSON.stringify(path)} is not PEM (no -----BEGIN line)`]);
  return contents;
}

/**
 * Builds the connection settings once, at start: the files are read here and not again (a rotated
 * certificate takes a restart). TLS is on when any TEMPORAL_TLS_* variable or an API key is set.
 */
export function temporalConnectionSettings(env: Env, read: ReadFile = (p) => fs.readFileSync(p)): TemporalConnectionSettings {
  const problems: string[] = [];
  const file = (variable: 'TEMPORAL_TLS_CERT' | 'TEMPORAL_TLS_KEY' | 'TEMPORAL_TLS_CA'): Buffer | undefined => {
    const path = env[variable];
    if (!path) return undefined;
    try {
      return readTlsFile(variable, path, read);
    } catch (err) {
      if (err instanceof ConfigError) problems.push(...err.problems);
      else throw err;
      return undefined;
    }
  };
  const crt = file('TEMPORAL_TLS_CERT');
  const key = file('TEMPORAL_TLS_KEY');
  const ca = file('TEMPORAL_TLS_CA');
  // parseEnv refuses one without the other; this keeps the builder safe on its own.
  if (Boolean(env.TEMPORAL_TLS_CERT) !== Boolean(env.TEMPORAL_TLS_KEY)) problems.push('TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together (mTLS needs both)');
  if (problems.length > 0) throw new ConfigError(problems);

  const wantsTls = Boolean(env.TEMPORAL_TLS_CERT || env.TEMPORAL_TLS_CA || env.TEMPORAL_TLS_SERVER_NAME || env.TEMPORAL_API_KEY);
  if (!wantsTls) return { address: env.TEMPORAL_ADDRESS };
  const tls: TemporalTls = {
    ...(env.TEMPORAL_TLS_SERVER_NAME ? { serverNameOverride: env.TEMPORAL_TLS_SERVER_NAME } : {}),
    ...(ca ? { serverRootCACertificate: ca } : {}),
    ...(crt && key ? { clientCertPair: { crt, key } } : {}),
  };
  return { address: env.TEMPORAL_ADDRESS, tls, ...(env.TEMPORAL_API_KEY ? { apiKey: env.TEMPORAL_API_KEY } : {}) };
}

/** Options for either SDK connection: the client's Connection and the worker's NativeConnection take the same ones. */
export function connectionOptions(s: TemporalConnectionSettings): ConnectionOptions & NativeConnectionOptions {
  return { address: s.address, ...(s.tls ? { tls: s.tls } : {}), ...(s.apiKey ? { apiKey: s.apiKey } : {}) };
}

/** Where Temporal is and how it is reached, for a start-up line: never the key or the files' contents. */
export function describeTemporalTransport(s: TemporalConnectionSettings): string {
  if (!s.tls) return 'plaintext';
  const parts = ['TLS', ...(s.tls.clientCertPair ? ['client certificate'] : []), ...(s.apiKey ? ['API key'] : []), ...(s.tls.serverRootCACertificate ? ['own CA'] : [])];
  return parts.join(', ');
}
