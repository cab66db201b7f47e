// The CSV import (issue 15): POST /v1/import is a dry run by default (who would join, move, leave, which
// devices are registered, rows refused with why) and changes nothing; with apply the changes start as HR
// events and the devices are on the record; the same file again starts nothing new. Real Temporal
// (time-skipping), database and worker behind the API.
import { finished } from '../support/workflow-helpers';
import { as, startApi, type ApiHarness } from './harness';

let h: ApiHarness;
const admin = () => as(h.app, 'admin');

const HEADER = 'employeeId,givenName,familyName,department,location,jobTitle,employmentType,startDate,status,endDate,deviceName,deviceSerial,deviceModel';
const CSV = [
  HEADER,
  'IMP-1,Ann,One,Engineering,NL,Engineer,employee,,active,,MBP-1,SER-IMP-1,MacBook Pro',
  'IMP-2,Bo,Two,Engineering,NL,Engineer,employee,,active,,,,',
  'IMP-3,Cy,Three,Engineering,NL,Engineer,employee,,left,2020-01-31,,,',
  'IMP-4,Di,Four,Engineering,NL,Engineer,employee,2020-01-01,active,,MBP-4,SER-IMP-4,',
  'IMP-5,Ed,,Engineering,NL,Engineer,employee,,active,,,,',
  'IMP-6,Fa,Six,Engineering,NL,Engineer,contractor,,left,,,,',
  'IMP-1,Ann,One,Sales,NL,Engineer,employee,,active,,,,',
].join('\n');

beforeAll(async () => {
  h = await startApi();
  const at = { location: 'NL', jobTitle: 'Engineer', employmentType: 'employee' as const };
  await h.stack.store.upsertPerson({ employeeId: 'IMP-1', givenName: 'Ann', familyName: 'One', department: 'Sales', ...at }, { caseId: null, state: 'active' });
  await h.stack.store.upsertPerson({ employeeId: 'IMP-2', givenName: 'Bo', familyName: 'Two', department: 'Engineering', ...at }, { caseId: null, state: 'active' });
  await h.stack.store.upsertPerson({ employeeId: 'IMP-3', givenName: 'Cy', familyName: 'Three', department: 'Engineering', ...at }, { caseId: null, state: 'active' });
});
afterAll(async () => {
  await h?.stop();
});

const ids = (xs: Array<{ employeeId: string }>) => xs.map((x) => x.employeeId);
const caseTypes = async () => (await h.stack.store.listCases({ limit: 100 })).items.map((c) => `${c.employeeId}:${c.type}`).sort();

test('a dry run says who would join, move and leave, which devices, and which rows are refused, and changes nothing', async () => {
  const res = await admin().post('/v1/import', { csv: CSV });
  expect(res.status).toBe(200);
  expect(res.body.dryRun).toBe(true);
  expect(ids(res.body.join)).toEqual(['IMP-4']);
  expect(ids(res.body.move)).toEqual(['IMP-1']);
  expect(res.body.leave).toEqual([expect.objectContaining({ employeeId: 'IMP-3', immediate: true })]);
  expect(ids(res.body.unchanged)).toEqual(['IMP-2']);
  expect(res.body.devices).toEqual([
    expect.objectContaining({ employeeId: 'IMP-1', serial: 'SER-IMP-1', afterJoin: false }), expect.objectContaining({ employeeId: 'IMP-4', serial: 'SER-IMP-4', afterJoin: true }),
  ]);
  expect(res.body.refused).toEqual([
    { row: 6, employeeId: 'IMP-5', reasons: [expect.stringMatching(/^familyName: /)] },
    { row: 7, employeeId: 'IMP-6', reasons: [expect.stringMatching(/does not know/)] },
    { row: 8, employeeId: 'IMP-1', reasons: ['employeeId IMP-1 is on an earlier row too'] },
  ]);
  expect(await caseTypes()).toEqual([]);
  expect(await h.stack.store.listAssets('IMP-1')).toEqual([]);
});

test('apply starts the changes as HR events and registers the devices; the same file again starts nothing new', async () => {
  const res = await admin().post('/v1/import', { csv: CSV, apply: true });
  expect(res.status).toBe(200);
  expect(res.body.results).toEqual([
    expect.objectContaining({ employeeId: 'IMP-4', type: 'joiner', duplicate: false }),
    expect.objectContaining({ employeeId: 'IMP-1', type: 'mover', duplicate: false }),
    expect.objectContaining({ employeeId: 'IMP-3', type: 'leaver', duplicate: false }),
  ]);
  expect(await caseTypes()).toEqual(['IMP-1:mover', 'IMP-3:leaver', 'IMP-4:joiner']);
  expect(await h.stack.store.listAssets('IMP-1')).toEqual([expect.objectContaining({ kind: 'device', serial: 'SER-IMP-1', status: 'assigned' })]);
  const audit = (await h.stack.store.listAudit({ limit: 500 })).items.filter((e) => e.type === 'asset.assigned');
  expect(JSON.stringify(audit)).not.toMatch(/SER-IMP|MBP/);

  // Once the cases have run, the same file again: nothing new starts (each change is unchanged now, or the
  // same event), and the joiner's device, whose person is now on the record, is registered.
  for (const r of res.body.results as Array<{ caseId: string }>) await finished(h.env.client.workflow.getHandle(r.caseId));
  const again = await admin().post('/v1/import', { csv: CSV, apply: true });
  expect(again.status).toBe(200);
  expect((again.body.results as Array<{ duplicate: boolean }>).every((r) => r.duplicate)).toBe(true);
  expect(await caseTypes()).toEqual(['IMP-1:mover', 'IMP-3:leaver', 'IMP-4:joiner']);
  expect(await h.stack.store.listAssets('IMP-1')).toHaveLength(1);
  expect(await h.stack.store.listAssets('IMP-4')).toEqual([expect.objectContaining({ kind: 'device', serial: 'SER-IMP-4', status: 'assigned' })]);
});

test('an unknown column or a CSV that does not parse is 400; only admins import', async () => {
  expect((await admin().post('/v1/import', { csv: `${HEADER},salary\n` })).body.detail).toMatch(/unknown columns: salary/);
  expect((await admin().post('/v1/import', { csv: `${HEADER}\n"IMP-9,unterminated` })).status).toBe(400);
  expect((await as(h.app, 'hr').post('/v1/import', { csv: CSV })).status).toBe(403);
});
