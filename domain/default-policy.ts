// The policy the dev stack and the tests start with. It names the fixture tenant's objects
// (emulators/fixtures/tenant.ts): M365 groups and the ENTERPRISEPACK SKU, Google groups, the GitHub SCIM app.
import { type PolicyDocument } from './policy-document';

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
