// Starting a case from the API (admin access requests): the shared path in orchestration/start-case.ts,
// counted in the API's metrics.
import { startCase as startPersonCase, type StartCaseInput } from '../../orchestration/start-case';
import type { ApiDeps } from '../deps';

export { attributesOf, type StartCaseInput } from '../../orchestration/start-case';

export async function startCase(deps: ApiDeps, input: StartCaseInput): Promise<{ caseId: string; workflowId: string }> {
  const started = await startPersonCase({ client: deps.temporal, taskQueue: deps.taskQueue, companyTimeZone: deps.companyTimeZone }, deps.store, input);
  deps.metrics?.casesStarted.inc({ type: input.type });
  return started;
}
