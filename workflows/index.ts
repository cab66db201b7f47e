// Every workflow the worker registers.
export { personWorkflowV2 } from './person';
export { personWorkflow } from './person-v1';
export { joinerWorkflow } from './joiner';
export { moverWorkflow } from './mover';
export { leaverWorkflow } from './leaver';
export { suspendWorkflow, reactivateWorkflow } from './sign-in';
export { accessWorkflow } from './access';
export { bulkWorkflow } from './bulk';
export { hrIntakeWorkflow } from './hr-intake';
export { reconciliationWorkflow, remediationWorkflow } from './reconciliation';
