// What the edge refuses before anything starts (issue 9): strings that cannot be stored or sent (control
// characters, unpaired surrogates, over-long values, ids that would break a case id or a URL) are a 400 naming
// the field; events a person's state does not allow are a 409 saying what to send instead.
import request from 'supertest';
import { caseWorkflowId } from '../../domain/ids';
import type { EmployeeAttributes, PersonState } from '../../domain/lifecycle';
import { allCases, as, bearer, startApi, TOKEN, type ApiHarness } from './harness';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApi();
  await seed('A1', 'active');
  await seed('P1', 'pending');
  await seed('S1', 'suspended');
  await seed('D1', 'deactivated', true);
  await seed('X1', 'archived', true);
});
afterAll(async () => {
  await h?.stop();
});

const employee = (employeeId: string, over: Partial<EmployeeAttributes> = {}): EmployeeAttributes => ({
  employeeId, givenName: 'Ada', familyName: 'Lovelace', department: 'Engineering', location: 'NL', jobTitle: 'Engineer',
  employmentType: 'employee', ...over,
});

/** A person on the record in a given state, as the cases would have left them. */
async function seed(employeeId: string, state: PersonState, locked = false): Promise<void> {
  await h.stack.store.upsertPerson(employee(employeeId), { caseId: null, state });
  if (locked) await h.stack.store.setPersonState(employeeId, state, { caseId: null, locked: true });
}

let n = 0;
const event = (type: string, employeeId: string, over: Record<string, unknown> = {}, emp: Partial<EmployeeAttributes> = {}) => ({
  eventId: `evt-edge-${(n += 1)}`, type, employee: employee(employeeId, emp), ...(type === 'joiner' ? { immediate: true } : {}), ...over,
});
/** Sent as raw JSON, so that a lone surrogate arrives as the `\ud800` escape an HR system would send. */
const send = (body: unknown, token: string = TOKEN.hr) =>
  request(h.app).post('/v1/hr/events').set('Authorization', bearer(token)).set('Content-Type', 'application/json').send(JSON.stringify(body));

async function expectNothingStarted(body: { eventId: string; employee: { employeeId: string } }): Promise<void> {
  expect(await h.stack.store.getHrEvent(body.eventId)).toBeNull();
  if (!body.employee.employeeId.includes(':')) expect(await h.stack.store.getCase(caseWorkflowId(body.employee.employeeId, body.eventId))).toBeNull();
}

function expect400(res: request.Response, field: string, message?: RegExp): void {
  expect(res.status).toBe(400);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, ...(message ? { message: expect.stringMatching(message) } : {}) })]));
}

describe('strings that cannot be stored or sent are a 400 naming the field', () => {
  test('a mover whose jobTitle holds a NUL starts nothing', async () => {
    const body = event('mover', 'A1', {}, { jobTitle: 'Engineer\u0000' });
    expect400(await send(body), 'employee.jobTitle', /control characters \(found U\+0000\)/);
    await expectNothingStarted(body);
  });

  test('a lone surrogate in givenName', async () => {
    const body = event('joiner', 'N1', {}, { givenName: 'Ad\uD800a' });
    expect(JSON.stringify(body)).toContain('\\ud800');
    expect400(await send(body), 'employee.givenName', /unpaired surrogate/);
    await expectNothingStarted(body);
  });

  test('a 10,000-character department', async () => {
    const body = event('mover', 'A1', {}, { department: 'x'.repeat(10_000) });
    expect400(await send(body), 'employee.department', /100/);
    await expectNothingStarted(body);
  });

  test.each(['E1:x', 'E1/x', 'E 1', '../E1'])('employeeId %j', async (employeeId) => {
    const body = event('joiner', employeeId);
    expect400(await send(body), 'employee.employeeId', /no ':' or '\/'/);
    await expectNothingStarted(body);
  });

  test('managerId and cancelsEventId follow the id rules; reason and the other names refuse control characters', async () => {
    expect400(await send(event('joiner', 'N2', {}, { managerId: 'M1:x' })), 'employee.managerId');
    expect400(await send(event('cancel', 'A1', { cancelsEventId: 'evt/1' })), 'cancelsEventId');
    expect400(await send(event('leaver', 'A1', { immediate: true, reason: 'gone\u001b[31m' })), 'reason', /U\+001B/);
    expect400(await send(event('mover', 'A1', {}, { location: 'NL\u0085' })), 'employee.location', /U\+0085/);
    expect400(await send(event('mover', 'A1', {}, { familyName: 'Lovelace\u007f' })), 'employee.familyName', /U\+007F/);
  });

  test('names in any script, emoji and a multi-line reason pass', async () => {
    const body = event('mover', 'A1', { reason: 'Promotion.\nAgreed with the manager.' }, { givenName: 'Zoë', familyName: 'Ångström-Núñez', jobTitle: '🧑‍💻 Engineer' });
    expect((await send(body)).status).toBe(202);
  });

  test('admin bodies: a reason or comment with a control character', async () => {
    const admin = as(h.app, 'admin');
    const caseId = encodeURIComponent(caseWorkflowId('A1', 'evt-none'));
    expect400(await admin.post(`/v1/cases/${caseId}/cancel`, { reason: 'duplicate\u0000' }), 'reason');
    expect400(await admin.post(`/v1/cases/${caseId}/approve`, { comment: 'ok\u0007' }), 'comment');
    expect400(await admin.post('/v1/people/A1/entitlements', { entitlementId: 'pay-create', reason: 'close\u0000' }), 'reason');
    expect400(await admin.post('/v1/people/A1/entitlements', { entitlementId: 'pay/create', reason: 'close' }), 'entitlementId');
    expect400(await admin.delete('/v1/people/A1/entitlements/pay-create', { reason: 'r\uDC00' }), 'reason');
    expect400(await admin.post('/v1/bulk', { operation: 'leaver', employeeIds: ['A1'], reason: 'layoff\u0085', immediate: true }), 'reason');
    expect400(await admin.post('/v1/bulk', { operation: 'leaver', employeeIds: ['A1:x'], reason: 'layoff', immediate: true }), 'employeeIds.0');
    expect400(await admin.post('/v1/people/A1/assets', { kind: 'seat', name: 'Figma\u0000' }), 'name');
    expect400(await admin.post('/v1/assets/SN-1/return', { comment: 'x'.repeat(1001) }), 'comment');
  });

  test('path and query parameters: ids by their rules, other values one line', async () => {
    const auditor = as(h.app, 'auditor');
    expect400(await auditor.get('/v1/people/A1%3Ax'), 'employeeId');
    expect400(await auditor.get('/v1/people/A1%2Fx/audit'), 'employeeId');
    expect400(await auditor.get('/v1/cases/case-A1%00'), 'caseId');
    expect400(await auditor.get('/v1/cases?employeeId=A1%00'), 'employeeId');
    expect400(await auditor.get('/v1/people?department=Sales%00'), 'department');
    expect400(await auditor.get('/v1/people/A1/audit?caseId=case%0A'), 'caseId');
    expect400(await as(h.app, 'admin').post('/v1/assets/SN%001/return', {}), 'assetId');
    expect((await auditor.get('/v1/people/A1')).status).toBe(200);
  });
});

describe('lifecycle rules: a 409 carrying the state and saying what to send instead', () => {
  async function expect409(body: ReturnType<typeof event>, state: string, detail: RegExp, token?: string): Promise<void> {
    const res = await send(body, token);
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ state, detail: expect.stringMatching(detail) });
    await expectNothingStarted(body);
  }
  const REHIRE = /send a joiner with override: true from an admin token/;

  test.each(['mover', 'suspend', 'reactivate'])('a %s for a deactivated, locked person', async (type) => {
    await expect409(event(type, 'D1'), 'deactivated', REHIRE);
  });

  test('a reactivate with the override is refused too, pointing to the rehire joiner', async () => {
    await expect409(event('reactivate', 'D1', { override: true }), 'deactivated', REHIRE, TOKEN.admin);
  });

  test('a leaver for a person who has left', async () => {
    await expect409(event('leaver', 'D1', { immediate: true }), 'deactivated', /has already left/);
  });

  test('a joiner for a deactivated person needs the override, and only an admin may give it', async () => {
    await expect409(event('joiner', 'D1'), 'deactivated', REHIRE);
    expect((await send(event('joiner', 'D1', { override: true }))).status).toBe(403);
  });

  test.each([['A1', 'active'], ['P1', 'pending'], ['S1', 'suspended']])('a joiner for %s (%s) points to a mover', async (id, state) => {
    await expect409(event('joiner', id), state, /send a mover/);
  });

  test('a suspend for a suspended person, a reactivate for an active or pending one', async () => {
    await expect409(event('suspend', 'S1', { immediate: true }), 'suspended', /already suspended/);
    await expect409(event('reactivate', 'A1', { immediate: true }), 'active', /not suspended/);
    await expect409(event('reactivate', 'P1', { immediate: true }), 'pending', /not suspended/);
    await expect409(event('suspend', 'P1', { immediate: true }), 'pending', /has not started yet/);
  });

  test('an archived person takes nothing, and the refusal names the state', async () => {
    for (const type of ['joiner', 'mover', 'leaver', 'suspend']) await expect409(event(type, 'X1'), 'archived', /is archived/);
  });

  test('an unknown person for a mover, leaver, suspend or reactivate is still 422', async () => {
    for (const type of ['mover', 'leaver', 'suspend', 'reactivate']) {
      const body = event(type, 'NOBODY', { immediate: true });
      const res = await send(body);
      expect(res.status).toBe(422);
      expect(res.body.detail).toMatch(/send a joiner first/);
      await expectNothingStarted(body);
    }
  });

  test('a dated suspend and its reactivate are both accepted, though the person is not suspended yet', async () => {
    await seed('A2', 'active');
    const now = await h.env.currentTimeMs();
    const at = (days: number) => new Date(now + days * 86_400_000).toISOString();
    expect((await send(event('suspend', 'A2', { effectiveAt: at(30) }))).status).toBe(202);
    expect((await h.stack.store.getPerson('A2'))?.state).toBe('active');
    await expect409(event('suspend', 'A2', { effectiveAt: at(31) }), 'active', /already suspended \(a suspend is scheduled\)/);
    expect((await send(event('reactivate', 'A2', { effectiveAt: at(40) }))).status).toBe(202);
  });

  test('a retried event whose case is on the record but not on the ledger goes through', async () => {
    // The first attempt started the case and recorded it, then failed to write the ledger.
    const body = event('suspend', 'S1', { immediate: true });
    await h.stack.store.recordCase({ caseId: caseWorkflowId('S1', body.eventId), workflowId: caseWorkflowId('S1', body.eventId), employeeId: 'S1', type: 'suspend', status: 'scheduled', eventId: body.eventId });
    expect((await send(body)).status).toBe(202);
  });

  test('bulk items are skipped by the same rules', async () => {
    const admin = as(h.app, 'admin');
    const res = await admin.post('/v1/bulk', { operation: 'reactivate', employeeIds: ['D1', 'A1', 'NOBODY'], reason: 'back from leave', immediate: true });
    expect(res.status).toBe(202);
    const deadline = Date.now() + 30_000;
    let progress = await admin.get(`/v1/bulk/${res.body.bulkId}`);
    while (progress.body.counts.pending > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      progress = await admin.get(`/v1/bulk/${res.body.bulkId}`);
    }
    const byId = Object.fromEntries((progress.body.items as { employeeId: string }[]).map((i) => [i.employeeId, i]));
    expect(byId.D1).toMatchObject({ status: 'skipped', error: expect.stringMatching(REHIRE) });
    expect(byId.A1).toMatchObject({ status: 'skipped', error: expect.stringMatching(/not suspended/) });
    expect(byId.NOBODY).toMatchObject({ status: 'skipped', error: 'unknown employee' });
  });

  test('the refusals started no case', async () => {
    const started = (await allCases(h.stack)).map((c) => c.employeeId).sort();
    expect(started).toEqual(['A1', 'A2', 'A2', 'S1']);
  });
});
