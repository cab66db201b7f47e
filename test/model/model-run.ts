// Model-based randomized test (issue 9): random sequences of what HR and admins do over HTTP (joiners, movers
// into approvals and SoD conflicts, leavers with and without notice, cancels, approvals, reschedules,
// suspensions, hand-granted and temporary access, duplicates, hostile strings), connector faults and time
// passing, for a few people at once, on the time-skipping server with the real worker, PostgreSQL and the
// emulators. After each sequence a bounded settle phase (faults cleared, approvals given, time far ahead),
// then the invariants (test/model/invariants.ts).
//
// `make test` runs it as two files in parallel (leaver-model-{1,2}.test.ts), each with its own stack and seed.
//
//   MODEL_SEED=123 npx jest test/model/leaver-model-1          replay a seed (either file runs it)
//   MODEL_RUNS=400 npx jest test/model                         more sequences (split between the files)
//   MODEL_PATH=4:1:0 (with its seed)                           replay the counterexample fast-check printed
//   MODEL_SHRINK=1                                             shrink a failure (slow: every try is a sequence)
//   MODEL_COMMANDS=20                                          longest sequence (default 14 commands)
//   MODEL_VERBOSE=1                                            print every sequence's commands and answers
//   MODEL_STRICT=1                                             a test-server stall fails instead of being skipped
//   MODEL_TRACE=1                                              print each command as it starts (a hang shows where)
import fc from 'fast-check';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { useTestStack, type TestStack } from '../support/stack';
import { commandArbitraries, joinerArbitrary } from './commands';
import { InvariantFailure, Model, checkInvariants, modelPolicy } from './invariants';
import { ADMINS, CLOSED, DAY, RealSystem, TestServerStall, nameOf, type CaseBody } from './system';

const PEOPLE = 3;
/** Sequences in all (split between the files); `make test` runs this many. */
const DEFAULT_RUNS = 300;
/** Fixed seeds: the gate is repeatable; MODEL_SEED explores (or replays) others. */
const DEFAULT_SEEDS = [20261204, 9090417];
const PARTS = DEFAULT_SEEDS.length;
const say = (line: string) => process.stdout.write(`[model] ${line}\n`);

/** The model test, part `part` (1-based) of PARTS. */
export function modelTest(part: number): void {
  const SEED = process.env.MODEL_SEED ? Number(process.env.MODEL_SEED) : DEFAULT_SEEDS[part - 1]!;
  const RUNS = Math.ceil(Number(process.env.MODEL_RUNS ?? DEFAULT_RUNS) / PARTS);
  const PATH = process.env.MODEL_PATH || undefined;
  const SHRINK = process.env.MODEL_SHRINK === '1';
  const MAX_COMMANDS = Number(process.env.MODEL_COMMANDS ?? 14);
  const SETTLE_ROUNDS = 5;
  const VERBOSE = process.env.MODEL_VERBOSE === '1';
  /** A stall of the time-skipping server (see TestServerStall) fails the run instead of making it inconclusive. */
  const STRICT = process.env.MODEL_STRICT === '1';

  let env: TestWorkflowEnvironment;
  let stack: TestStack;
  let real: RealSystem;
  
  useTestStack((s) => {
    ({ env, stack } = s);
    real = new RealSystem(env, stack);
    if (process.env.MODEL_TRACE === '1') real.log = (line) => say(`  ${line}`);
  });
  
  beforeAll(async () => {
    await real.listen();
    let put = await real.call('put', '/v1/policies', ADMINS[0], modelPolicy());
    // A policy that relaxes the default's control is a proposal: the second admin approves it.
    if (put.status === 202) put = await real.call('post', `/v1/policies/versions/${String(put.body.version)}/approve`, ADMINS[1], {});
    if (put.status !== 200 && put.status !== 201) throw new Error(`PUT /v1/policies: ${put.status} ${JSON.stringify(put.body)}`);
    // A tenant with seats for every sequence's people (the fixture has 100 ENTERPRISEPACK licences).
    for (const sku of stack.tenant.graph!.state.skus) sku.prepaidUnits = 1_000_000;
  });
  
  afterAll(async () => {
    await real?.close();
  });
  
  /**
   * Faults cleared, every pending approval given (by an admin who did not ask), time far ahead, until every case
   * of these people has closed or the rounds run out. Returns their cases as the API lists them.
   */
  async function settle(m: Model): Promise<CaseBody[]> {
    real.clearFaults();
    m.openOutage = false;
    for (let round = 1; round <= SETTLE_ROUNDS; round += 1) {
      await real.quiesce(m.prefix);
      const cases = await real.cases(m.ids());
      const open = cases.filter((c) => !CLOSED.has(c.status));
      if (open.length === 0) return cases;
      for (const c of open.filter((x) => x.status === 'awaiting_approval')) {
        const approver = c.requestedBy === nameOf(ADMINS[1]) ? ADMINS[0] : ADMINS[1];
        const res = await real.call('post', `/v1/cases/${encodeURIComponent(c.caseId)}/approve`, approver, { comment: 'settle' });
        m.log.push(`settle: approve ${c.caseId} → ${res.status}`);
        real.log(`settle: approve ${c.caseId} → ${res.status}`);
      }
      await real.quiesce(m.prefix);
      real.log(`settle: round ${round}, ${open.length} open; sleeping 40 days`);
      await real.sleep(40 * DAY, m.prefix);
      m.log.push(`settle: round ${round}, ${open.length} open, slept 40 days`);
    }
    return real.cases(m.ids());
  }
  
  /** The record of each person and their cases' steps, for a failure's report. */
  async function report(m: Model): Promise<string> {
    const lines: string[] = [];
    try {
      for (const id of m.ids()) {
        const p = await real.person(id);
        lines.push(`  ${id}: ${p ? `${p.state}${p.locked ? ', locked' : ''}; accounts ${JSON.stringify(p.accounts.map((a) => `${a.system}:${a.status}`))}; entitlements ${JSON.stringify(p.entitlements.map((e) => `${e.id}:${e.status}`))}` : 'no record'}`);
      }
      for (const c of await real.cases(m.ids())) {
        lines.push(`  ${c.caseId} ${c.type} ${c.status} (${c.outcome ?? ''}): ${c.steps.map((s) => `${s.at.slice(0, 19)} ${s.name}${s.system ? `@${s.system}` : ''} ${s.status}${s.error ? ` [${s.error}]` : ''}`).join('; ')}`);
      }
    } catch (err) {
      lines.push(`  (report failed: ${(err as Error).message})`);
    }
    return lines.join('\n');
  }
  
  let run = 0;
  const durations: Array<{ run: number; ms: number; commands: number }> = [];
  const stalls: Array<{ run: number; message: string }> = [];
  
  test('every leaver completes, the record matches the systems, no case waits for ever, every history replays', async () => {
    say(`seed ${SEED}, ${RUNS} sequences of up to ${MAX_COMMANDS} commands for ${PEOPLE} people${PATH ? `, path ${PATH}` : ''} (replay: MODEL_SEED=${SEED} npx jest test/model)`);
    const started = Date.now();
    let lastModel: Model | undefined;
    const property = fc.asyncProperty(
      fc.tuple(...Array.from({ length: PEOPLE }, (_, i) => fc.option(joinerArbitrary(i), { freq: 6 }))),
      fc.commands(commandArbitraries(PEOPLE), { maxCommands: MAX_COMMANDS }),
      async (hires, commands) => {
        run += 1;
        const t0 = Date.now();
        const m = new Model(run, `M${run}-`, PEOPLE);
        lastModel = m;
        let count = 0;
        try {
          for (const h of hires) if (h) await h.run(m, real);
          const counted = [...commands];
          count = counted.length + hires.filter(Boolean).length;
          await fc.asyncModelRun(() => ({ model: m, real }), counted);
          const settleStart = Date.now();
          const cases = await settle(m);
          const settleMs = Date.now() - settleStart;
          const problems = await checkInvariants(m, real, cases);
          if (problems.length) throw new InvariantFailure(problems);
          const ms = Date.now() - t0;
          durations.push({ run, ms, commands: count });
          if (VERBOSE) say(`sequence ${run}:\n    ${m.log.join('\n    ')}`);
          say(`sequence ${run}: ${count} commands, ${m.cases.size} cases, ${(ms / 1000).toFixed(1)} s (settle ${(settleMs / 1000).toFixed(1)} s)`);
        } catch (err) {
          if (err instanceof TestServerStall && !STRICT) {
            stalls.push({ run, message: err.message });
            say(`sequence ${run} INCONCLUSIVE after ${((Date.now() - t0) / 1000).toFixed(1)} s (stuck executions terminated):\n    ${m.log.join('\n    ')}\n  ${err.message}`);
            fc.pre(false);
          }
          say(`sequence ${run} FAILED after ${((Date.now() - t0) / 1000).toFixed(1)} s:\n    ${m.log.join('\n    ')}\n  ${(err as Error).message}\n${await report(m)}`);
          throw err;
        }
      },
    );
    try {
      await fc.assert(property, { seed: SEED, numRuns: RUNS, path: PATH, endOnFailure: !SHRINK, interruptAfterTimeLimit: SHRINK ? 30 * 60_000 : undefined });
    } finally {
      const longest = durations.reduce<(typeof durations)[number] | undefined>((a, d) => (!a || d.ms > a.ms ? d : a), undefined);
      if (stalls.length) say(`${stalls.length} sequence(s) inconclusive: the time-skipping server stalled (runs ${stalls.map((x) => x.run).join(', ')}); MODEL_STRICT=1 fails them`);
      say(`${durations.length} sequences passed of ${run} run in ${((Date.now() - started) / 1000).toFixed(0)} s; longest: ${longest ? `sequence ${longest.run}, ${longest.commands} commands, ${(longest.ms / 1000).toFixed(1)} s` : 'none'} (seed ${SEED})`);
      if (lastModel && durations.length + stalls.length !== run) say(`last sequence's log above; replay with MODEL_SEED=${SEED}`);
    }
  }, Number(process.env.MODEL_TIMEOUT_MS ?? Math.max(10 * 60_000, RUNS * 120_000)));
}
