// Bare Temporal workflows with the shape of Gatehouse's, no-op activities: the floor the same server and
// machine allow, measured in the same run as Gatehouse.
import { ParentClosePolicy, condition, defineSignal, getExternalWorkflowHandle, proxyActivities, proxyLocalActivities, setHandler, startChild, workflowInfo } from '@temporalio/workflow';

export interface BareActivities {
  noop(label: string): Promise<void>;
}

const { noop } = proxyActivities<BareActivities>({ startToCloseTimeout: '10 seconds' });
const local = proxyLocalActivities<BareActivities>({ startToCloseTimeout: '10 seconds' });

export interface BareLeaverShape {
  /** Record steps (local activities) before the revocation. */
  localBefore: number;
  /** One lane per system, all at once, each `perSystem` activities one after another. */
  systems: string[];
  perSystem: number;
  /** Record steps after the revocation, then the signals to the parent (released, closed). */
  localAfter: number;
  signals: number;
}

const caseSignal = defineSignal<[string]>('bareCase');
const eventSignal = defineSignal<[BareLeaverShape]>('bareEvent');

/** An immediate leaver's case: record steps, then one lane per system all at once, then record steps. */
export async function bareLeaverWorkflow(o: BareLeaverShape & { parent?: string }): Promise<void> {
  for (let i = 0; i < o.localBefore; i += 1) await local.noop(`before-${i}`);
  await Promise.all(o.systems.map(async (system) => {
    for (let i = 0; i < o.perSystem; i += 1) await noop(`${system}-${i}`);
  }));
  for (let i = 0; i < o.localAfter; i += 1) await local.noop(`after-${i}`);
  for (let i = 0; i < o.signals && o.parent; i += 1) await getExternalWorkflowHandle(o.parent).signal(caseSignal, `signal-${i}`);
}

/** The person workflow's part: signalled with the event (signal-with-start), it starts the case as a child. */
export async function barePersonWorkflow(): Promise<void> {
  const events: BareLeaverShape[] = [];
  let signals = 0;
  setHandler(eventSignal, (shape) => void events.push(shape));
  setHandler(caseSignal, () => void (signals += 1));
  await condition(() => events.length > 0);
  const shape = events.shift()!;
  await startChild(bareLeaverWorkflow, {
    workflowId: `${workflowInfo().workflowId}-case`,
    args: [{ ...shape, parent: workflowInfo().workflowId }],
    parentClosePolicy: ParentClosePolicy.ABANDON,
  });
  await condition(() => signals >= shape.signals);
}

export { eventSignal as bareEventSignal };
