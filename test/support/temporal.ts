// Temporal for tests: the Java time-skipping test server and the CLI's dev server, both installed into
// .tools/ by scripts/install-tools.sh, handed to the SDK as existing executables (no downloads).
import path from 'node:path';
import fs from 'node:fs';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporal } from '@temporalio/proto';
import { DefaultLogger, Runtime, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { SEARCH_ATTRIBUTE_REGISTRATIONS } from '../../workflows/definitions';
import { appendTestLogLine } from './log-capture';
import { WORKFLOW_BUNDLE_OPTIONS } from '../../workers/worker';
import { TEST_DATA_CONVERTER } from './payload-keys';

const ROOT = path.resolve(__dirname, '../..');

// The SDK's worker, workflow and activity lines go to the test file's log for the secret scan; the
// console gets them only when something is wrong, to keep test output readable.
const toConsole = new DefaultLogger('WARN');
try {
  Runtime.install({
    logger: new DefaultLogger('INFO', (entry) => {
      appendTestLogLine(JSON.stringify({ time: Number(entry.timestampNanos / 1_000_000n), level: entry.level, name: 'temporal-sdk', msg: entry.message, ...entry.meta }, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v instanceof Error ? { name: v.name, message: v.message, stack: v.stack } : v)));
      if (entry.level === 'WARN' || entry.level === 'ERROR') toConsole.log(entry.level, entry.message, entry.meta);
    }),
  });
} catch {
  // already installed in this process
}
export const TEST_SERVER = path.join(ROOT, '.tools/temporal-test-server/run');
export const TEMPORAL_CLI = path.join(ROOT, '.tools/temporal');

function requireTool(p: string): string {
  if (!fs.existsSync(p)) throw new Error(`${p} is missing: run \`bash scripts/install-tools.sh\` (make test does)`);
  return p;
}

/**
 * The time-skipping environment, retried: on a loaded machine the JVM can miss the SDK's five-second
 * start-up window, which says nothing about the code under test.
 */
export async function timeSkippingEnvironment(attempts = 5): Promise<TestWorkflowEnvironment> {
  for (let i = 1; ; i += 1) {
    try {
      return await startTimeSkipping();
    } catch (err) {
      if (i >= attempts || !/did not start|Connection refused|ECONNREFUSED/i.test(String((err as Error).message))) throw err;
      await new Promise((r) => setTimeout(r, 1000 * i));
    }
  }
}

async function startTimeSkipping(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: requireTool(TEST_SERVER) } },
    client: { dataConverter: TEST_DATA_CONVERTER }, // payloads encrypted, as deployed
  });
  // The Java test server knows only the default search attributes until they are added.
  const { IndexedValueType } = temporal.api.enums.v1;
  const types = { Keyword: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD, Datetime: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME, Bool: IndexedValueType.INDEXED_VALUE_TYPE_BOOL };
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(Object.entries(SEARCH_ATTRIBUTE_REGISTRATIONS).map(([name, type]) => [name, types[type]])),
  });
  return env;
}

export async function devServerEnvironment(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: requireTool(TEMPORAL_CLI) },
      searchAttributes: Object.entries(SEARCH_ATTRIBUTE_REGISTRATIONS).map(([name, type]) => ({ name, type: type.toUpperCase() as never })),
      extraArgs: ['--headless'],
    },
    client: { dataConverter: TEST_DATA_CONVERTER },
  });
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/** The workflows bundle, built once per test file. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ ...WORKFLOW_BUNDLE_OPTIONS, logger: { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: console.error } as never });
  return bundle;
}
