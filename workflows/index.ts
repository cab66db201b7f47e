// Every workflow the worker registers.
export { personWorkflow } from './person';
export { joinerWorkflow } from './joiner';
export { moverWorkflow } from './mover';
export { leaverWorkflow } from './leaver';
export { suspendWorkflow, reactivateWorkflow } from './sign-in';
export { accessWorkflow } from './access';
export { bulkWorkflow } from './bulk';
