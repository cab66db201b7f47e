// Four eyes (issue 10): an admin's token names the admin (employeeId), and no admin decides, cancels,
// reschedules or grants on a case about themselves; a policy change that relaxes control takes effect only
// when a second admin approves it. Real Temporal (time-skipping), database and worker behind the API.
import { DEFAULT_POLICY } from '../../domain/default-policy';
import type { PolicyDocument } from '../../domain/policy-document';
import { runCaseAction } from '../../orchestration/case-actions';
import { employee } from '../support/workflow-helpers';
import { as, eventually, startApi, type ApiHarness } from './harness';

let h: ApiHarness;
const bob = () => as(h.app, 'admin'); // admin-bob, employee BOB-1
const carol = () => as(h.app, 'admin2'); // admin-carol, employee CAROL-1
const clone = (): PolicyDocument => JSON.parse(JSON.stringify(DEFAULT_POLICY)) as PolicyDocument;

beforeAll(async () => {
  h = await startApi();
});
afterAll(async () => {
  await h?.stop();
});

async function contractorJoiner(employeeId: string, eventId: string): Promise<string> {
  const res = await as(h.app, 'hr').post('/v1/hr/events', { eventId, type: 'joiner', employee: employee(employeeId, { employmentType: 'contractor' }), immediate: true });
  expect(res.status).toBe(202);
  const caseId = res.body.caseId as string;
  const c = await eventually(() => bob().get(`/v1/cases/${encodeURIComponent(caseId)}`), (r) => r.body.status === 'awaiting_approval');
  expect(c.body.status).toBe('awaiting_approval');
  return caseId;
}

describe('an admin and their own cases', () => {
  test('the subject may not approve, reject, cancel or reschedule their own case; another admin may approve it', async () => {
    const caseId = await contractorJoiner('BOB-1', 'fe-bob-joins');
    const path = `/v1/cases/${encodeURIComponent(caseId)}`;
    for (const [action, body] of [['approve', {}], ['reject', {}], ['cancel', {}], ['reschedule', { effectiveAt: new Date(Date.now() + 86_400_000).toISOString() }]] as const) {
      const res = await bob().post(`${path}/${action}`, body);
      expect({ action, status: res.status }).toEqual({ action, status: 403 });
      expect(res.body.detail).toMatch(/admin-bob is the subject of this case \(BOB-1\)/);
    }
    // Past the API, straight to Temporal: the case workflow refuses the subject too.
    const stored = (await h.stack.store.getCase(caseId))!;
    await expect(runCaseAction(h.env.client, stored, 'approve', { by: 'admin-bob', byEmployeeId: 'BOB-1' }, 'side-door')).rejects.toMatchObject({
      kind: 'forbidden', message: expect.stringMatching(/is the subject of this case/),
    });
    const ok = await carol().post(`${path}/approve`, { comment: 'contract seen' });
    expect(ok.status).toBe(200);
    expect(ok.body.decisions).toEqual([expect.objectContaining({ by: 'admin-carol', decision: 'approved' })]);
  });

  test('an admin may not grant themselves access by hand; another admin may', async () => {
    await eventually(() => h.stack.store.getPerson('BOB-1'), (p) => p?.state === 'active');
    const self = await bob().post('/v1/people/BOB-1/entitlements', { entitlementId: 'github', reason: 'I need it' });
    expect(self.status).toBe(403);
    expect(self.body.detail).toMatch(/may not grant access to themselves/);
    expect((await carol().post('/v1/people/BOB-1/entitlements', { entitlementId: 'github', reason: 'on call' })).status).toBe(202);
  });
});

describe('a policy change that relaxes control', () => {
  test('is a proposal until a second admin approves it; the proposer cannot; a stale proposal cannot be approved', async () => {
    const before = await bob().get('/v1/policies');
    const relaxed = clone();
    delete relaxed.approvals.joiner;
    relaxed.sod = [];
    const put = await bob().put('/v1/policies', relaxed);
    expect(put.status).toBe(202);
    expect(put.body).toMatchObject({ status: 'pending', createdBy: 'admin-bob', relaxes: ['approvals.joiner removed: joiners no longer need approval', 'sod payments removed (block [pay-create, pay-approve])'] });
    const version = put.body.version as number;
    // Not in effect: the current policy and its version are unchanged.
    const now = await bob().get('/v1/policies');
    expect(now.headers.etag).toBe(before.headers.etag);
    expect(now.body).toEqual(before.body);

    const own = await bob().post(`/v1/policies/versions/${version}/approve`, {});
    expect(own.status).toBe(403);
    const approved = await carol().post(`/v1/policies/versions/${version}/approve`, { comment: 'agreed in the board' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ version, status: 'active', createdBy: 'admin-bob', approvedBy: 'admin-carol' });
    expect((await bob().get('/v1/policies')).body).toEqual(relaxed);
    expect((await carol().post(`/v1/policies/versions/${version}/approve`, {})).status).toBe(409);
    const listed = (await bob().get('/v1/policies/versions')).body.items as Array<Record<string, unknown>>;
    expect(listed.find((v) => v.version === version)).toMatchObject({ status: 'active', approvedBy: 'admin-carol' });
    const audit = (await h.stack.store.listAudit({ limit: 500 })).items.filter((e) => e.policyVersion === version);
    expect(audit.map((e) => [e.type, e.actor, e.approver])).toEqual([['policy.proposed', 'admin-bob', null], ['policy.changed', 'admin-bob', 'admin-carol']]);

    // Stricter again: no approval needed. Then two proposals against the same version: the second is stale.
    expect((await bob().put('/v1/policies', clone())).status).toBe(200);
    const a = await bob().put('/v1/policies', relaxed);
    const b = await bob().put('/v1/policies', { ...relaxed, approvals: {} });
    expect([a.status, b.status]).toEqual([202, 202]);
    expect((await carol().post(`/v1/policies/versions/${a.body.version as number}/approve`, {})).status).toBe(200);
    const stale = await carol().post(`/v1/policies/versions/${b.body.version as number}/approve`, {});
    expect(stale.status).toBe(409);
    expect(stale.body.detail).toMatch(/propose the change again/);
    expect((await bob().put('/v1/policies', clone())).status).toBe(200);
  });
});
