import { defaultPolicy } from '../../domain/default-policy';
import { formatPath, validatePolicy } from '../../domain/policy-validation';

function problemsOf(input: unknown): Array<{ path: string; message: string }> {
  const result = validatePolicy(input);
  if (result.ok) throw new Error('expected the policy to be refused');
  return result.problems;
}

describe('validatePolicy', () => {
  it('accepts the PRODUCT.md example once its SoD entitlements exist, filling defaults', () => {
    const result = validatePolicy({
      entitlements: [
        { id: 'eng-m365', system: 'm365', kind: 'group', ref: 'Engineering' },
        { id: 'pay-create', system: 'm365', kind: 'group', ref: 'Payments Create' },
        { id: 'pay-approve', system: 'm365', kind: 'group', ref: 'Payments Approve' },
      ],
      birthright: [{ id: 'engineering', when: { department: ['Engineering'] }, grant: ['eng-m365'] }],
      sod: [{ id: 'payments', entitlements: ['pay-create', 'pay-approve'], severity: 'block' }],
    });
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.policy.durations.moverGrace).toBe('P7D');
      expect(result.policy.approvals).toEqual({});
    }
  });

  it('lists every unknown reference, not just the first', () => {
    const policy = defaultPolicy();
    policy.birthright.push({ id: 'ghost', when: {}, grant: ['nope-1', 'm365-e3', 'nope-2'] });
    policy.sod.push({ id: 'bad-sod', entitlements: ['pay-create', 'nope-3'], severity: 'approve' });
    policy.approvals.entitlements = ['nope-4'];
    expect(problemsOf(policy)).toEqual([
      { path: 'birthright[3].grant[0]', message: "birthright rule names unknown entitlement 'nope-1'" },
      { path: 'birthright[3].grant[2]', message: "birthright rule names unknown entitlement 'nope-2'" },
      { path: 'sod[1].entitlements[1]', message: "SoD rule names unknown entitlement 'nope-3'" },
      { path: 'approvals.entitlements[0]', message: "approval rule names unknown entitlement 'nope-4'" },
    ]);
  });

  it('refuses duplicate ids of entitlements and rules', () => {
    const policy = defaultPolicy();
    policy.entitlements.push({ id: 'github', system: 'scim:github', kind: 'group', ref: 'everyone' });
    policy.birthright.push({ id: 'sales', when: {}, grant: ['github'] });
    policy.sod.push({ id: 'payments', entitlements: ['github', 'm365-e3'], severity: 'approve' });
    const paths = problemsOf(policy).map((p) => p.path);
    expect(paths).toEqual(['entitlements[10].id', 'birthright[3].id', 'sod[1].id']);
  });

  it('refuses two ids for the same object and an entitlement listed twice', () => {
    const policy = defaultPolicy();
    policy.entitlements.push({ id: 'eng-again', system: 'm365', kind: 'group', ref: 'Engineering' });
    policy.sod.push({ id: 'twice', entitlements: ['github', 'github'], severity: 'block' });
    expect(problemsOf(policy)).toEqual([
      { path: 'entitlements[10].ref', message: "'eng-again' names the same group as 'eng-m365' (m365 Engineering)" },
      { path: 'sod[1].entitlements[1]', message: 'entitlement listed twice' },
    ]);
  });

  it('refuses durations that do not parse, are zero or negative', () => {
    const policy = defaultPolicy();
    policy.durations = { moverGrace: 'seven days', joinerLeadTime: 'PT0S', deviceReturnReminder: '-P1D', deviceReturnEscalation: 'P14D' };
    expect(problemsOf(policy).map((p) => p.path)).toEqual(['durations.moverGrace', 'durations.joinerLeadTime', 'durations.deviceReturnReminder']);
  });

  it('refuses a licence outside m365 and a seat outside SCIM', () => {
    const policy = defaultPolicy();
    policy.entitlements.push({ id: 'gws', system: 'google', kind: 'licence', ref: 'Google-Apps' });
    policy.entitlements.push({ id: 'm365-seat', system: 'm365', kind: 'seat', ref: 'x' });
    policy.entitlements.push({ id: 'figma', system: 'scim:figma', kind: 'seat', ref: 'editor' });
    expect(problemsOf(policy)).toEqual([
      { path: 'entitlements[10].kind', message: "a licence can only be on system 'm365' (got 'google')" },
      { path: 'entitlements[11].kind', message: "a seat can only be on a SCIM app, 'scim:<app>' (got 'm365')" },
    ]);
  });

  it('reports shape errors and reference errors together', () => {
    const problems = problemsOf({
      entitlements: [{ id: 'a', system: 'ldap', kind: 'group', ref: 'x' }],
      birthright: [{ id: 'r1', when: { team: ['x'] }, grant: ['missing'] }],
      durations: { moverGrace: 7 },
      extra: true,
    });
    const paths = problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['entitlements[0].system', 'birthright[0].when', 'birthright[0].grant[0]', 'durations.moverGrace', '']));
  });

  it('refuses a non-object', () => {
    expect(problemsOf(null)).toHaveLength(1);
    expect(problemsOf('policy')[0]?.path).toBe('');
  });

  it('formats paths', () => {
    expect(formatPath(['birthright', 2, 'grant', 0])).toBe('birthright[2].grant[0]');
    expect(formatPath([])).toBe('');
  });
});
