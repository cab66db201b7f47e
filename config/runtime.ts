// Start-up plumbing shared by the dev stack and the production entry points: configuration, logger,
// Temporal connections, and the tokens a local stack makes for itself when none are configured.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pino, { type Logger } from 'pino';
import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { ConfigError, parseEnv, parseTokens, type ApiToken, type Env } from './schema';
import { connectionOptions, type TemporalConnectionSettings } from './temporal-connection';

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  try {
    return parseEnv(source);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
}

/** Field names that hold a secret wherever they appear in a logged object. */
const SECRET_FIELDS = ['token', 'clientSecret', 'client_secret', 'private_key', 'privateKey', 'password', 'apiKey', 'secret', 'webhookSecret'];
/** Secret configuration variables, should an env or config object be logged. */
const SECRET_VARIABLES = ['GATEHOUSE_TOKENS', 'HR_WEBHOOK_SECRET', 'M365_CLIENT_SECRET', 'TEMPORAL_API_KEY', 'SCIM_APPS', 'AUDIT_CHAIN_KEY',
  'HR_CONNECTIONS', 'PAYLOAD_KEYS'];

/** `destination` defaults to stdout; the tests send the same logger to a file the log scan reads. */
export function createLogger(env: Env, name: string, destination?: pino.DestinationStream): Logger {
  return pino({
    name,
    level: env.LOG_LEVEL,
    // Defence in depth: these never reach a log line even if someone logs a request or a config object.
    redact: {
      // `*.x` matches one level down only, so each field is also listed at the top level.
      paths: [
        'req.headers.authorization', 'req.headers["gatehouse-signature"]', 'headers.authorization', 'headers["gatehouse-signature"]',
        ...SECRET_FIELDS, ...SECRET_FIELDS.map((f) => `*.${f}`), ...SECRET_FIELDS.map((f) => `*[*].${f}`),
        ...SECRET_VARIABLES, ...SECRET_VARIABLES.map((v) => `*.${v}`),
      ],
      censor: '[redacted]',
    },
  }, destination);
}

/**
 * A process builds its settings once (the TLS files are read then) and passes them to each connection; the
 * data converter encrypts payloads (workers/data-converter.ts gatehouseDataConverter).
 */
export async function connectTemporal(env: Env, settings: TemporalConnectionSettings, dataConverter: DataConverter): Promise<Client> {
  const connection = await Connection.connect(connectionOptions(settings));
  return new Client({ connection, namespace: env.TEMPORAL_NAMESPACE, dataConverter });
}

/**
 * A local stack without configured tokens makes its own and keeps them in DATA_DIR/dev-credentials.env
 * (mode 0600), so they survive restarts and are never printed.
 */
export function devCredentials(env: Env): { tokens: ApiToken[]; webhookSecret: string; file: string } {
  const file = path.resolve(env.DATA_DIR, 'dev-credentials.env');
  if (!fs.existsSync(file)) {
    const t = () => randomBytes(24).toString('hex');
    const lines = [
      `GATEHOUSE_TOKENS=hr-dev:hr:${t()},admin-dev:admin:${t()},auditor-dev:auditor:${t()},admin-second:admin:${t()}`,
      `HR_WEBHOOK_SECRET=${t()}`,
    ];
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
  }
  const vars = Object.fromEntries(
    fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  const tokens = env.GATEHOUSE_TOKENS.length ? parseTokens(env.GATEHOUSE_TOKENS) : parseTokens((vars.GATEHOUSE_TOKENS ?? '').split(','));
  return { tokens, webhookSecret: env.HR_WEBHOOK_SECRET ?? (vars.HR_WEBHOOK_SECRET as string), file };
}
