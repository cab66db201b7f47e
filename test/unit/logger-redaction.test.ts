// The production logger (config/runtime.ts createLogger) redacts secret fields at any of the depths a
// config object, a request or a connector option puts them: top level, one level down, inside a list.
import { Writable } from 'node:stream';
import { createLogger } from '../../config/runtime';
import { parseEnv } from '../../config/schema';

const SECRET = 'sekrit-0123456789abcdef';

function logged(obj: object): string {
  const lines: string[] = [];
  const sink = new Writable({ write(chunk: Buffer, _e, cb) { lines.push(chunk.toString()); cb(); } });
  createLogger(parseEnv({ LOG_LEVEL: 'info' }), 'redaction-test', sink).info(obj, 'logged');
  return lines.join('');
}

test.each([
  ['a top-level token', { token: SECRET }],
  ['a top-level password', { password: SECRET }],
  ['a client secret one level down', { m365: { clientSecret: SECRET } }],
  ['a private key one level down', { credentials: { private_key: SECRET } }],
  ['SCIM app tokens in a list', { scimApps: [{ name: 'github', token: SECRET }] }],
  ['an API key', { temporal: { apiKey: SECRET } }],
  ['env variables logged whole', { env: { HR_WEBHOOK_SECRET: SECRET, GATEHOUSE_TOKENS: `a:hr:${SECRET}`, TEMPORAL_API_KEY: SECRET } }],
  ['a request authorization header', { req: { headers: { authorization: `Bearer ${SECRET}` } } }],
  ['an authorization header at the top', { headers: { authorization: `Bearer ${SECRET}` } }],
])('%s is redacted', (_what, obj) => {
  const out = logged(obj);
  expect(out).toContain('[redacted]');
  expect(out).not.toContain(SECRET);
});

test('fields that are not secrets stay', () => {
  expect(JSON.parse(logged({ caseId: 'case-E1:e1', systems: ['m365'] }))).toMatchObject({ caseId: 'case-E1:e1', systems: ['m365'] });
});
