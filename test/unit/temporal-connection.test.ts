// The Temporal connection settings built from configuration: TLS on when asked for (an API key implies it),
// cert and key together, files read once, and errors that name the variable and path but never the contents.
import { ConfigError, parseEnv } from '../../config/schema';
import { connectionOptions, describeTemporalTransport, temporalConnectionSettings } from '../../config/temporal-connection';

const PEM = (what: string) => Buffer.from(`-----BEGIN ${what}-----\nMIIBfake${what.replace(/\s/g, '')}\n-----END ${what}-----\n`);
const files: Record<string, Buffer> = {
  '/tls/client.crt': PEM('CERTIFICATE'),
  '/tls/client.key': PEM('PRIVATE KEY'),
  '/tls/ca.crt': PEM('CERTIFICATE'),
  '/tls/empty': Buffer.alloc(0),
  '/tls/not-pem': Buffer.from('{"private_key":"super-secret-key-material"}'),
};
function fakeRead() {
  const reads: string[] = [];
  const read = (p: string): Buffer => {
    reads.push(p);
    const f = files[p];
    if (!f) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${p}'`), { code: 'ENOENT' });
    return f;
  };
  return { read, reads };
}
const problemsOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
};

test('nothing configured: plaintext, no file read (the local dev server)', () => {
  const { read, reads } = fakeRead();
  const s = temporalConnectionSettings(parseEnv({ TEMPORAL_ADDRESS: 'temporal:7233' }), read);
  expect(s).toEqual({ address: 'temporal:7233' });
  expect(reads).toEqual([]);
  expect(connectionOptions(s)).toEqual({ address: 'temporal:7233' });
  expect(describeTemporalTransport(s)).toBe('plaintext');
});

test('mTLS: client certificate pair, CA and server name, each file read once, the same for client and worker', () => {
  const { read, reads } = fakeRead();
  const env = parseEnv({
    TEMPORAL_ADDRESS: 'temporal.internal:7233', TEMPORAL_TLS_CERT: '/tls/client.crt', TEMPORAL_TLS_KEY: '/tls/client.key',
    TEMPORAL_TLS_CA: '/tls/ca.crt', TEMPORAL_TLS_SERVER_NAME: 'temporal.example.com',
  });
  const s = temporalConnectionSettings(env, read);
  expect(reads.sort()).toEqual(['/tls/ca.crt', '/tls/client.crt', '/tls/client.key']);
  const tls = { serverNameOverride: 'temporal.example.com', serverRootCACertificate: files['/tls/ca.crt'], clientCertPair: { crt: files['/tls/client.crt'], key: files['/tls/client.key'] } };
  expect(connectionOptions(s)).toEqual({ address: 'temporal.internal:7233', tls });
  expect(describeTemporalTransport(s)).toBe('TLS, client certificate, own CA');
});

test('an API key implies TLS (Temporal Cloud), with the system trust store when no CA is given', () => {
  const { read, reads } = fakeRead();
  const s = temporalConnectionSettings(parseEnv({ TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233', TEMPORAL_API_KEY: 'cloud-api-key-0123456789' }), read);
  expect(reads).toEqual([]);
  expect(connectionOptions(s)).toEqual({ address: 'ns.acct.tmprl.cloud:7233', tls: {}, apiKey: 'cloud-api-key-0123456789' });
  expect(describeTemporalTransport(s)).toBe('TLS, API key');
  expect(describeTemporalTransport(s)).not.toContain('cloud-api-key');
});

test('a CA or a server name alone turns TLS on without a client certificate', () => {
  const { read } = fakeRead();
  expect(temporalConnectionSettings(parseEnv({ TEMPORAL_TLS_CA: '/tls/ca.crt' }), read).tls).toEqual({ serverRootCACertificate: files['/tls/ca.crt'] });
  expect(temporalConnectionSettings(parseEnv({ TEMPORAL_TLS_SERVER_NAME: 'temporal.example.com' }), read).tls).toEqual({ serverNameOverride: 'temporal.example.com' });
});

test('a certificate without its key, or a key without its certificate, is a configuration error naming the missing one', () => {
  expect(problemsOf(() => parseEnv({ TEMPORAL_TLS_CERT: '/tls/client.crt' }))).toEqual([expect.stringMatching(/^TEMPORAL_TLS_KEY: mTLS needs both TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY/)]);
  expect(problemsOf(() => parseEnv({ TEMPORAL_TLS_KEY: '/tls/client.key' }))).toEqual([expect.stringMatching(/^TEMPORAL_TLS_CERT: mTLS needs both/)]);
  // The builder refuses it too when handed an Env that did not go through parseEnv.
  const { read } = fakeRead();
  const env = { ...parseEnv({}), TEMPORAL_TLS_CERT: '/tls/client.crt' };
  expect(problemsOf(() => temporalConnectionSettings(env, read))).toEqual([expect.stringMatching(/TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together/)]);
});

test('unreadable, empty or non-PEM files: every problem listed with variable, path and reason, never the contents', () => {
  const { read } = fakeRead();
  const env = parseEnv({ TEMPORAL_TLS_CERT: '/tls/missing.crt', TEMPORAL_TLS_KEY: '/tls/not-pem', TEMPORAL_TLS_CA: '/tls/empty' });
  const problems = problemsOf(() => temporalConnectionSettings(env, read));
  expect(problems).toEqual([
    'TEMPORAL_TLS_CERT: cannot read the file "/tls/missing.crt" (ENOENT)',
    'TEMPORAL_TLS_KEY: the file "/tls/not-pem" is not PEM (no -----BEGIN line)',
    'TEMPORAL_TLS_CA: the file "/tls/empty" is empty',
  ]);
  expect(problems.join('\n')).not.toMatch(/super-secret|private_key/);
});

test('real files: a path that does not exist is ENOENT, a directory is EISDIR', () => {
  expect(problemsOf(() => temporalConnectionSettings(parseEnv({ TEMPORAL_TLS_CA: '/nonexistent/gatehouse/ca.pem' })))).toEqual(['TEMPORAL_TLS_CA: cannot read the file "/nonexistent/gatehouse/ca.pem" (ENOENT)']);
  expect(problemsOf(() => temporalConnectionSettings(parseEnv({ TEMPORAL_TLS_CA: __dirname })))).toEqual([`TEMPORAL_TLS_CA: cannot read the file ${JSON.stringify(__dirname)} (EISDIR)`]);
});
