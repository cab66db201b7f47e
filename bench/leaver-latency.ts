// Leaver latency: from the HR event's POST to the moment every account is disabled and its sessions
// revoked in all three systems (seen in the emulators' state), p50/p90/p99, beside a bare Temporal
// workflow of the same shape on the same server in the same run. Figures only; nothing is asserted.
//
//   make bench-leaver-latency        (npx tsx bench/leaver-latency.ts [--people 50] [--sqlite wal|default] [--eager on|off])
import { performance } from 'node:perf_hooks';
import { Context } from '@temporalio/activity';
import { Worker } from '@temporalio/worker';
import { benchEmployee, startBenchStack, type BenchStack } from './support/bench-stack';
import { arg, runBench } from './support/cli';
import { latencyLine, summarise } from './support/figures';
import { LEAVER_SHAPE, startBareLeaver } from './support/leaver-shape';

const PEOPLE = Number(arg('people', '50'));
const SQLITE = arg('sqlite', 'wal') as 'wal' | 'default';
const EAGER = arg('eager', 'on') !== 'off';
const TIMEOUT_MS = 30_000;

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = TIMEOUT_MS): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

async function hireAll(stack: BenchStack, ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 5) {
    await Promise.all(ids.slice(i, i + 5).map(async (id) => {
      const res = await stack.sendHrEvent({ eventId: `hire-${id}`, type: 'joiner', employee: benchEmployee(id), immediate: true });
      if (res.status !== 202) throw new Error(`hiring ${id}: HTTP ${res.status}`);
      await until(async () => (await stack.store.getCase(res.body.caseId!))?.status === 'completed', `${id} hired`, 120_000);
    }));
  }
}

/** Whether each system holds this person's account disabled with sessions revoked (beyond `before`). */
function revokedEverywhere(stack: BenchStack, ext: Record<string, string>, before: { m365: number; google: number }): boolean {
  const graph = stack.tenant.graph!.state;
  const google = stack.tenant.google!.state;
  const scim = stack.tenant.scim!.emulator.state;
  const m = graph.users.get(ext.m365!);
  const g = google.users.get(ext.google!);
  const s = scim.users.get(ext.scim!);
  return !!m && !m.accountEnabled && (graph.revocations.get(m.id) ?? 0) > before.m365
    && !!g && g.suspended && (google.security.get(g.id)?.signOutCount ?? 0) > before.google
    && !!s && !s.active;
}

async function timeLeaver(stack: BenchStack, id: string): Promise<number> {
  const accounts = await stack.store.listAccounts(id);
  const ext: Record<string, string> = {};
  for (const a of accounts) ext[a.system.startsWith('scim:') ? 'scim' : a.system] = a.externalId;
  const m = stack.tenant.graph!.state.users.get(ext.m365!);
  const g = stack.tenant.google!.state.users.get(ext.google!);
  const before = { m365: stack.tenant.graph!.state.revocations.get(m!.id) ?? 0, google: stack.tenant.google!.state.security.get(g!.id)?.signOutCount ?? 0 };
  const t0 = performance.now();
  const res = await stack.sendHrEvent({ eventId: `leave-${id}`, type: 'leaver', employee: benchEmployee(id), immediate: true, reason: 'benchmark' });
  if (res.status !== 202) throw new Error(`leaver ${id}: HTTP ${res.status}`);
  await until(() => revokedEverywhere(stack, ext, before), `${id} revoked everywhere`);
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const stack = await startBenchStack({ sqlite: SQLITE, eager: EAGER });
  // The bare workflow: as many steps before revocation as an immediate leaver's case has, then one lane
  // per system of disable + revoke sessions, all lanes at once.
  const lanesDone = new Map<string, () => void>();
  const laneEnds = new Map<string, number>();
  const bare = await Worker.create({
    connection: stack.nativeConnection, namespace: 'default', taskQueue: 'bare-leaver',
    workflowsPath: require.resolve('./support/bare-workflows'), dataConverter: stack.dataConverter,
    activities: {
      async noop(label: string) {
        // The end of a lane: its last activity (the clock stops as Gatehouse's does, at the last system revoked).
        if (label !== `${label.split('-')[0]}-${LEAVER_SHAPE.perSystem - 1}` || !LEAVER_SHAPE.systems.includes(label.split('-')[0]!)) return;
        const wf = Context.current().info.workflowExecution?.workflowId ?? '';
        const n = (laneEnds.get(wf) ?? 0) + 1;
        laneEnds.set(wf, n);
        if (n === LEAVER_SHAPE.systems.length) lanesDone.get(wf)?.();
      },
    },
  });
  const bareRun = bare.run();
  try {
    const ids = Array.from({ length: PEOPLE }, (_, i) => `LAT${String(i).padStart(4, '0')}`);
    process.stdout.write(`hiring ${PEOPLE} people (Engineering: accounts and groups in M365, Google and SCIM)…\n`);
    await hireAll(stack, ids);
    const gatehouse: number[] = [];
    const floor: number[] = [];
    for (const [i, id] of ids.entries()) {
      gatehouse.push(await timeLeaver(stack, id));
      const wf = `bare-person-${i}`;
      const done = new Promise<void>((r) => lanesDone.set(`${wf}-case`, r));
      const t0 = performance.now();
      await startBareLeaver(stack.client, 'bare-leaver', wf);
      await done;
      floor.push(performance.now() - t0);
    }
    const g = summarise(gatehouse);
    const b = summarise(floor);
    process.stdout.write(`\nleaver → revoked in M365, Google and SCIM (dev server SQLite: ${SQLITE}, eager activities ${EAGER ? 'on' : 'off'}, PostgreSQL, ${PEOPLE} leavers one at a time)\n`);
    process.stdout.write(`${latencyLine('Gatehouse (HTTP → all revoked)', g)}\n`);
    process.stdout.write(`${latencyLine('bare workflow, same shape', b)}\n`);
    process.stdout.write(`Gatehouse p50 is ${(g.p50 / b.p50).toFixed(1)}× the bare workflow's\n`);
  } finally {
    bare.shutdown();
    await bareRun;
    await stack.stop();
  }
}

runBench('leaver-latency', main);
