import { caseApprovalRequirement, checkApprover, entitlementsNeedingApproval } from '../../domain/approvals';
import { DEFAULT_POLICY } from '../../domain/default-policy';
import { type MatchableAttributes } from '../../domain/birthright';

const contractor: MatchableAttributes = { department: 'Engineering', location: 'Amsterdam', jobTitle: 'Engineer', employmentType: 'contractor' };
const employee: MatchableAttributes = { ...contractor, employmentType: 'employee' };

describe('case approvals', () => {
  it('a contractor joiner needs approval under the default policy, an employee does not', () => {
    expect(caseApprovalRequirement(DEFAULT_POLICY, 'joiner', contractor)).toEqual({
      caseType: 'joiner',
      reason: 'policy approvals.joiner requires approval (employmentType in [contractor])',
    });
    expect(caseApprovalRequirement(DEFAULT_POLICY, 'joiner', employee)).toBeNull();
  });

  it('no mover rule means no approval; {} means every mover', () => {
    expect(caseApprovalRequirement(DEFAULT_POLICY, 'mover', contractor)).toBeNull();
    expect(caseApprovalRequirement({ approvals: { mover: {} } }, 'mover', employee)?.reason).toMatch(/every case/);
  });
});

describe('entitlementsNeedingApproval', () => {
  it('lists the grants policy names', () => {
    expect(entitlementsNeedingApproval(DEFAULT_POLICY, ['pay-approve', 'github', 'pay-create', 'pay-approve'])).toEqual(['pay-approve']);
    expect(entitlementsNeedingApproval({ approvals: {} }, ['pay-approve'])).toEqual([]);
  });
});

describe('checkApprover', () => {
  it('allows a third person', () => {
    expect(checkApprover({ approver: 'cto', requester: 'controller', subject: 'E1001' })).toBeNull();
    expect(checkApprover({ approver: 'cto', subject: 'E1001' })).toBeNull();
  });

  it('refuses the requester and the subject, whatever the case and spacing', () => {
    expect(checkApprover({ approver: 'cto', requester: ' CTO ', subject: 'E1001' })).toMatch(/requested this change/);
    expect(checkApprover({ approver: 'e1001', subject: 'E1001' })).toMatch(/subject of this case/);
    expect(checkApprover({ approver: 'alice@example.com', subject: ['E1001', 'Alice@example.com'] })).toMatch(/subject/);
  });

  it('refuses the subject by the employeeId their token names (the token name is not the employeeId)', () => {
    expect(checkApprover({ approver: 'admin-alice', approverEmployeeId: 'E1001', subject: 'E1001' })).toMatch(/admin-alice\) is the subject/);
    expect(checkApprover({ approver: 'admin-alice', approverEmployeeId: 'E1002', subject: 'E1001' })).toBeNull();
  });

  it('refuses an anonymous approver', () => {
    expect(checkApprover({ approver: ' ', subject: 'E1001' })).toMatch(/named approver/);
  });
});
