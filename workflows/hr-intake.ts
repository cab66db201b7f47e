// One delivery of an HR vendor's webhook, accepted durably by the API (this workflow's id is the delivery's
// dedupe key): for each employee it names, fetch them from the vendor's API, retrying while the vendor is down
// (up to three days, as the vendors themselves retry), then accept the change as an HR event.
import { proxyActivities } from '@temporalio/workflow';
import type { HrIntakeActivities, VendorIntakeOutcome } from '../activities/hr-intake';
import type { HrVendor, VendorHint } from '../domain/hr-vendors';

const { fetchHrVendorEmployee } = proxyActivities<HrIntakeActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '1 hour', nonRetryableErrorTypes: [] },
  scheduleToCloseTimeout: '3 days',
});
const { acceptVendorHrEvent } = proxyActivities<HrIntakeActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

export interface HrIntakeInput {
  vendor: HrVendor;
  connectionId: string;
  deliveryKey: string;
  hint: VendorHint;
  employeeIds: string[];
}

export async function hrIntakeWorkflow(input: HrIntakeInput): Promise<VendorIntakeOutcome[]> {
  const outcomes: VendorIntakeOutcome[] = [];
  for (const employeeId of input.employeeIds) {
    const ref = { vendor: input.vendor, connectionId: input.connectionId, employeeId };
    // A vendor down for longer than its own retries still leaves a record of the delivery, not just a failed run.
    const fetched = await fetchHrVendorEmployee(ref).catch(() => ({ ok: false as const, status: 0, reason: 'the vendor API stayed unavailable' }));
    outcomes.push(await acceptVendorHrEvent({ ...ref, deliveryKey: input.deliveryKey, hint: input.hint, fetched }));
  }
  return outcomes;
}
