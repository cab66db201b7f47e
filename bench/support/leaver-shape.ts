// The shape of an immediate leaver's case on the critical path and after it, counted from workflows/leaver.ts
// and workflows/case-kit.ts, for the bare workflow the benchmarks set beside Gatehouse.
import type { Client } from '@temporalio/client';
import type { BareLeaverShape, barePersonWorkflow } from './bare-workflows';

export const LEAVER_SHAPE: BareLeaverShape = {
  // the case recorded running, the identity locked, the access snapshot, the read (one local activity)
  localBefore: 1,
  // one activity per system: disable, revoke sessions, remove entitlements
  systems: ['m365', 'google', 'scim'],
  perSystem: 1,
  // sweep read, release seats, lock identity, persist, policy, open devices, lifecycle event, persist
  localAfter: 8,
  // released, closed
  signals: 2,
};

/** Starts a bare leaver the way the API starts a real one: signal-with-start of the person's workflow. */
export async function startBareLeaver(client: Client, taskQueue: string, workflowId: string): Promise<void> {
  await client.workflow.signalWithStart<typeof barePersonWorkflow, [BareLeaverShape]>('barePersonWorkflow', {
    workflowId, taskQueue, args: [], signal: 'bareEvent', signalArgs: [LEAVER_SHAPE],
  });
}
