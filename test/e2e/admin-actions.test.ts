// Admin actions end to end over HTTP on the Temporal dev server: approve a contractor joiner, reschedule a
// leaver's last day, cancel a leaver in notice; each answers with the new case state, and a repeat is one effect.
import request from 'supertest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createApp } from '../../api/app';
import { devServerEnvironment } from '../support/temporal';
import { captureLogger, recordSecrets, tokenSecrets } from '../support/log-capture';
import { useTestStack, type TestStack } from '../support/stack';

const TOKENS = [
  { name: 'hr-e2e', role: 'hr' as const, token: 'hr-token-0123456789abcdef' },
  { name: 'admin-alice', role: 'admin' as const, token: 'admin-alice-0123456789abcdef' },
];
const bearer = (i: number) => ({ Authorization: `Bearer ${TOKENS[i]!.token}` });

let env: TestWorkflowEnvironment;
let stack: TestStack;
let app: ReturnType<typeof createApp>;

useTestStack((s) => {
  ({ env, stack } = s);
  recordSecrets('api', tokenSecrets(TOKENS));
  app = createApp({
    store: stack.store, temporal: env.client, taskQueue: stack.taskQueue, companyTimeZone: 'UTC', systems: stack.connectors.systems(),
    tokens: TOKENS, logger: captureLogger('gatehouse-api'),
  });
}, devServerEnvironment);

const employee = (employeeId: string, employmentType: 'employee' | 'contractor' = 'employee') => ({
  employeeId, givenName: 'Katherine', familyName: 'Johnson', department: 'Engineering', location: 'NL', jobTitle: 'Engineer', employmentType,
});

async function hr(body: Record<string, unknown>) {
  const res = await request(app).post('/v1/hr/events').set(bearer(0)).send(body);
  expect(res.status).toBe(202);
  return res.body.caseId as string;
}

async function caseUntil(caseId: string, ok: (c: Record<string, unknown>) => boolean) {
  for (let i = 0; i < 300; i++) {
    const res = await request(app).get(`/v1/cases/${caseId}`).set(bearer(1));
    if (res.status === 200 && ok(res.body)) return res.body as Record<string, unknown>;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`case ${caseId} never reached the expected state`);
}

test('approve a contractor joiner: the approval is recorded once and the joiner provisions', async () => {
  const caseId = await hr({ eventId: 'ej1', type: 'joiner', employee: employee('AA1', 'contractor'), immediate: true });
  await caseUntil(caseId, (c) => c.status === 'awaiting_approval');
  const first = await request(app).post(`/v1/cases/${caseId}/approve`).set(bearer(1)).send({ comment: 'contract signed' });
  expect(first.status).toBe(200);
  expect(first.body.decisions).toEqual([expect.objectContaining({ by: 'admin-alice', decision: 'approved' })]);
  const again = await request(app).post(`/v1/cases/${caseId}/approve`).set(bearer(1)).send({ comment: 'contract signed' });
  expect(again.status).toBe(200);
  expect(again.body.decisions).toHaveLength(1);
  const done = await caseUntil(caseId, (c) => c.status === 'completed');
  expect(done.outcome).toBe('active');
  expect((await stack.store.getPerson('AA1'))?.state).toBe('active');
});

test('reschedule a leaver earlier, then it fires at the new time; cancel another in notice', async () => {
  await hr({ eventId: 'ej2', type: 'joiner', employee: employee('AA2'), immediate: true });
  await hr({ eventId: 'ej3', type: 'joiner', employee: employee('AA3'), immediate: true });
  for (const id of ['AA2', 'AA3']) {
    for (let i = 0; i < 300 && (await stack.store.getPerson(id))?.state !== 'active'; i++) await new Promise((r) => setTimeout(r, 100));
  }

  const leaver = await hr({ eventId: 'el2', type: 'leaver', employee: employee('AA2'), effectiveDate: '2099-12-31' });
  await caseUntil(leaver, (c) => c.status === 'scheduled' && (c.scheduled as unknown[]).length > 0); // started, not just queued
  const soon = new Date(Date.now() + 3_000).toISOString();
  const moved = await request(app).post(`/v1/cases/${leaver}/reschedule`).set(bearer(1)).send({ effectiveAt: soon });
  expect(moved.status).toBe(200);
  expect(moved.body.effectiveAt).toBe(soon);
  const done = await caseUntil(leaver, (c) => c.status === 'completed');
  expect(done.status).toBe('completed');
  expect((await stack.store.getPerson('AA2'))?.state).toBe('deactivated');
  const late = await request(app).post(`/v1/cases/${leaver}/cancel`).set(bearer(1)).send({ reason: 'too late' });
  expect(late.status).toBe(409);

  const other = await hr({ eventId: 'el3', type: 'leaver', employee: employee('AA3'), effectiveDate: '2099-12-31' });
  await caseUntil(other, (c) => c.status === 'scheduled' && (c.scheduled as unknown[]).length > 0);
  const cancelled = await request(app).post(`/v1/cases/${other}/cancel`).set(bearer(1)).send({ reason: 'stays after all' });
  expect(cancelled.status).toBe(200);
  expect(cancelled.body.status).toBe('cancelled');
  const person = await stack.store.getPersonRecord('AA3');
  expect(person?.state).toBe('active');
  expect(person?.accounts.every((a) => a.status === 'active')).toBe(true);
  expect((await request(app).post(`/v1/cases/nope/approve`).set(bearer(1)).send({})).status).toBe(404);
});

test('HR withdraws a resignation with a cancel event; cancelling an event whose case has ended is a 409', async () => {
  const joiner = await hr({ eventId: 'ej4', type: 'joiner', employee: employee('AA4'), immediate: true });
  await caseUntil(joiner, (c) => c.status === 'completed');
  const leaver = await hr({ eventId: 'el4', type: 'leaver', employee: employee('AA4'), effectiveDate: '2099-12-31' });
  await caseUntil(leaver, (c) => c.status === 'scheduled' && (c.scheduled as unknown[]).length > 0);
  expect((await stack.store.getPerson('AA4'))?.state).toBe('notice');

  const withdrawn = await request(app).post('/v1/hr/events').set(bearer(0))
    .send({ eventId: 'ec4', type: 'cancel', employee: employee('AA4'), cancelsEventId: 'el4', reason: 'stays' });
  expect(withdrawn.status).toBe(202);
  expect(withdrawn.body.caseId).toBe(leaver);
  const done = await caseUntil(leaver, (c) => c.status === 'cancelled');
  expect(done.outcome).toBe('withdrawn');
  expect((await stack.store.getPerson('AA4'))?.state).toBe('active');

  const tooLate = await request(app).post('/v1/hr/events').set(bearer(0))
    .send({ eventId: 'ec5', type: 'cancel', employee: employee('AA4'), cancelsEventId: 'ej4' });
  expect(tooLate.status).toBe(409);
  expect(tooLate.body.detail).toMatch(/already ended/);
  expect(await stack.store.getHrEvent('ec5')).toBeNull();
});
