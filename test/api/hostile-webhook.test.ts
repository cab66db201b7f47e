// The hostile-webhook kinds of bench/hostile-webhook.ts, a few of each variant, against the real API (real
// Temporal, database and worker behind it): every one is refused with a 4xx problem+json and nothing starts.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostileKinds, sendHostile } from '../../bench/hostile-requests';
import { allCases, SECRET, startApi, type ApiHarness } from './harness';

let h: ApiHarness;
let server: http.Server;
let base: string;
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

beforeAll(async () => {
  h = await startApi();
  server = http.createServer(h.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  agent.destroy();
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await h?.stop();
});

const kinds = hostileKinds(SECRET, 'jest');
// 22 of each kind walks every variant of each (the longest rotation is 11).
test.each(Object.keys(kinds))('%s: every request is a 4xx problem, none accepted, none a 5xx', async (kind) => {
  const answers = [];
  for (let n = 0; n < 22; n += 1) answers.push(await sendHostile(base, kinds[kind]!(n), agent));
  const unwanted = answers.filter((a) => a.status === undefined || a.status < 400 || a.status >= 500);
  expect(unwanted).toEqual([]);
  for (const a of answers) expect(JSON.parse(a.body ?? '{}')).toMatchObject({ type: 'about:blank', status: a.status });
});

test('nothing was started', async () => {
  expect(await allCases(h.stack)).toEqual([]);
});
