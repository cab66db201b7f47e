// Bare Temporal workflows with the shape of Gatehouse's, no-op activities: the floor the same server and
// machine allow, measured in the same run as Gatehouse.
import { proxyActivities } from '@temporalio/workflow';

export interface BareActivities {
  noop(label: string): Promise<void>;
}

const { noop } = proxyActivities<BareActivities>({ startToCloseTimeout: '10 seconds' });

/**
 * An immediate leaver's critical path: the steps before revocation one after another, then one lane per
 * system (disable, then revoke sessions) all at once.
 */
export async function bareLeaverWorkflow(o: { before: number; systems: string[]; perSystem: number }): Promise<void> {
  for (let i = 0; i < o.before; i += 1) await noop(`before-${i}`);
  await Promise.all(o.systems.map(async (system) => {
    for (let i = 0; i < o.perSystem; i += 1) await noop(`${system}-${i}`);
  }));
}
