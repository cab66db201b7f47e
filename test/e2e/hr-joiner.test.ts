// End to end over HTTP against the Temporal dev server (the installed CLI), real PostgreSQL and the
// emulators: a signed joiner becomes a person with three active accounts; the same eventId starts nothing;
// a bad signature is refused and starts nothing.
import request from 'supertest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createApp } from '../../api/app';
import { signBody } from '../../api/http/auth';
import { devServerEnvironment } from '../support/temporal';
import { captureLogger, recordSecrets, tokenSecrets } from '../support/log-capture';
import { useTestStack, type TestStack } from '../support/stack';

const SECRET = 'e2e-webhook-secret-0123456789';
const TOKENS = [{ name: 'auditor-e2e', role: 'auditor' as const, token: 'auditor-token-0123456789abcdef' }];

let env: TestWorkflowEnvironment;
let stack: TestStack;
let app: ReturnType<typeof createApp>;

useTestStack((s) => {
  ({ env, stack } = s);
  recordSecrets('api', { 'HR webhook secret': SECRET, ...tokenSecrets(TOKENS) });
  app = createApp({
    store: stack.store, temporal: env.client, taskQueue: stack.taskQueue, companyTimeZone: 'Europe/Amsterdam', systems: stack.connectors.systems(),
    tokens: TOKENS, webhookSecret: SECRET, logger: captureLogger('gatehouse-api'),
  });
}, devServerEnvironment);

const joiner = (employeeId: string, eventId: string) => ({
  eventId,
  type: 'joiner',
  employee: { employeeId, givenName: 'Grace', familyName: 'Hopper', department: 'Engineering', location: 'NL', jobTitle: 'Engineer', employmentType: 'employee' },
  immediate: true,
});

function post(body: unknown, signature?: string) {
  const raw = JSON.stringify(body);
  return request(app)
    .post('/v1/hr/events')
    .set('Content-Type', 'application/json')
    .set('Gatehouse-Signature', signature ?? signBody(raw, SECRET))
    .send(raw);
}

async function eventually<T>(fn: () => Promise<T>, ok: (t: T) => boolean, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
}

test('a signed joiner becomes an active person with accounts in all three systems', async () => {
  const res = await post(joiner('E2E1', 'evt-e2e-1'));
  expect(res.status).toBe(202);
  expect(res.body).toEqual({ caseId: 'case-E2E1:evt-e2e-1', workflowId: 'case-E2E1:evt-e2e-1', duplicate: false });

  const person = await eventually(
    () => request(app).get('/v1/people/E2E1').set('Authorization', `Bearer ${TOKENS[0]!.token}`),
    (r) => r.status === 200 && r.body.state === 'active',
  );
  expect(person.body.state).toBe('active');
  const accounts = person.body.accounts as Array<{ system: string; status: string }>;
  expect(accounts.map((a) => a.system).sort()).toEqual(['google', 'm365', 'scim:github']);
  expect(accounts.every((a) => a.status === 'active')).toBe(true);

  // The accounts exist in the emulated systems themselves.
  expect([...stack.tenant.graph!.state.users.values()].some((u) => (u as { employeeId?: string }).employeeId === 'E2E1')).toBe(true);
  expect(stack.tenant.google!.state.users.size).toBeGreaterThanOrEqual(2); // the seeded admin and the joiner

  // The case is findable in Temporal by EmployeeId.
  const found = await eventually(
    async () => {
      const ids: string[] = [];
      for await (const wf of env.client.workflow.list({ query: `EmployeeId = 'E2E1' AND CaseType = 'joiner'` })) ids.push(wf.workflowId);
      return ids;
    },
    (ids) => ids.length > 0,
  );
  expect(found).toEqual(['case-E2E1:evt-e2e-1']);
});

test('the same eventId again answers duplicate and starts nothing', async () => {
  const body = joiner('E2E2', 'evt-e2e-2');
  expect((await post(body)).status).toBe(202);
  const again = await post(body);
  expect(again.status).toBe(200);
  expect(again.body).toEqual({ caseId: 'case-E2E2:evt-e2e-2', workflowId: 'case-E2E2:evt-e2e-2', duplicate: true });
  const cases = await stack.store.listCases({ employeeId: 'E2E2' });
  expect(cases.items).toHaveLength(1);
  const person = await env.client.workflow.getHandle('person-E2E2').describe();
  expect(person.status.name).toBe('RUNNING');

  const conflicting = await post({ ...body, employee: { ...body.employee, department: 'Sales' } });
  expect(conflicting.status).toBe(409);
  expect(conflicting.headers['content-type']).toMatch(/application\/problem\+json/);
});

test('a bad signature is refused with 401 and starts nothing', async () => {
  const body = joiner('E2E3', 'evt-e2e-3');
  const res = await post(body, signBody(JSON.stringify(body), 'not-the-secret-0000000000'));
  expect(res.status).toBe(401);
  expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  expect(res.body.detail).toMatch(/signature/);
  expect(await stack.store.getHrEvent('evt-e2e-3')).toBeNull();
  await expect(env.client.workflow.getHandle('person-E2E3').describe()).rejects.toThrow();
});
