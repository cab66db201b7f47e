import { auditableAttributes } from '../../domain/audit-attributes';

test('the audit trail gets the attributes policies decide on, never names or contact details', () => {
  const a = auditableAttributes({
    employeeId: 'E1', givenName: 'Ada', familyName: 'Lovelace', personalEmail: 'ada@example.org',
    department: 'Engineering', location: 'NL', jobTitle: 'Engineer', employmentType: 'employee', managerId: 'E0',
  });
  expect(a).toEqual({ employeeId: 'E1', department: 'Engineering', location: 'NL', jobTitle: 'Engineer', employmentType: 'employee', managerId: 'E0' });
  expect(JSON.stringify(a)).not.toMatch(/Ada|Lovelace|example\.org/);
  expect(auditableAttributes(null)).toBeNull();
});
