// Privacy of the workflow history (issue 12): payloads reach the Temporal server encrypted, the API serves
// the codec to admins and auditors (Web UI, CLI), and auditors read a case's history as a decoded timeline
// or export it raw for replay. Real Temporal (time-skipping), database and worker behind the API.
import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { promisify } from 'node:util';
import request from 'supertest';
import { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { generatePayloadKeyEntry, parsePayloadKeys } from '../../config/payload-keyring';
import { payloadToJson as payloadToJSON } from '../../api/routes/codec';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING } from '../../workers/payload-codec';
import { TEST_DATA_CONVERTER } from '../support/payload-keys';
import { TEMPORAL_CLI, workflowBundle } from '../support/temporal';
import { employee } from '../support/workflow-helpers';
import { TOKEN, as, bearer, eventually, startApi, type ApiHarness } from './harness';

const UI = 'http://localhost:8233';
const PERSONAL = ['Rosalind', 'Quartermaine', 'rq.private@example.net'];
let h: ApiHarness;
let caseId: string;
let workflowId: string;

beforeAll(async () => {
  h = await startApi({ codecCorsOrigins: [UI] });
  // A contractor joiner waits for an admin's approval: the history then has an update and who sent it.
  const hr = await as(h.app, 'hr').post('/v1/hr/events', {
    eventId: 'hist-1', type: 'joiner', immediate: true,
    employee: employee('HIST-1', { givenName: 'Rosalind', familyName: 'Quartermaine', personalEmail: 'rq.private@example.net', employmentType: 'contractor' }),
  });
  expect(hr.status).toBe(202);
  caseId = hr.body.caseId as string;
  const path = `/v1/cases/${encodeURIComponent(caseId)}`;
  await eventually(() => as(h.app, 'admin').get(path), (r) => r.body.status === 'awaiting_approval');
  expect((await as(h.app, 'admin2').post(`${path}/approve`, { comment: 'contract seen' })).status).toBe(200);
  const done = await eventually(() => as(h.app, 'admin').get(path), (r) => r.body.status === 'completed', 60_000);
  expect(done.body.status).toBe('completed');
  workflowId = done.body.workflowId as string;
  await h.env.client.workflow.getHandle(workflowId).result(); // the record says completed a step before the workflow ends
});
afterAll(async () => {
  await h?.stop();
});

const historyPath = (q = '') => `/v1/cases/${encodeURIComponent(caseId)}/history${q}`;

describe('payloads in the Temporal server', () => {
  test('are ciphertext: a client without the codec reads no name or address anywhere in the case or person history', async () => {
    const raw = new Client({ connection: h.env.connection, namespace: h.env.namespace ?? 'default' });
    for (const id of [workflowId, 'person-HIST-1']) {
      const history = await raw.workflow.getHandle(id).fetchHistory();
      // The whole history as the server sends it: payloads, search attributes, ids, summaries, failures.
      const bytes = Buffer.from(temporal.api.history.v1.History.encode(history).finish()).toString('latin1');
      for (const word of PERSONAL) expect(bytes).not.toContain(word);
      const input = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads!;
      expect(input.length).toBeGreaterThan(0);
      for (const p of input) expect(Buffer.from(p.metadata!.encoding!).toString()).toBe(ENCRYPTED_ENCODING);
    }
  });
});

describe('GET /v1/cases/{caseId}/history', () => {
  test('auditors and admins read a decoded timeline: the start, each activity with attempts and outcome, the approval and who sent it', async () => {
    const res = await as(h.app, 'auditor').get(historyPath());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ caseId, workflowId, nextCursor: null });
    const entries = res.body.entries as Array<Record<string, unknown>>;
    const kinds = entries.map((e) => e.kind);
    expect(kinds[0]).toBe('workflow_started');
    expect(kinds.at(-1)).toBe('workflow_completed');
    expect(JSON.stringify(entries[0]!.input)).toContain('Rosalind'); // decoded for the auditor
    const activities = entries.filter((e) => e.kind === 'activity');
    expect(activities.length).toBeGreaterThan(3);
    for (const a of activities) expect(a).toMatchObject({ activityType: expect.any(String), outcome: 'completed', attempts: expect.any(Number) });
    expect(activities.every((a) => (a.attempts as number) >= 1)).toBe(true);
    expect(entries).toContainEqual(expect.objectContaining({ kind: 'update_accepted', updateName: 'approve', by: 'admin-carol' }));
    expect(entries).toContainEqual(expect.objectContaining({ kind: 'update_completed', outcome: 'completed' }));
    const ids = entries.map((e) => e.eventId as number);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect((await as(h.app, 'admin').get(historyPath())).status).toBe(200);
  });

  test('pages: limit and the nextCursor it answers walk the same entries as one read', async () => {
    const whole = (await as(h.app, 'auditor').get(historyPath())).body.entries as Array<{ eventId: number }>;
    const paged: Array<{ eventId: number }> = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await as(h.app, 'auditor').get(historyPath(`?limit=4${cursor ? `&cursor=${cursor}` : ''}`));
      expect(res.status).toBe(200);
      expect(res.body.entries.length).toBeLessThanOrEqual(4);
      paged.push(...(res.body.entries as Array<{ eventId: number }>));
      cursor = res.body.nextCursor as string | null;
      pages += 1;
    } while (cursor && pages < 100);
    expect(pages).toBeGreaterThan(1);
    expect(paged).toEqual(whole);
  });

  test('format=temporal-json is the raw history, still encrypted, and it replays with the payload keys', async () => {
    const res = await as(h.app, 'auditor').get(historyPath('?format=temporal-json'));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    for (const word of PERSONAL) expect(res.text).not.toContain(word);
    const history = temporal.api.history.v1.History.fromObject(res.body);
    expect(history.events!.length).toBeGreaterThan(10);
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle(), dataConverter: TEST_DATA_CONVERTER }, history, workflowId);
  });

  test('hr may not read it; no token, a bad query, an unknown case are problems', async () => {
    expect((await as(h.app, 'hr').get(historyPath())).status).toBe(403);
    expect((await request(h.app).get(historyPath())).status).toBe(401);
    const bad = await as(h.app, 'auditor').get(historyPath('?format=xml'));
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'format' })]);
    expect((await as(h.app, 'auditor').get('/v1/cases/case-NOPE-1:x/history')).status).toBe(404);
  });
});

describe('the codec server', () => {
  const encrypted = async () => {
    const raw = new Client({ connection: h.env.connection, namespace: h.env.namespace ?? 'default' });
    const history = await raw.workflow.getHandle(workflowId).fetchHistory();
    return history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads!.map((p) => payloadToJSON(p));
  };

  test('decodes what the server holds for admins and auditors only', async () => {
    const payloads = await encrypted();
    for (const role of ['auditor', 'admin'] as const) {
      const res = await as(h.app, role).post('/codec/decode', { payloads });
      expect(res.status).toBe(200);
      expect(res.body.payloads).toHaveLength(payloads.length);
      expect(Buffer.from(res.body.payloads[0].metadata.encoding, 'base64').toString()).toBe('json/plain');
      expect(Buffer.from(res.body.payloads[0].data, 'base64').toString()).toContain('Rosalind');
    }
    expect((await as(h.app, 'hr').post('/codec/decode', { payloads })).status).toBe(403);
    expect((await request(h.app).post('/codec/decode').send({ payloads })).status).toBe(401);
    expect((await as(h.app, 'auditor').post('/codec/decode', { payloads: [{ data: 'not base64!' }] })).status).toBe(400);
  });

  test('encode then decode is the identity; a payload it cannot decode comes back unchanged, the rest of the batch decoded', async () => {
    const clear = payloadToJSON(defaultPayloadConverter.toPayload({ hello: 'world' }));
    const enc = await as(h.app, 'admin').post('/codec/encode', { payloads: [clear] });
    expect(enc.status).toBe(200);
    expect(Buffer.from(enc.body.payloads[0].metadata.encoding, 'base64').toString()).toBe(ENCRYPTED_ENCODING);
    const [foreign] = await new AesGcmPayloadCodec(parsePayloadKeys(generatePayloadKeyEntry('elsewhere'))).encode([defaultPayloadConverter.toPayload('x')]);
    const foreignJson = payloadToJSON(foreign!);
    const dec = await as(h.app, 'auditor').post('/codec/decode', { payloads: [enc.body.payloads[0], foreignJson, clear] });
    expect(dec.status).toBe(200);
    expect(dec.body.payloads).toEqual([clear, foreignJson, clear]);
  });

  test("CORS: the Web UI's origin may call it (a preflight needs no token); another origin gets no CORS headers", async () => {
    const pre = await request(h.app).options('/codec/decode').set('Origin', UI).set('Access-Control-Request-Method', 'POST').set('Access-Control-Request-Headers', 'content-type,x-namespace,authorization');
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe(UI);
    expect(pre.headers['access-control-allow-headers']).toBe('X-Namespace, Content-Type, Authorization');
    expect(pre.headers['access-control-allow-methods']).toContain('POST');
    const post = await as(h.app, 'auditor').post('/codec/decode', { payloads: [] }).set('Origin', UI).set('X-Namespace', 'default');
    expect(post.status).toBe(200);
    expect(post.headers['access-control-allow-origin']).toBe(UI);
    const other = await request(h.app).options('/codec/decode').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'POST');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const denied = await request(h.app).post('/codec/decode').set('Origin', UI).send({ payloads: [] });
    expect(denied.status).toBe(401);
  });

  test('the Temporal CLI shows the case decoded through it (--codec-endpoint, --codec-auth)', async () => {
    const server: Server = await new Promise((resolve) => {
      const s = h.app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/codec`;
      const show = (auth: string[]) => promisify(execFile)(TEMPORAL_CLI, [
        'workflow', 'show', '--address', h.env.address, '--namespace', h.env.namespace ?? 'default', '-w', workflowId, '-o', 'json', '--codec-endpoint', endpoint, ...auth,
      ], { maxBuffer: 32 * 1024 * 1024 });
      // The first payload of the start event, as the CLI printed it (-o json: payloads in their JSON form).
      const startInput = (stdout: string) => {
        const p = (JSON.parse(stdout) as { events: Array<{ workflowExecutionStartedEventAttributes: { input: { payloads: Array<{ metadata: { encoding: string }; data: string }> } } }> })
          .events[0]!.workflowExecutionStartedEventAttributes.input.payloads[0]!;
        return { encoding: Buffer.from(p.metadata.encoding, 'base64').toString(), data: Buffer.from(p.data, 'base64').toString('latin1') };
      };
      const decoded = startInput((await show(['--codec-auth', bearer(TOKEN.auditor)])).stdout);
      expect(decoded.encoding).toBe('json/plain');
      expect(decoded.data).toContain('Rosalind');
      // Without the token the codec refuses (401) and the CLI retries until its timeout: it never shows them in clear.
      const refused = await show(['--command-timeout', '3s']).then((r) => r.stdout, (err: { stdout?: string }) => err.stdout ?? '');
      expect(refused).not.toContain(Buffer.from('json/plain').toString('base64'));
      expect(refused).not.toContain('Rosalind');
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
