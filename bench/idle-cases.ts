// Idle cases: many leavers waiting on their notice timers. Prints the bench process's RSS and CPU while
// they wait (worker, API and emulators share it: an upper bound for the worker), then stops the Temporal
// server and the worker while the timers fall due, starts both again, and times until every due timer has
// fired (each person's leaver case started) and until every revocation is done. Figures only.
//
//   make bench-idle-cases            (npx tsx bench/idle-cases.ts [--cases 10000] [--idle-seconds 30])
// People are put on the record directly (no accounts: the timers are what is measured, not the systems).
import { performance } from 'node:perf_hooks';
import { startBenchStack, benchEmployee, type BenchStack } from './support/bench-stack';
import { arg, inParallel, runBench } from './support/cli';

const CASES = Number(arg('cases', '10000'));
const IDLE_SECONDS = Number(arg('idle-seconds', '30'));
const SENDERS = 16;
const DOWN_MS = 15_000;

async function countWhere(stack: BenchStack, sql: string, ids: string[]): Promise<number> {
  const r = await stack.pool.query<{ n: string }>(sql, [ids]);
  return Number(r.rows[0]!.n);
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const t0 = performance.now();
  while (!(await check())) {
    if (performance.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return (performance.now() - t0) / 1000;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function main(): Promise<void> {
  const stack = await startBenchStack({});
  try {
    const ids = Array.from({ length: CASES }, (_, i) => `IDLE${String(i).padStart(6, '0')}`);
    process.stdout.write(`recording ${CASES} active people…\n`);
    await inParallel(ids, SENDERS, async (id) => {
      await stack.store.upsertPerson({ ...benchEmployee(id), employmentType: 'employee' }, { caseId: null, state: 'active' });
    });

    // Due after the sending, the idle measurement and the first seconds of the restart (estimated at 40
    // leavers/s accepted); a leaver whose timer falls due earlier still counts, it just fires sooner.
    const dueAt = new Date(Date.now() + (CASES / 40 + IDLE_SECONDS + 20) * 1000);
    process.stdout.write(`sending ${CASES} leavers with notice, last moment ${dueAt.toISOString()}…\n`);
    const caseIds: string[] = [];
    const s0 = performance.now();
    await inParallel(ids, SENDERS, async (id) => {
      const res = await stack.sendHrEvent({ eventId: `leave-${id}`, type: 'leaver', employee: benchEmployee(id), effectiveAt: dueAt.toISOString(), reason: 'benchmark' });
      if (res.status !== 202) throw new Error(`leaver ${id}: HTTP ${res.status}`);
      caseIds.push(res.body.caseId!);
    });
    const sendSeconds = (performance.now() - s0) / 1000;
    const inNotice = await until('every person in notice', async () =>
      (await countWhere(stack, `SELECT count(*) AS n FROM people WHERE employee_id = ANY($1) AND state = 'notice'`, ids)) === CASES, 30 * 60_000);
    process.stdout.write(`sent in ${sendSeconds.toFixed(1)} s (${(CASES / sendSeconds).toFixed(0)}/s); every person in notice ${inNotice.toFixed(1)} s later\n`);

    global.gc?.();
    const cpu0 = process.cpuUsage();
    const w0 = performance.now();
    let peakRss = 0;
    while (performance.now() - w0 < IDLE_SECONDS * 1000) {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      await new Promise((r) => setTimeout(r, 500));
    }
    const cpu = process.cpuUsage(cpu0);
    const cpuShare = (cpu.user + cpu.system) / 1000 / (performance.now() - w0);
    process.stdout.write(`idle ${IDLE_SECONDS} s with ${CASES} timers waiting: RSS ${mb(peakRss)} (peak), CPU ${(cpuShare * 100).toFixed(1)}% of one core (worker, API and emulators in this process)\n`);

    const untilDue = Math.max(0, dueAt.getTime() - Date.now());
    process.stdout.write(`stopping the Temporal server and the worker; starting them again ${((untilDue + DOWN_MS) / 1000).toFixed(0)} s later, after the timers are due…\n`);
    const r0 = performance.now();
    await stack.restartTemporalAndWorker(untilDue + DOWN_MS);
    const restartedAt = performance.now();
    process.stdout.write(`restarted in ${((restartedAt - r0 - untilDue - DOWN_MS) / 1000).toFixed(1)} s (down ${((untilDue + DOWN_MS) / 1000).toFixed(0)} s)\n`);
    const started = `SELECT count(*) AS n FROM cases WHERE case_id = ANY($1) AND status NOT IN ('scheduled')`;
    const fired = await until('every due timer fired', async () => (await countWhere(stack, started, caseIds)) === CASES, 30 * 60_000);
    const done = `SELECT count(*) AS n FROM cases WHERE case_id = ANY($1) AND status = 'completed'`;
    const completed = await until('every revocation done', async () => (await countWhere(stack, done, caseIds)) === CASES, 60 * 60_000);
    process.stdout.write(`\nidle cases (${CASES} leavers on notice timers, dev server SQLite WAL, PostgreSQL)\n`);
    process.stdout.write(`idle: RSS ${mb(peakRss)}, CPU ${(cpuShare * 100).toFixed(1)}% of one core\n`);
    process.stdout.write(`after the restart: every due timer fired (case running) in ${fired.toFixed(1)} s; every leaver completed in ${(fired + completed).toFixed(1)} s\n`);
  } finally {
    await stack.stop();
  }
}

runBench('idle-cases', main);
