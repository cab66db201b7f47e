// A bulk operation (office closure, reorganisation): one case per person, started a few at a time, each
// through that person's own workflow. Durable: a crash mid-run resumes with the items not yet started.
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { BulkRequest } from '../orchestration/bulk-item';

const { startBulkItem, failBulkItem } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});

export interface BulkInput {
  bulkId: string;
  request: BulkRequest;
  requestedBy: string;
  concurrency: number;
}

export async function bulkWorkflow(input: BulkInput): Promise<{ started: number; skipped: number; failed: number }> {
  const queue = [...input.request.employeeIds];
  const tally = { started: 0, skipped: 0, failed: 0 };
  const lane = async (): Promise<void> => {
    for (let employeeId = queue.shift(); employeeId !== undefined; employeeId = queue.shift()) {
      try {
        const outcome: 'started' | 'skipped' = await startBulkItem({ bulkId: input.bulkId, request: input.request, requestedBy: input.requestedBy, employeeId });
        tally[outcome] += 1;
      } catch {
        tally.failed += 1;
        await failBulkItem({ bulkId: input.bulkId, employeeId, error: 'the case could not be started' });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(input.concurrency, queue.length)) }, lane));
  return tally;
}
