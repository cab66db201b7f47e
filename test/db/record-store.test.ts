// The record store against both engines: people, accounts, entitlements over time, cases, ledger, assets, bulk.
import { RecordNotFoundError } from '../../db/errors';
import { ENGINES } from '../support/engines';
import { profile, useStore } from './harness';

const T = (s: string): string => new Date(s).toISOString();

describe.each(ENGINES)('record store on $name', (factory) => {
  const h = useStore(factory);

  describe('people', () => {
    it('creates a person, records history only when something changes', async () => {
      const { store } = h();
      const created = await store.upsertPerson({ ...profile('p-1'), startDate: '2026-01-05' }, { caseId: 'c-join' });
      expect(created.created).toBe(true);
      expect(created.person).toMatchObject({ employeeId: 'p-1', state: 'pending', startDate: '2026-01-05', locked: false });

      const again = await store.upsertPerson({ ...profile('p-1'), startDate: '2026-01-05' }, { caseId: 'c-join' });
      expect(again).toMatchObject({ created: false, changes: [] });

      const moved = await store.upsertPerson(profile('p-1', { department: 'Sales' }), { caseId: 'c-move', state: 'active' });
      expect(moved.changes.sort()).toEqual(['department', 'state']);
      expect(moved.person.startDate).toBe('2026-01-05'); // absent dates are kept

      const left = await store.setPersonState('p-1', 'deactivated', { caseId: 'c-leave', locked: true, lastDay: '2026-06-30' });
      expect(left).toMatchObject({ state: 'deactivated', locked: true, lastDay: '2026-06-30' });
      await store.setPersonState('p-1', 'deactivated', { caseId: 'c-leave', locked: true }); // retried: no history

      const history = await store.getPersonHistory('p-1');
      expect(history.map((e) => e.caseId)).toEqual(['c-join', 'c-move', 'c-leave']);
      expect(history[0]!.before).toBeNull();
      expect(history[1]).toMatchObject({
        before: { department: 'Engineering', state: 'pending' },
        after: { department: 'Sales', state: 'active' },
      });
      expect(history[2]).toMatchObject({ before: { state: 'active', locked: false, lastDay: null } });
      await expect(store.setPersonState('nobody', 'active', { caseId: null })).rejects.toBeInstanceOf(RecordNotFoundError);
      expect(await store.getPerson('nobody')).toBeNull();
    });

    it('lists people with keyset pagination and filters', async () => {
      const { store } = h();
      for (let i = 0; i < 7; i++) {
        await store.upsertPerson(profile(`list-${i}`, { department: i % 2 ? 'Ops' : 'Finance' }), { caseId: null });
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<typeof store.listPeople>> = await store.listPeople({ department: 'Finance', limit: 2, cursor });
        seen.push(...page.items.map((p) => p.employeeId));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(['list-0', 'list-2', 'list-4', 'list-6']);
      const pending = await store.listPeople({ state: 'pending', department: 'Ops', limit: 10 });
      expect(pending.items.map((p) => p.employeeId)).toEqual(['list-1', 'list-3', 'list-5']);
      expect(pending.nextCursor).toBeNull();
      await expect(store.listPeople({ cursor: 'not-a-cursor' })).rejects.toThrow(/invalid page cursor/);
    });
  });

  describe('accounts', () => {
    it('upserts idempotently, tracks status dates, and keeps system ids unique', async () => {
      const { store, pool } = h();
      await store.upsertPerson(profile('acc-1'), { caseId: null });
      await store.upsertPerson(profile('acc-2'), { caseId: null });
      const input = { employeeId: 'acc-1', system: 'm365', externalId: 'ext-1', login: 'ada@example.com', status: 'active' as const, at: T('2026-01-05T08:00:00Z') };
      await store.upsertAccount(input);
      await store.upsertAccount(input);
      expect(await store.listAccounts('acc-1')).toHaveLength(1);
      const disabled = await store.setAccountStatus('acc-1', 'm365', 'disabled', T('2026-06-30T17:00:00Z'));
      expect(disabled).toMatchObject({ status: 'disabled', disabledAt: T('2026-06-30T17:00:00Z'), deletedAt: null });
      await store.setAccountStatus('acc-1', 'm365', 'disabled', T('2026-07-01T00:00:00Z')); // retried
      expect((await store.listAccounts('acc-1'))[0]!.disabledAt).toBe(T('2026-06-30T17:00:00Z'));
      const changes = await pool.query('SELECT c.status FROM account_status_changes c JOIN accounts a ON a.id = c.account_id WHERE a.employee_id = $1 ORDER BY c.id', ['acc-1']);
      expect(changes.rows.map((r: { status: string }) => r.status)).toEqual(['active', 'disabled']);
      // The same external id in the same system cannot belong to someone else.
      await expect(store.upsertAccount({ ...input, employeeId: 'acc-2' })).rejects.toThrow(/unique|duplicate/i);
      expect(await store.getAccountByExternalId('m365', 'ext-1')).toMatchObject({ employeeId: 'acc-1' });
      await expect(store.setAccountStatus('acc-2', 'm365', 'disabled')).rejects.toBeInstanceOf(RecordNotFoundError);
    });
  });

  describe('entitlements over time', () => {
    it('answers who had what when across a grace period, exactly from the intervals', async () => {
      const { store } = h();
      const id = 'ent-1';
      await store.upsertPerson(profile(id), { caseId: 'c-j' });
      await store.upsertAccount({ employeeId: id, system: 'google', externalId: 'g-ent-1', status: 'active', at: T('2026-01-05T08:00:00Z') });
      const granted = await store.grantEntitlement({
        employeeId: id, entitlementId: 'eng-google', system: 'google', source: 'birthright', caseId: 'c-j', at: T('2026-01-05T08:00:00Z'),
      });
      // The same grant retried (even with another time) returns the open assignment as is.
      const retried = await store.grantEntitlement({
        employeeId: id, entitlementId: 'eng-google', system: 'google', source: 'birthright', caseId: 'c-j', at: T('2026-01-05T09:00:00Z'),
      });
      expect(retried.id).toBe(granted.id);
      expect(retried.validFrom).toBe(T('2026-01-05T08:00:00Z'));

      const scheduled = await store.scheduleRemoval({ employeeId: id, entitlementId: 'eng-google', removeAt: T('2026-03-08T08:00:00Z'), caseId: 'c-m' });
      expect(scheduled).toMatchObject({ status: 'pending_removal', removeAt: T('2026-03-08T08:00:00Z'), validTo: null });
      // Granting again during the grace period does not open a second interval.
      expect((await store.grantEntitlement({ employeeId: id, entitlementId: 'eng-google', system: 'google', source: 'birthright', caseId: 'c-x', at: T('2026-03-02T00:00:00Z') })).id).toBe(granted.id);
      const removed = await store.removeEntitlement({ employeeId: id, entitlementId: 'eng-google', caseId: 'c-m', at: T('2026-03-08T08:00:00Z') });
      expect(removed).toMatchObject({ status: 'removed', validTo: T('2026-03-08T08:00:00Z'), removedByCase: 'c-m' });
      const again = await store.removeEntitlement({ employeeId: id, entitlementId: 'eng-google', caseId: 'c-m', at: T('2026-03-09T00:00:00Z') });
      expect(again).toEqual(removed);
      await store.setAccountStatus(id, 'google', 'disabled', T('2026-04-01T00:00:00Z'));

      const held = async (at: string) => {
        const a = await store.accessAt(at, { employeeId: id });
        return { ents: a.entitlements.map((e) => e.entitlementId), accts: a.accounts.map((x) => `${x.system}:${x.status}`) };
      };
      expect(await held('2026-01-05T07:59:59.999Z')).toEqual({ ents: [], accts: [] }); // before
      expect(await held('2026-01-05T08:00:00Z')).toEqual({ ents: ['eng-google'], accts: ['google:active'] }); // granted
      expect(await held('2026-03-05T00:00:00Z')).toEqual({ ents: ['eng-google'], accts: ['google:active'] }); // in grace
      expect(await held('2026-03-08T07:59:59.999Z')).toEqual({ ents: ['eng-google'], accts: ['google:active'] });
      expect(await held('2026-03-08T08:00:00Z')).toEqual({ ents: [], accts: ['google:active'] }); // removed
      expect(await held('2026-04-02T00:00:00Z')).toEqual({ ents: [], accts: ['google:disabled'] });
      const all = await store.accessAt('2026-03-05T00:00:00Z');
      expect(all.entitlements.find((e) => e.employeeId === id)).toMatchObject({
        validFrom: T('2026-01-05T08:00:00Z'), validTo: T('2026-03-08T08:00:00Z'), grantedByCase: 'c-j', source: 'birthright',
      });
      expect(await store.listEntitlements(id)).toEqual([]);
      expect(await store.listEntitlements(id, { includeRemoved: true })).toHaveLength(1);
    });

    it('cancels a pending removal and re-grants after removal as a new interval', async () => {
      const { store } = h();
      const id = 'ent-2';
      await store.upsertPerson(profile(id), { caseId: null });
      const base = { employeeId: id, entitlementId: 'github', system: 'scim:github', source: 'birthright' as const, caseId: 'c-1' };
      const g = await store.grantEntitlement({ ...base, at: T('2026-01-01T00:00:00Z') });
      await store.scheduleRemoval({ employeeId: id, entitlementId: 'github', removeAt: T('2026-02-01T00:00:00Z'), caseId: 'c-2' });
      expect(await store.listDueRemovals(T('2026-02-01T00:00:00Z'))).toEqual([expect.objectContaining({ id: g.id })]);
      const cancelled = await store.cancelRemoval({ employeeId: id, entitlementId: 'github', caseId: 'c-3' });
      expect(cancelled).toMatchObject({ id: g.id, status: 'active', removeAt: null, removedByCase: null });
      expect((await store.cancelRemoval({ employeeId: id, entitlementId: 'github', caseId: 'c-3' }))?.id).toBe(g.id);
      await store.removeEntitlement({ employeeId: id, entitlementId: 'github', caseId: 'c-4', at: T('2026-03-01T00:00:00Z') });
      const g2 = await store.grantEntitlement({ ...base, source: 'manual', reason: 'on call', expiresAt: T('2026-04-08T00:00:00Z'), at: T('2026-04-01T00:00:00Z') });
      expect(g2.id).not.toBe(g.id);
      expect(g2).toMatchObject({ source: 'manual', reason: 'on call', expiresAt: T('2026-04-08T00:00:00Z') });
      expect((await store.accessAt(T('2026-03-15T00:00:00Z'), { employeeId: id })).entitlements).toEqual([]);
      expect((await store.accessAt(T('2026-04-02T00:00:00Z'), { employeeId: id })).entitlements).toHaveLength(1);
      const record = await store.getPersonRecord(id);
      expect(record?.entitlements.map((e) => [e.status, e.grantedAt])).toEqual([
        ['removed', T('2026-01-01T00:00:00Z')],
        ['active', T('2026-04-01T00:00:00Z')],
      ]);
      expect(await store.scheduleRemoval({ employeeId: id, entitlementId: 'nothing', removeAt: T('2026-05-01T00:00:00Z'), caseId: null })).toBeNull();
    });
  });

  describe('cases and the HR event ledger', () => {
    it('records a case, updates its state, closes it, and pages newest first', async () => {
      const { store } = h();
      const c = await store.recordCase({ caseId: 'case-1', workflowId: 'wf-1', employeeId: 'cs-1', type: 'joiner', status: 'scheduled', eventId: 'ev-1', requestedBy: 'hr', effectiveAt: T('2026-01-05T08:00:00Z'), state: { steps: [] } });
      expect(c).toMatchObject({ status: 'scheduled', closedAt: null, slaBreached: false, state: { steps: [] } });
      const again = await store.recordCase({ caseId: 'case-1', workflowId: 'wf-1', employeeId: 'cs-1', type: 'joiner', status: 'scheduled' });
      expect(again).toMatchObject({ eventId: 'ev-1', effectiveAt: T('2026-01-05T08:00:00Z'), state: { steps: [] } });
      const running = await store.updateCaseState('case-1', { status: 'running', slaBreached: true, state: { steps: [{ name: 'm365' }] } });
      expect(running).toMatchObject({ status: 'running', slaBreached: true, outcome: null, closedAt: null });
      const done = await store.updateCaseState('case-1', { status: 'completed', outcome: 'succeeded', state: { steps: [] } });
      expect(done.closedAt).not.toBeNull();
      expect(done.slaBreached).toBe(true);
      await expect(store.updateCaseState('nope', { status: 'running', state: {} })).rejects.toBeInstanceOf(RecordNotFoundError);

      for (let i = 2; i <= 5; i++) {
        await store.recordCase({ caseId: `case-${i}`, workflowId: `wf-${i}`, employeeId: 'cs-1', type: 'mover', status: 'running' });
      }
      const first = await store.listCases({ employeeId: 'cs-1', limit: 3 });
      expect(first.items.map((x) => x.caseId)).toEqual(['case-5', 'case-4', 'case-3']);
      const second = await store.listCases({ employeeId: 'cs-1', limit: 3, cursor: first.nextCursor });
      expect(second.items.map((x) => x.caseId)).toEqual(['case-2', 'case-1']);
      expect(second.nextCursor).toBeNull();
      expect((await store.listCases({ employeeId: 'cs-1', status: 'completed' })).items).toHaveLength(1);
      expect(await store.getCase('case-3')).toMatchObject({ type: 'mover', workflowId: 'wf-3' });
    });

    it('keeps one ledger row per HR event id and returns the stored one on reuse', async () => {
      const { store } = h();
      const ev = { eventId: 'hr-1', bodySha256: 'a'.repeat(64), employeeId: 'x-1', type: 'joiner', caseId: 'case-x', workflowId: 'wf-x' };
      expect(await store.recordHrEvent(ev)).toMatchObject({ inserted: true, event: { eventId: 'hr-1' } });
      const dup = await store.recordHrEvent({ ...ev, bodySha256: 'b'.repeat(64), caseId: 'other' });
      expect(dup).toMatchObject({ inserted: false, existing: { bodySha256: 'a'.repeat(64), caseId: 'case-x' } });
    });
  });

  describe('snapshots, policies, assets, bulk', () => {
    it('keeps the first access snapshot of a case', async () => {
      const { store } = h();
      const s1 = await store.saveAccessSnapshot({ employeeId: 'snap-1', caseId: 'leave-1', snapshot: { entitlements: ['a'] } });
      const s2 = await store.saveAccessSnapshot({ employeeId: 'snap-1', caseId: 'leave-1', snapshot: { entitlements: [] } });
      expect(s2).toEqual(s1);
      expect(await store.listAccessSnapshots('snap-1')).toEqual([s1]);
    });

    it('versions policy documents', async () => {
      const { store } = h();
      expect(await store.getCurrentPolicy()).toBeNull();
      const v1 = await store.savePolicyVersion({ birthright: [] }, { createdBy: 'cto' });
      const v2 = await store.savePolicyVersion({ birthright: [{ id: 'everyone' }] }, { createdBy: 'cto', diff: { added: ['everyone'] } });
      expect(v2.version).toBeGreaterThan(v1.version);
      expect(await store.getCurrentPolicy()).toEqual({ version: v2.version, document: { birthright: [{ id: 'everyone' }] } });
      expect((await store.listPolicyVersions()).map((p) => p.version)).toEqual([v2.version, v1.version]);
      expect((await store.getPolicyVersion(v1.version))?.document).toEqual({ birthright: [] });
    });

    it('tracks assets and open devices', async () => {
      const { store } = h();
      await store.upsertPerson(profile('asset-1'), { caseId: null });
      const laptop = await store.addAsset({ id: 'SN-1', employeeId: 'asset-1', kind: 'device', name: 'Laptop', model: 'X1', serial: 'SN-1', monthlyCost: 45.5, caseId: 'c-j', at: T('2026-01-05T00:00:00Z') });
      expect(await store.addAsset({ id: 'SN-1', kind: 'device', name: 'Other' })).toEqual(laptop);
      expect(laptop).toMatchObject({ status: 'assigned', monthlyCost: 45.5, assignedAt: T('2026-01-05T00:00:00Z') });
      await store.addAsset({ id: 'lic-1', employeeId: 'asset-1', kind: 'licence', name: 'E3', sku: 'ENTERPRISEPACK' });
      const stock = await store.addAsset({ id: 'SN-2', kind: 'device', name: 'Phone' });
      expect(stock).toMatchObject({ status: 'returned', employeeId: null });
      await store.assignAsset('SN-2', { employeeId: 'asset-1', caseId: 'c-j' });
      expect((await store.listOpenDevices('asset-1')).map((a) => a.id).sort()).toEqual(['SN-1', 'SN-2']);
      const returned = await store.setAssetStatus('SN-1', 'returned', T('2026-07-01T00:00:00Z'));
      expect(returned.returnedAt).toBe(T('2026-07-01T00:00:00Z'));
      expect((await store.setAssetStatus('SN-1', 'returned', T('2026-07-09T00:00:00Z'))).returnedAt).toBe(T('2026-07-01T00:00:00Z'));
      await store.setAssetStatus('SN-2', 'written_off');
      expect(await store.listOpenDevices('asset-1')).toEqual([]);
      expect(await store.listAssets('asset-1')).toHaveLength(3);
      const record = await store.getPersonRecord('asset-1');
      expect(record?.assets).toHaveLength(3);
    });

    it('reports bulk progress and completes when every item is done', async () => {
      const { store } = h();
      const input = { id: 'bulk-1', request: { type: 'leaver' }, requestedBy: 'cto', items: ['b-1', 'b-2', 'b-3'].map((e) => ({ employeeId: e, request: { type: 'leaver' } })) };
      await store.createBulk(input);
      const op = await store.createBulk(input);
      expect(op.progress).toEqual({ total: 3, pending: 3, started: 0, completed: 0, failed: 0, skipped: 0 });
      await store.updateBulkItem({ bulkId: 'bulk-1', employeeId: 'b-1', status: 'started', caseId: 'case-b1' });
      await store.updateBulkItem({ bulkId: 'bulk-1', employeeId: 'b-1', status: 'completed' });
      await store.updateBulkItem({ bulkId: 'bulk-1', employeeId: 'b-2', status: 'failed', error: 'unknown person' });
      expect((await store.getBulk('bulk-1'))?.status).toBe('running');
      await store.updateBulkItem({ bulkId: 'bulk-1', employeeId: 'b-3', status: 'skipped' });
      const end = await store.getBulk('bulk-1');
      expect(end).toMatchObject({ status: 'completed_with_errors', progress: { completed: 1, failed: 1, skipped: 1 } });
      expect(end?.items.find((i) => i.employeeId === 'b-1')?.caseId).toBe('case-b1');
      expect(end?.completedAt).not.toBeNull();
      expect(await store.getBulk('nope')).toBeNull();
    });
  });
});
