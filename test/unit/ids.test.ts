import { caseWorkflowId, personWorkflowId } from '../../domain/ids';

describe('workflow ids', () => {
  it('are deterministic', () => {
    expect(personWorkflowId('E1001')).toBe('person-E1001');
    expect(caseWorkflowId('E1001', 'evt-42')).toBe('case-E1001:evt-42');
    expect(caseWorkflowId('E1001', 'evt-42')).toBe(caseWorkflowId('E1001', 'evt-42'));
  });

  it('refuse empty parts', () => {
    expect(() => personWorkflowId('')).toThrow(/employeeId/);
    expect(() => caseWorkflowId('E1', ' ')).toThrow(/caseKey/);
  });
});
