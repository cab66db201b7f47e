// Webhook intake: how many verified duplicate HR events per second the API answers (an HR system that
// retries, or replays a day's events), and their latency. One event starts a case; the same event sent
// again, freshly signed each time, must answer 200 duplicate and start nothing. Figures only.
//
//   make bench-webhook-intake        (npx tsx bench/webhook-intake.ts [--seconds 10] [--concurrency 32])
// The load comes from this process, which also runs the API: the figure is a floor.
import { performance } from 'node:perf_hooks';
import { startBenchStack } from './support/bench-stack';
import { arg, runBench } from './support/cli';
import { latencyLine, summarise } from './support/figures';

const SECONDS = Number(arg('seconds', '10'));
const CONCURRENCY = Number(arg('concurrency', '32'));

async function main(): Promise<void> {
  const stack = await startBenchStack();
  try {
    const event = {
      eventId: 'intake-1', type: 'joiner', immediate: true,
      employee: { employeeId: 'INTAKE1', givenName: 'Ada', familyName: 'Intake', department: 'Sales', location: 'London', jobTitle: 'Rep', employmentType: 'employee' },
    };
    const first = await stack.sendHrEvent(event);
    if (first.status !== 202) throw new Error(`the first event answered HTTP ${first.status}`);
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    let notDuplicate = 0;
    const end = performance.now() + SECONDS * 1000;
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        const res = await stack.sendHrEvent(event);
        latencies.push(performance.now() - t0);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status !== 200 || res.body.duplicate !== true) notDuplicate += 1;
      }
    }));
    const cases = await stack.store.listCases({ employeeId: 'INTAKE1', limit: 100 });
    process.stdout.write(`\nverified duplicate HR events, ${CONCURRENCY} at a time for ${SECONDS} s\n`);
    process.stdout.write(`${(latencies.length / SECONDS).toFixed(0)} events/s; answers ${JSON.stringify(Object.fromEntries(statuses))}; not a duplicate: ${notDuplicate}; cases for the person: ${cases.items.length}\n`);
    process.stdout.write(`${latencyLine('duplicate event → 200', summarise(latencies))}\n`);
  } finally {
    await stack.stop();
  }
}

runBench('webhook-intake', main);
