// The policy the dev stack and the tests start with. It names the fixture tenant's objects
// (emulators/fixtures/tenant.ts): M365 groups and the ENTERPRISEPACK SKU, Google groups, the GitHub SCIM app.
// A deployment serves it through defaultPolicyFor(its systems), which leaves out what it has no connector for.
import { type PolicyDocument } from './policy-document';
import { unservedSystems } from './served-systems';

export const DEFAULT_POLICY: PolicyDocument = {
  entitlements: [
    { id: 'm365-e3', system: 'm365', kind: 'licence', ref: 'ENTERPRISEPACK' },
    { id: 'all-m365', system: 'm365', kind: 'group', ref: 'All Staff' },
    { id: 'eng-m365', system: 'm365', kind: 'group', ref: 'Engineering' },
    { id: 'sales-m365', system: 'm365', kind: 'group', ref: 'Sales' },
    { id: 'eng-google', system: 'google', kind: 'group', ref: 'eng@example.com' },
    { id: 'sales-google', system: 'google', kind: 'group', ref: 'sales@example.com' },
    { id: 'github', system: 'scim:github', kind: 'group', ref: 'engineering' },
    { id: 'github-sales', system: 'scim:github', kind: 'group', ref: 'sales' },
    { id: 'pay-create', system: 'm365', kind: 'group', ref: 'Payments Create' },
    { id: 'pay-approve', system: 'm365', kind: 'group', ref: 'Payments Approve' },
  ],
  birthright: [
    { id: 'everyone', when: {}, grant: ['m365-e3', 'all-m365'] },
    { id: 'engineering', when: { department: ['Engineering'] }, grant: ['eng-m365', 'eng-google', 'github'] },
    { id: 'sales', when: { department: ['Sales'] }, grant: ['sales-m365', 'sales-google', 'github-sales'] },
  ],
  sod: [{ id: 'payments', entitlements: ['pay-create', 'pay-approve'], severity: 'block' }],
  approvals: { joiner: { employmentType: ['contractor'] }, entitlements: ['pay-approve'] },
  durations: { moverGrace: 'P7D', joinerLeadTime: 'P1D', deviceReturnReminder: 'P2D', deviceReturnEscalation: 'P14D' },
};

/** A fresh, independent copy of the default policy, safe to modify (tests, the first PUT). */
export function defaultPolicy(): PolicyDocument {
  return JSON.parse(JSON.stringify(DEFAULT_POLICY)) as PolicyDocument;
}

/**
 * The default policy without the entitlements of systems not in `systems` (a stack whose SCIM_APPS names
 * only figma gets no 'scim:github' entitlements), and without what referred to them: their birthright
 * grants (a rule left granting nothing goes), their approval entries, and SoD rules naming them (a set
 * that can never be held complete can never conflict).
 */
export function defaultPolicyFor(systems: readonly string[]): PolicyDocument {
  const policy = defaultPolicy();
  const dropped = new Set(unservedSystems(policy, systems).map((u) => u.entitlementId));
  const kept = (id: string) => !dropped.has(id);
  policy.entitlements = policy.entitlements.filter((e) => kept(e.id));
  policy.birthright = policy.birthright.map((r) => ({ ...r, grant: r.grant.filter(kept) })).filter((r) => r.grant.length > 0);
  policy.sod = policy.sod.filter((r) => r.entitlements.every(kept));
  if (policy.approvals.entitlements) policy.approvals.entitlements = policy.approvals.entitlements.filter(kept);
  return policy;
}
