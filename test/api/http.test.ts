// The HTTP edge against a real Temporal and database: the whole route × role matrix, problem+json for
// every error (malformed, unknown fields, bad dates, oversize, wrong type, unknown route), webhook
// signatures, a property test that random HR bodies never 5xx and never start anything, the OpenAPI
// document against the router, and the metrics.
import request from 'supertest';
import fc from 'fast-check';
import { signBody } from '../../api/http/auth';
import { ROUTES } from '../../api/openapi';
import { allCases, as, bearer, SECRET, startApi, TOKEN, type ApiHarness } from './harness';
import { expressRoutes } from './routes';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApi();
});
afterAll(async () => {
  await h?.stop();
});

const ROLES = ['hr', 'admin', 'auditor'] as const;
const fill = (path: string) => path.replace(/\{(\w+)\}/g, 'X1');
const call = (method: string, path: string, auth?: string) => {
  const r = request(h.app)[method as 'get'](fill(path));
  if (auth) r.set('Authorization', auth);
  return method === 'get' || method === 'delete' ? r : r.send({});
};
const expectProblem = (res: request.Response, status: number) => {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, title: expect.any(String) });
};

describe('route × role matrix', () => {
  const guarded = ROUTES.filter((r) => r.roles);
  test('the matrix covers every route the app serves', () => {
    expect(ROUTES.map((r) => `${r.method.toUpperCase()} ${r.path}`).sort()).toEqual(expressRoutes(h.app));
  });

  test.each(guarded.map((r) => [r.method.toUpperCase(), r.path, r.roles!] as const))('%s %s', async (method, path, roles) => {
    const m = method.toLowerCase();
    expectProblem(await call(m, path), 401);
    expectProblem(await call(m, path, bearer('not-a-token-0123456789')), 401);
    expectProblem(await call(m, path, 'Basic YWRtaW46YWRtaW4='), 401);
    for (const role of ROLES) {
      const res = await call(m, path, bearer(TOKEN[role]));
      if (roles.includes(role)) expect([401, 403]).not.toContain(res.status);
      else expectProblem(res, 403);
      expect(res.status).toBeLessThan(500);
    }
  });

  test('open endpoints need no token', async () => {
    for (const path of ['/healthz', '/readyz', '/metrics', '/openapi.json']) expect((await request(h.app).get(path)).status).toBe(200);
  });

  test('nothing the matrix sent started a case', async () => {
    expect(await allCases(h.stack)).toEqual([]);
  });
});

describe('problem+json at the edge', () => {
  const hr = () => request(h.app).post('/v1/hr/events').set('Authorization', bearer(TOKEN.hr));
  const joiner = (over: Record<string, unknown> = {}) => ({
    eventId: 'evt-edge-1', type: 'joiner', immediate: true,
    employee: { employeeId: 'E1', givenName: 'Ada', familyName: 'Lovelace', department: 'Engineering', location: 'NL', jobTitle: 'Engineer', employmentType: 'employee' },
    ...over,
  });

  test('malformed JSON is 400', async () => {
    expectProblem(await hr().set('Content-Type', 'application/json').send('{"eventId": '), 400);
  });
  test('unknown fields are named', async () => {
    const res = await hr().send(joiner({ salary: 100 }));
    expectProblem(res, 400);
    expect(JSON.stringify(res.body.errors)).toMatch(/salary/);
  });
  test('a bad date is named', async () => {
    const res = await hr().send(joiner({ immediate: undefined, effectiveDate: '2025-02-30' }));
    expectProblem(res, 400);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'effectiveDate' })]));
  });
  test('bad query parameters are 400 naming the parameter', async () => {
    for (const path of ['/v1/cases?limit=0', '/v1/cases?status=nope', '/v1/people?limit=abc', '/v1/access', '/v1/access?at=yesterday',
      '/v1/audit/export?format=xml', '/v1/audit/export?from=2025-13-01', '/v1/people?cursor=%%%', '/v1/cases?bogus=1',
      '/v1/audit/export?from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z']) {
      const res = await as(h.app, 'auditor').get(path);
      expectProblem(res, 400);
    }
  });
  test('an oversize body is 413', async () => {
    expectProblem(await hr().send(joiner({ reason: 'x'.repeat(70 * 1024) })), 413);
  });
  test('a non-JSON body is 415', async () => {
    expectProblem(await hr().set('Content-Type', 'text/plain').send('eventId=1'), 415);
    expectProblem(await as(h.app, 'admin').put('/v1/policies').set('Content-Type', 'application/x-www-form-urlencoded').send('a=b'), 415);
  });
  test('an unknown route is 404', async () => {
    expectProblem(await request(h.app).get('/v1/nowhere'), 404);
    expectProblem(await as(h.app, 'admin').post('/v1/people'), 404);
  });
  test('every response carries a request id and no framework fingerprint', async () => {
    const res = await request(h.app).get('/healthz').set('X-Request-Id', 'req-123');
    expect(res.headers['x-request-id']).toBe('req-123');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});

describe('webhook signatures', () => {
  const body = JSON.stringify({
    eventId: 'evt-sig-1', type: 'mover',
    employee: { employeeId: 'NOBODY', givenName: 'A', familyName: 'B', department: 'Sales', location: 'NL', jobTitle: 'Rep', employmentType: 'employee' },
  });
  const post = (sig: string | undefined, raw = body) => {
    const r = request(h.app).post('/v1/hr/events').set('Content-Type', 'application/json');
    if (sig !== undefined) r.set('Gatehouse-Signature', sig);
    return r.send(raw);
  };
  const now = () => Math.floor(Date.now() / 1000);

  test('missing, malformed, wrong-secret, stale and future signatures are 401', async () => {
    expectProblem(await post(undefined), 401);
    expectProblem(await post('garbage'), 401);
    expectProblem(await post(`t=${now()},v1=zz`), 401);
    expectProblem(await post(signBody(body, 'another-secret')), 401);
    expectProblem(await post(signBody(body, SECRET, now() - 301)), 401);
    expectProblem(await post(signBody(body, SECRET, now() + 301)), 401);
  });
  test('a signature replayed with a different body is 401', async () => {
    const sig = signBody(body, SECRET);
    expectProblem(await post(sig, body.replace('Sales', 'Finance')), 401);
    expectProblem(await post(sig, `${body} `), 401);
  });
  test('a good signature gets through authentication (and this mover of an unknown person is 422)', async () => {
    const res = await post(signBody(body, SECRET));
    expectProblem(res, 422);
  });
  test('nothing was started', async () => {
    expect(await allCases(h.stack)).toEqual([]);
  });
});

describe('property: random bodies to POST /v1/hr/events', () => {
  const employee = fc.record({
    employeeId: fc.oneof(fc.string(), fc.constantFrom('P1', '', 'x'.repeat(70))),
    givenName: fc.string(), familyName: fc.string(), department: fc.string(), location: fc.string(), jobTitle: fc.string(),
    employmentType: fc.oneof(fc.constantFrom('employee', 'contractor'), fc.string()),
  }, { requiredKeys: [] });
  const event = fc.record({
    eventId: fc.oneof(fc.string(), fc.constant('evt-prop')),
    type: fc.oneof(fc.constantFrom('joiner', 'mover', 'leaver', 'suspend', 'reactivate', 'cancel'), fc.string()),
    employee: fc.oneof(employee, fc.anything()),
    effectiveDate: fc.oneof(fc.string(), fc.constantFrom('2025-02-29', '2024-02-29', '2025-1-1')),
    effectiveAt: fc.oneof(fc.string(), fc.date({ noInvalidDate: true }).map((d) => d.toISOString())),
    immediate: fc.anything(),
    cancelsEventId: fc.string(),
    // Unknown fields, so that a valid-looking event is still refused.
    extra: fc.anything(),
  }, { requiredKeys: ['extra'] });
  const body = fc.oneof(event, fc.anything(), fc.json().map((j) => ({ raw: j })));

  test('never a 5xx, never a started case', async () => {
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const raw = typeof b === 'object' && b && 'raw' in b && typeof (b as { raw: unknown }).raw === 'string' ? (b as { raw: string }).raw : JSON.stringify(b) ?? 'null';
        const res = await request(h.app).post('/v1/hr/events').set('Authorization', bearer(TOKEN.hr)).set('Content-Type', 'application/json').send(raw);
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }),
      { numRuns: 200 },
    );
    expect(await allCases(h.stack)).toEqual([]);
    // The time-skipping server cannot list workflows: ask for the one person the generator favours.
    await expect(h.env.client.workflow.getHandle('person-P1').describe()).rejects.toThrow();
    expect(await h.stack.store.getHrEvent('evt-prop')).toBeNull();
  });
});

describe('operations', () => {
  test('/openapi.json documents every route the app serves, and nothing else', async () => {
    const res = await request(h.app).get('/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.body as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)).sort();
    expect(documented).toEqual(expressRoutes(h.app));
    // The HR event schema is the one the route validates with: strict, with the event types.
    const hr = doc.paths['/v1/hr/events']!.post as { requestBody: { content: Record<string, { schema: { properties: Record<string, { enum?: string[] }>; additionalProperties?: boolean } }> } };
    const schema = hr.requestBody.content['application/json']!.schema;
    expect(schema.properties.type!.enum).toEqual(['joiner', 'mover', 'leaver', 'suspend', 'reactivate', 'cancel']);
    expect(schema.additionalProperties).toBe(false);
  });

  test('/metrics counts requests by route template and status, and refused HR events by reason', async () => {
    await as(h.app, 'auditor').get('/v1/people/SOMEONE');
    const text = (await request(h.app).get('/metrics')).text;
    expect(text).toMatch(/gatehouse_http_requests_total\{method="GET",route="\/v1\/people\/:employeeId",status="404"\} \d+/);
    expect(text).toMatch(/gatehouse_http_request_duration_seconds_bucket\{le="[\d.]+",method="GET",route="\/v1\/people\/:employeeId",status="404"\}/);
    expect(text).toMatch(/gatehouse_hr_events_refused_total\{reason="unauthenticated"\} \d+/);
    expect(text).toMatch(/gatehouse_hr_events_refused_total\{reason="invalid"\} \d+/);
    expect(text).toMatch(/gatehouse_hr_events_refused_total\{reason="too_large"\} \d+/);
    expect(text).not.toMatch(/SOMEONE/);
  });

  test('/readyz answers', async () => {
    expect((await request(h.app).get('/readyz')).body).toMatchObject({ status: 'ready' });
  });
});
