// No personal data in the unchangeable trail: after a joiner, a device assignment, a mover and a leaver (with a
// device-return reminder) through the API, on the emulated tenant, no audit event holds the person's names,
// e-mail addresses, logins (UPN, primary address, SCIM userName), the device's name or its serial number.
// Accounts are referred to by system and externalId, devices by asset id, so erasing the person later leaves
// the chain intact.
import type { AuditEvent } from '../../db';
import { employee, finished } from '../support/workflow-helpers';
import { as, eventually, startApi, type ApiHarness } from './harness';

let h: ApiHarness;
const hr = () => as(h.app, 'hr');
const admin = () => as(h.app, 'admin');
const auditor = () => as(h.app, 'auditor');

beforeAll(async () => {
  h = await startApi();
});
afterAll(async () => {
  await h?.stop();
});

const ID = 'PD-1';
const PERSON = { givenName: 'Zephyrine', familyName: 'Quillfeather', personalEmail: 'zq.home@example.net' };
const DEVICE = { kind: 'device', name: 'NAUTILUS-7731', model: 'MacBook Pro 14', serial: 'C02XQ7731ZK' };

async function caseDone(caseId: string) {
  return finished(h.env.client.workflow.getHandle(caseId));
}

async function allEvents(): Promise<AuditEvent[]> {
  return (await h.stack.store.listAudit({ limit: 500 })).items;
}

test('joiner, device, mover and leaver leave no names, addresses, logins, device names or serials in the trail', async () => {
  const joiner = await hr().post('/v1/hr/events', { eventId: 'pd-join', type: 'joiner', employee: employee(ID, PERSON), immediate: true });
  expect(joiner.status).toBe(202);
  expect((await caseDone(joiner.body.caseId)).status).toBe('completed');

  const device = await admin().post(`/v1/people/${ID}/assets`, DEVICE);
  expect(device.status).toBe(201);
  const assetId = device.body.id as string;

  const mover = await hr().post('/v1/hr/events', {
    eventId: 'pd-move', type: 'mover', employee: employee(ID, { ...PERSON, department: 'Sales', jobTitle: 'Account Executive' }),
  });
  expect(mover.status).toBe(202);
  expect((await caseDone(mover.body.caseId)).status).toBe('completed');

  // The logins the systems gave the person, read before the leaver (they are what must not be in the trail).
  const logins = (await h.stack.store.listAccounts(ID)).map((a) => a.login).filter((l): l is string => Boolean(l));
  expect(logins.length).toBeGreaterThanOrEqual(3);

  const leaver = await hr().post('/v1/hr/events', { eventId: 'pd-leave', type: 'leaver', employee: employee(ID, PERSON), immediate: true, reason: 'resigned' });
  expect(leaver.status).toBe(202);
  const leaverCase = encodeURIComponent(leaver.body.caseId as string);
  // Revoked, now waiting for the device: skip to the first reminder, then hand the device back.
  await eventually(() => auditor().get(`/v1/cases/${leaverCase}`), (r) => r.body.scheduled?.[0]?.action === 'device return reminder', 60_000);
  await h.env.sleep('3 days');
  await eventually(allEvents, (events) => events.some((e) => e.type === 'device_return.reminder'), 60_000);
  expect((await admin().post(`/v1/assets/${encodeURIComponent(assetId)}/return`, {})).status).toBe(200);
  expect((await caseDone(leaver.body.caseId)).status).toBe('completed');

  const events = await allEvents();
  // The trail did record all of it, by reference.
  const types = new Set(events.map((e) => e.type));
  for (const t of ['account.provisioned', 'asset.assigned', 'mover.attributes_changed', 'access.snapshot', 'device_return.reminder', 'asset.returned', 'lifecycle.leaver']) {
    expect(types).toContain(t);
  }
  const provisioned = events.filter((e) => e.type === 'account.provisioned').flatMap((e) => e.accounts);
  expect(provisioned).toEqual(expect.arrayContaining([expect.objectContaining({ system: 'm365', externalId: expect.any(String) })]));
  expect(JSON.stringify(events.filter((e) => e.type.startsWith('asset.') || e.type.startsWith('device_return.')))).toContain(assetId);

  const needles = [...new Set([PERSON.givenName, PERSON.familyName, PERSON.personalEmail, DEVICE.name, DEVICE.serial, ...logins].map((s) => s.toLowerCase()))];
  const found = events.flatMap((e) => {
    const text = JSON.stringify(e).toLowerCase();
    return needles.filter((n) => text.includes(n)).map((n) => `${e.type} (seq ${e.seq}) holds ${n}`);
  });
  expect(found).toEqual([]);
  const jsonl = (await auditor().get('/v1/audit/export?format=jsonl')).text.toLowerCase();
  expect(needles.filter((n) => jsonl.includes(n))).toEqual([]);
});
