// Throughput: a burst of mixed cases through the API (mostly immediate leavers, some joiners),
// timed from the first POST until every case has completed, beside the same number of bare workflows of
// the leaver's shape on the same server in the same run. Prints both rates and their ratio. Figures only.
//
//   make bench-throughput            (npx tsx bench/throughput.ts [--cases 1000] [--sqlite wal|default])
// People to leave are hired first (not timed). Movers are left out: a move stays open through its grace
// period, so "completed" would time the grace period.
import { performance } from 'node:perf_hooks';
import { Worker } from '@temporalio/worker';
import { benchEmployee, startBenchStack, type BenchStack } from './support/bench-stack';
import { arg, inParallel, runBench } from './support/cli';
import { startBareLeaver } from './support/leaver-shape';

const CASES = Number(arg('cases', '1000'));
const SQLITE = arg('sqlite', 'wal') as 'wal' | 'default';
const SENDERS = 16; // HR events in flight at once
const LEAVERS = Math.round(CASES * 0.85);
const JOINERS = CASES - LEAVERS;

async function allCompleted(stack: BenchStack, caseIds: string[], timeoutMs: number): Promise<number> {
  const pending = new Set(caseIds);
  const deadline = performance.now() + timeoutMs;
  while (pending.size > 0 && performance.now() < deadline) {
    const ids = [...pending];
    const rows = await stack.pool.query<{ case_id: string }>(`SELECT case_id FROM cases WHERE case_id = ANY($1) AND status = 'completed'`, [ids]);
    for (const r of rows.rows) pending.delete(r.case_id);
    if (pending.size > 0) await new Promise((r) => setTimeout(r, 100));
  }
  if (pending.size > 0) {
    // Say where the stragglers are, rather than a bare count.
    const rows = await stack.pool.query<{ status: string; n: string }>(`SELECT status, count(*) AS n FROM cases WHERE case_id = ANY($1) GROUP BY status`, [[...pending]]);
    const missing = pending.size - rows.rows.reduce((a, r) => a + Number(r.n), 0);
    process.stdout.write(`not completed in time: ${rows.rows.map((r) => `${r.n} ${r.status}`).join(', ')}${missing ? `, ${missing} not on the record` : ''}\n`);
  }
  return caseIds.length - pending.size;
}

async function send(stack: BenchStack, event: object, out: string[]): Promise<void> {
  const res = await stack.sendHrEvent(event);
  if (res.status !== 202) throw new Error(`HTTP ${res.status} for ${JSON.stringify(event).slice(0, 80)}`);
  out.push(res.body.caseId!);
}

async function main(): Promise<void> {
  const stack = await startBenchStack({ sqlite: SQLITE });
  const bare = await Worker.create({
    connection: stack.nativeConnection, namespace: 'default', taskQueue: 'bare-throughput',
    workflowsPath: require.resolve('./support/bare-workflows'), dataConverter: stack.dataConverter, activities: { async noop() {} },
  });
  const bareRun = bare.run();
  try {
    const staff = Array.from({ length: LEAVERS }, (_, i) => `TP${String(i).padStart(5, '0')}`);
    process.stdout.write(`hiring ${staff.length} people to leave (not timed)…\n`);
    const hires: string[] = [];
    await inParallel(staff, SENDERS, (id) => send(stack, { eventId: `hire-${id}`, type: 'joiner', employee: benchEmployee(id), immediate: true }, hires));
    if ((await allCompleted(stack, hires, 30 * 60_000)) !== hires.length) throw new Error('not every hire completed');

    const events = [
      ...staff.map((id) => ({ eventId: `leave-${id}`, type: 'leaver', employee: benchEmployee(id), immediate: true, reason: 'benchmark' })),
      ...Array.from({ length: JOINERS }, (_, i) => `TJ${String(i).padStart(5, '0')}`).map((id) => ({ eventId: `hire-${id}`, type: 'joiner', employee: benchEmployee(id), immediate: true })),
    ].sort((a, b) => (a.eventId < b.eventId ? -1 : 1)); // interleave the kinds
    process.stdout.write(`timing ${events.length} cases: ${LEAVERS} immediate leavers, ${JOINERS} joiners…\n`);
    const started: string[] = [];
    const t0 = performance.now();
    await inParallel(events, SENDERS, (e) => send(stack, e, started));
    const done = await allCompleted(stack, started, 30 * 60_000);
    const gatehouseSeconds = (performance.now() - t0) / 1000;

    const b0 = performance.now();
    const ids = Array.from({ length: CASES }, (_, i) => i);
    await inParallel(ids, SENDERS, async (i) => {
      await startBareLeaver(stack.client, 'bare-throughput', `bare-throughput-${i}`);
    });
    await Promise.all(ids.map((i) => stack.client.workflow.getHandle(`bare-throughput-${i}`).result()));
    const bareSeconds = (performance.now() - b0) / 1000;

    const g = done / gatehouseSeconds;
    const b = CASES / bareSeconds;
    process.stdout.write(`\nthroughput (dev server SQLite: ${SQLITE}, PostgreSQL, ${SENDERS} HR events in flight)\n`);
    process.stdout.write(`Gatehouse: ${done}/${events.length} cases completed in ${gatehouseSeconds.toFixed(1)} s = ${g.toFixed(2)} cases/s\n`);
    process.stdout.write(`bare workflow of the leaver's shape: ${CASES} in ${bareSeconds.toFixed(1)} s = ${b.toFixed(2)} workflows/s\n`);
    process.stdout.write(`ratio: ${(g / b).toFixed(2)}\n`);
  } finally {
    bare.shutdown();
    await bareRun;
    await stack.stop();
  }
}

runBench('throughput', main);
