import fc from 'fast-check';
import { type PolicyDocument } from '../../domain/policy-document';
import { validatePolicy } from '../../domain/policy-validation';
import { correlate, reconcile, type ReadAccount, type RecordPerson, type SystemRead } from '../../domain/reconciliation';

const policy: Pick<PolicyDocument, 'entitlements' | 'prices' | 'currency'> = {
  entitlements: [
    { id: 'eng-m365', system: 'm365', kind: 'group', ref: 'Engineering' },
    { id: 'sales-m365', system: 'm365', kind: 'group', ref: 'Sales' },
    { id: 'm365-e3', system: 'm365', kind: 'licence', ref: 'ENTERPRISEPACK' },
    { id: 'github', system: 'scim:github', kind: 'group', ref: 'engineering' },
  ],
  prices: { 'm365:ENTERPRISEPACK': 23, 'scim:github': 21 },
  currency: 'EUR',
};

const acct = (externalId: string, over: Partial<ReadAccount> = {}): ReadAccount => ({
  externalId, login: `${externalId}@example.com`, enabled: true, groups: [], licences: [], seat: false, ...over,
});

const person = (employeeId: string, over: Partial<RecordPerson> = {}): RecordPerson => ({
  employeeId, state: 'active', accounts: [], entitlements: [], ...over,
});

const complete = (system: string, accounts: ReadAccount[]): Extract<SystemRead, { status: 'complete' }> => ({ system, status: 'complete', accounts, pages: 1, emptyPages: 0 });

// The seeded scenario: Ada in order, Bob drifted, Lea a leaver still holding her seat and licence, an orphan
// nobody owns, an account two people's keys point at, and a record account gone from the system.
const people: RecordPerson[] = [
  person('E1', {
    accounts: [{ system: 'm365', externalId: 'm-ada', login: 'ada@example.com', status: 'active' }],
    entitlements: [{ entitlementId: 'eng-m365', status: 'active' }, { entitlementId: 'm365-e3', status: 'active' }],
  }),
  person('E2', {
    accounts: [{ system: 'm365', externalId: 'm-bob', login: 'bob@example.com', status: 'active' }],
    entitlements: [{ entitlementId: 'eng-m365', status: 'active' }, { entitlementId: 'm365-e3', status: 'active' }],
  }),
  person('E3', {
    state: 'deactivated',
    accounts: [
      { system: 'm365', externalId: 'm-lea', login: 'lea@example.com', status: 'disabled' },
      { system: 'scim:github', externalId: 's-lea', login: 'lea', status: 'disabled' },
    ],
  }),
  person('E4', { accounts: [{ system: 'm365', externalId: 'm-gone', login: 'gone@example.com', status: 'active' }] }),
  person('E5', { accounts: [{ system: 'google', externalId: 'g-dup', login: 'dup@example.com', status: 'active' }] }),
];

const m365Read = complete('m365', [
    acct('m-ada', { login: 'ada@example.com', employeeKey: 'E1', groups: ['Engineering', 'Unmanaged'], licences: ['ENTERPRISEPACK'] }),
    acct('m-bob', { login: 'bob@example.com', employeeKey: 'E2', groups: ['Sales'], licences: ['ENTERPRISEPACK'] }),
    acct('m-lea', { login: 'lea@example.com', employeeKey: 'E3', enabled: false, licences: ['ENTERPRISEPACK'] }),
    acct('m-orphan', { login: 'temp.admin@example.com', licences: ['ENTERPRISEPACK'] }),
    acct('m-dup', { login: 'dup@example.com', employeeKey: 'E1' }),
]);
const reads: SystemRead[] = [
  m365Read,
  complete('scim:github', [acct('s-lea', { login: 'lea', externalId: 's-lea', employeeKey: 'E3', enabled: true, seat: true })]),
];

describe('correlate', () => {
  const accounts = correlate('m365', m365Read.accounts, people);
  const situation = (id: string) => accounts.find((a) => a.externalId === id);

  it('gives each account its midPoint situation and the key that matched', () => {
    expect(situation('m-ada')).toMatchObject({ situation: 'linked', ownerId: 'E1', matchedBy: ['link'] });
    expect(situation('m-orphan')).toMatchObject({ situation: 'unmatched', candidates: [], matchedBy: [] });
    expect(situation('m-dup')).toMatchObject({ situation: 'disputed', candidates: ['E1', 'E5'], matchedBy: ['employeeId', 'login'] });
    expect(situation('m-gone')).toMatchObject({ situation: 'deleted', ownerId: 'E4' });
  });

  it('unlinked: one owner by the system key, no link in the record', () => {
    const google = correlate('google', [acct('g-new', { employeeKey: 'E2', login: 'someone@example.com' })], people);
    expect(google.find((a) => a.externalId === 'g-dup')).toMatchObject({ situation: 'deleted', ownerId: 'E5' });
    expect(google.find((a) => a.externalId === 'g-new')).toMatchObject({ situation: 'unlinked', ownerId: 'E2', matchedBy: ['externalIds'] });
    const [byLogin] = correlate('scim:figma', [acct('f-1', { login: 'ADA@example.com' })], people);
    expect(byLogin).toMatchObject({ situation: 'unlinked', ownerId: 'E1', matchedBy: ['login'] });
  });
});

describe('reconcile', () => {
  const report = reconcile({ reads, people, policy, previousCounts: { m365: 5, 'scim:github': 1 } });
  const ids = report.findings.map((f) => f.id);

  it('finds exactly the orphans, the drift and the seats held by the leaver and by nobody', () => {
    expect(ids).toEqual([
      'drift|m365|m-bob|group:Engineering',
      'drift|m365|m-bob|group:Sales',
      'leaver_seat|m365|m-lea|licence:ENTERPRISEPACK',
      'leaver_seat|scim:github|s-lea|seat:scim:github',
      'orphan_account|m365|m-orphan',
      'orphan_account|scim:github|s-lea',
      'unowned_seat|m365|m-orphan|licence:ENTERPRISEPACK',
    ]);
    expect(report.findings.find((f) => f.id === 'drift|m365|m-bob|group:Engineering')).toMatchObject({ reason: 'missing' });
    expect(report.findings.find((f) => f.id === 'drift|m365|m-bob|group:Sales')).toMatchObject({
      reason: 'unexpected', action: { kind: 'remove_membership', target: { kind: 'group', ref: 'Sales' } },
    });
    expect(report.findings.find((f) => f.id === 'orphan_account|scim:github|s-lea')).toMatchObject({ reason: 'owner_deactivated', ownerId: 'E3' });
  });

  it('costs them from the policy price list, in its currency', () => {
    expect(report.cost).toEqual({ currency: 'EUR', monthlyTotal: 67, byKind: { orphan_account: 0, drift: 0, leaver_seat: 44, unowned_seat: 23 } });
  });

  it('a complete run proposes every finding that has a remedy, and counts situations', () => {
    expect(report.complete).toBe(true);
    expect(report.proposals).toEqual(ids.filter((id) => id !== 'drift|m365|m-bob|group:Engineering'));
    expect(report.situations).toEqual({ linked: 4, unlinked: 0, unmatched: 1, disputed: 1, deleted: 1 });
    expect(report.counts).toEqual({ m365: 5, 'scim:github': 1 });
  });

  it('a read that failed part-way, an empty page or a drop past the share: incomplete, nothing proposed', () => {
    const failed = reconcile({ reads: [reads[0]!, { system: 'scim:github', status: 'failed', error: 'GET /Users → 500' }], people, policy });
    expect(failed).toMatchObject({ complete: false, proposals: [], problems: [{ system: 'scim:github', reason: 'read_failed' }] });
    expect(failed.accounts.some((a) => a.system === 'scim:github')).toBe(false); // no "deleted" from a broken read
    const empty = reconcile({ reads: [{ ...complete('m365', []), emptyPages: 1 }], people, policy });
    expect(empty).toMatchObject({ complete: false, proposals: [], problems: [{ reason: 'empty_page' }] });
    const drop = reconcile({ reads, people, policy, previousCounts: { m365: 7 }, safeguards: { maxDropShare: 0.2 } });
    expect(drop).toMatchObject({ complete: false, proposals: [], problems: [{ system: 'm365', reason: 'count_drop' }] });
    expect(reconcile({ reads, people, policy, previousCounts: { m365: 6 }, safeguards: { maxDropShare: 0.2 } }).complete).toBe(true);
  });

  it('once the remedies are applied, a second run is clean', () => {
    const after: SystemRead[] = [
      complete('m365', [
        acct('m-ada', { login: 'ada@example.com', employeeKey: 'E1', groups: ['Engineering'], licences: ['ENTERPRISEPACK'] }),
        acct('m-bob', { login: 'bob@example.com', employeeKey: 'E2', groups: ['Engineering'], licences: ['ENTERPRISEPACK'] }),
        acct('m-lea', { login: 'lea@example.com', employeeKey: 'E3', enabled: false }),
        acct('m-orphan', { login: 'temp.admin@example.com', enabled: false }),
      ]),
      complete('scim:github', [acct('s-lea', { login: 'lea', employeeKey: 'E3', enabled: false, seat: false })]),
    ];
    const clean = reconcile({ reads: after, people: people.filter((p) => p.employeeId !== 'E4'), policy });
    expect(clean.findings).toEqual([]);
    expect(clean.cost.monthlyTotal).toBe(0);
  });

  it("the connector's own identity is reported as an orphan but never proposed for a change", () => {
    const r = reconcile({ reads: [complete('google', [acct('g-admin', { login: 'admin@example.com', connectorIdentity: true })])], people: [], policy });
    expect(r.findings).toEqual([expect.objectContaining({ id: 'orphan_account|google|g-admin', reason: 'unmatched' })]);
    expect(r.findings[0]).not.toHaveProperty('action');
    expect(r.proposals).toEqual([]);
  });

  it('property: an incomplete run never proposes; proposals are findings with a remedy; cost is the sum', () => {
    const account = fc.record({
      externalId: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
      login: fc.constantFrom('x@example.com', 'y@example.com', 'z'),
      employeeKey: fc.option(fc.constantFrom('E1', 'E2', 'E3', 'E9'), { nil: undefined }),
      enabled: fc.boolean(),
      groups: fc.subarray(['Engineering', 'Sales', 'Other']),
      licences: fc.subarray(['ENTERPRISEPACK', 'EMS']),
      seat: fc.boolean(),
    });
    const read = fc.oneof(
      fc.record({ system: fc.constantFrom('m365', 'scim:github'), status: fc.constant('complete' as const), accounts: fc.uniqueArray(account, { selector: (a) => a.externalId }), pages: fc.nat(3), emptyPages: fc.nat(1) }),
      fc.record({ system: fc.constantFrom('m365', 'scim:github'), status: fc.constant('failed' as const), error: fc.constant('boom') }),
    );
    fc.assert(
      fc.property(fc.uniqueArray(read, { selector: (r) => r.system, maxLength: 2 }), (rs) => {
        const r = reconcile({ reads: rs.map((x) => ({ ...x, accounts: 'accounts' in x ? x.accounts.map((a) => ({ ...a })) : [] })) as SystemRead[], people, policy });
        if (!r.complete) expect(r.proposals).toEqual([]);
        const withAction = new Set(r.findings.filter((f) => f.action).map((f) => f.id));
        for (const p of r.proposals) expect(withAction.has(p)).toBe(true);
        expect(new Set(r.findings.map((f) => f.id)).size).toBe(r.findings.length);
        expect(r.cost.monthlyTotal).toBeCloseTo(r.findings.reduce((s, f) => s + f.monthlyCost, 0), 6);
      }),
    );
  });
});

describe('policy prices', () => {
  const base = { entitlements: [{ id: 'm365-e3', system: 'm365', kind: 'licence', ref: 'ENTERPRISEPACK' }] };
  it('accepts a price list with its currency', () => {
    expect(validatePolicy({ ...base, prices: { 'm365:ENTERPRISEPACK': 23.0, 'scim:github': 21 }, currency: 'EUR' }).ok).toBe(true);
  });
  it('refuses a price without a currency, a bad key, a negative price and a bad currency', () => {
    const result = validatePolicy({ ...base, prices: { 'm365:ENTERPRISEPACK': 23, slack: 8, 'scim:figma': -1 }, currency: 'euro' });
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.problems.map((p) => p.path).sort();
    expect(paths).toEqual(['currency', 'prices.scim:figma', 'prices.slack']);
    const missing = validatePolicy({ ...base, prices: { 'm365:ENTERPRISEPACK': 23 } });
    expect(missing.ok ? [] : missing.problems).toEqual([{ path: 'currency', message: 'prices need a currency (an ISO 4217 code such as EUR)' }]);
  });
});
