// The mass-leaver safeguard (issue 15) at POST /v1/hr/events: a mass-termination export from one source is
// held beyond 10% of the active people, listed for admins, released (four eyes) or discarded; nothing held
// starts a case until then. Real Temporal (time-skipping), database and worker behind the API.
import { DEFAULT_LEAVER_GUARD } from '../../domain/leaver-guard';
import { signBody } from '../../api/http/auth';
import request from 'supertest';
import { employee, finished } from '../support/workflow-helpers';
import { SECRET, as, eventually, startApi, type ApiHarness } from './harness';

let h: ApiHarness;
const hr = () => as(h.app, 'hr');
const bob = () => as(h.app, 'admin'); // admin-bob, employee BOB-1
const carol = () => as(h.app, 'admin2'); // admin-carol, employee CAROL-1

// Ten people at work, BOB-1 among them: the allowance is one leaver per source and day.
const PEOPLE = ['BOB-1', ...Array.from({ length: 9 }, (_, i) => `MT-${i + 1}`)];

beforeAll(async () => {
  h = await startApi({ leaverGuard: DEFAULT_LEAVER_GUARD });
  for (const id of PEOPLE) {
    const { employeeId: _id, ...rest } = employee(id);
    await h.stack.store.upsertPerson({ employeeId: id, ...rest }, { caseId: null, state: 'active' });
  }
});
afterAll(async () => {
  await h?.stop();
});

const leaver = (id: string) => ({ eventId: `mt-leave-${id}`, type: 'leaver', employee: employee(id), immediate: true, reason: 'export' });
const caseExists = async (caseId: string) => h.env.client.workflow.getHandle(caseId).describe().then(() => true, () => false);

test('a mass-termination export: the first leaver runs, the other nine are held, listed and audited, and start nothing', async () => {
  const answers = [];
  for (const id of [...PEOPLE].reverse()) answers.push(await hr().post('/v1/hr/events', leaver(id)));
  const [first, ...rest] = answers;
  expect(first!.status).toBe(202);
  expect(first!.body.held).toBeUndefined();
  expect((await finished(h.env.client.workflow.getHandle(first!.body.caseId as string))).status).toBe('completed');
  for (const r of rest) {
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ held: true, duplicate: false });
    expect(r.headers.location).toMatch(/^\/v1\/hr\/held-leavers\//);
    expect(await h.stack.store.getCase(r.body.caseId as string)).toBeNull();
    expect(await caseExists(r.body.caseId as string)).toBe(false);
  }

  const list = await bob().get('/v1/hr/held-leavers');
  expect(list.status).toBe(200);
  expect(list.body.items).toHaveLength(9);
  expect(list.body.items[0]).toMatchObject({ status: 'held', source: 'hr-alice', position: 2, allowed: 1, activePeople: 10, immediate: true });
  expect((await as(h.app, 'auditor').get('/v1/hr/held-leavers')).status).toBe(200);
  expect((await hr().get('/v1/hr/held-leavers')).status).toBe(403);

  const audit = (await h.stack.store.listAudit({ limit: 500 })).items.filter((e) => e.type === 'hr.leaver_held');
  expect(audit).toHaveLength(9);
  expect(audit[0]).toMatchObject({ outcome: 'pending', actor: 'hr-alice', caseId: null, details: expect.objectContaining({ allowed: 1 }) });
  expect(JSON.stringify(audit)).not.toMatch(/Test|Person/);
  expect(await h.metrics.registry.getSingleMetricAsString('gatehouse_hr_leavers_held_total')).toMatch(/source="hr-alice"} 9/);

  // The HR system's retry of a held leaver is a duplicate and holds nothing more.
  const again = await hr().post('/v1/hr/events', leaver('MT-5'));
  expect(again.status).toBe(200);
  expect(again.body).toMatchObject({ duplicate: true });
  expect((await bob().get('/v1/hr/held-leavers')).body.items).toHaveLength(9);
  // Another source has its own allowance: a signed webhook's first leaver runs.
  const body = JSON.stringify({ ...leaver('MT-4'), eventId: 'mt-signed-MT-4' });
  const signed = await request(h.app).post('/v1/hr/events').set('Content-Type', 'application/json').set('Gatehouse-Signature', signBody(body, SECRET)).send(body);
  expect(signed.status).toBe(202);
  expect(signed.body.held).toBeUndefined();
});

test('an admin may not release or discard their own leaving; another admin releases it and the case runs as it would have', async () => {
  const path = '/v1/hr/held-leavers/mt-leave-BOB-1';
  for (const action of ['release', 'discard']) {
    const own = await bob().post(`${path}/${action}`, {});
    expect({ action, status: own.status }).toEqual({ action, status: 403 });
    expect(own.body.detail).toMatch(/admin-bob is the subject of this leaver \(BOB-1\)/);
  }
  const released = await carol().post(`${path}/release`, { comment: 'confirmed with HR' });
  expect(released.status).toBe(202);
  expect(released.body).toMatchObject({ caseId: 'case-BOB-1:mt-leave-BOB-1', status: 'released' });
  expect((await finished(h.env.client.workflow.getHandle(released.body.caseId as string))).status).toBe('completed');
  expect((await eventually(() => h.stack.store.getPerson('BOB-1'), (p) => p?.state === 'deactivated'))?.state).toBe('deactivated');
  expect((await carol().post(`${path}/release`, {})).status).toBe(409);
  expect((await carol().post(`${path}/discard`, {})).status).toBe(409);
  const audit = (await h.stack.store.listAudit({ limit: 500 })).items.filter((e) => e.type === 'hr.leaver_released');
  expect(audit).toEqual([expect.objectContaining({ actor: 'admin-carol', employeeId: 'BOB-1', caseId: released.body.caseId })]);
});

test('a discarded leaver starts nothing and is no longer listed; HR withdrawing a held leaver discards it', async () => {
  const discarded = await bob().post('/v1/hr/held-leavers/mt-leave-MT-2/discard', { comment: 'bad export' });
  expect(discarded.status).toBe(200);
  expect(discarded.body).toMatchObject({ status: 'discarded', decidedBy: 'admin-bob' });
  expect((await bob().post('/v1/hr/held-leavers/mt-leave-MT-2/release', {})).status).toBe(409);
  expect((await bob().post('/v1/hr/held-leavers/no-such-event/release', {})).status).toBe(404);

  const cancel = await hr().post('/v1/hr/events', { eventId: 'mt-cancel-MT-3', type: 'cancel', employee: employee('MT-3'), cancelsEventId: 'mt-leave-MT-3' });
  expect(cancel.status).toBe(202);
  const left = (await bob().get('/v1/hr/held-leavers')).body.items.map((i: { eventId: string }) => i.eventId);
  // MT-9 ran first; BOB-1 was released, MT-2 discarded, MT-3 withdrawn.
  expect(left).toEqual(['MT-8', 'MT-7', 'MT-6', 'MT-5', 'MT-4', 'MT-1'].map((id) => `mt-leave-${id}`));
  for (const id of ['MT-2', 'MT-3']) {
    expect(await caseExists(`case-${id}:mt-leave-${id}`)).toBe(false);
    expect((await h.stack.store.getPerson(id))?.state).toBe('active');
  }
});
