// Recording workflow histories for the replay tests (test/replay): with RECORD_HISTORIES=1, the scenario
// tests that call recordHistory write the history of the named workflow to test/replay/histories/<name>.json.
//   RECORD_HISTORIES=1 npx jest test/workflows
// Re-record only on purpose: the committed histories are what running workflows look like, and replaying
// them is how a change that breaks determinism is caught.
import fs from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

export const HISTORIES_DIR = path.resolve(__dirname, '../replay/histories');

export async function recordHistory(handle: WorkflowHandle, name: string): Promise<void> {
  if (!process.env.RECORD_HISTORIES) return;
  const history = await handle.fetchHistory();
  fs.mkdirSync(HISTORIES_DIR, { recursive: true });
  fs.writeFileSync(path.join(HISTORIES_DIR, `${name}.json`), `${historyJson(history)}\n`);
}

/**
 * The history as JSON: protobufjs's object form (camelCase fields, enum names, 64-bit numbers as strings,
 * bytes as base64), read back with History.fromObject (see test/replay/replay.test.ts).
 */
export function historyJson(history: temporal.api.history.v1.IHistory): string {
  const { History } = temporal.api.history.v1;
  return JSON.stringify(History.toObject(History.fromObject(history), { longs: String, enums: String, bytes: String, defaults: false }));
}

export function historyFromFile(file: string): temporal.api.history.v1.History {
  return temporal.api.history.v1.History.fromObject(JSON.parse(fs.readFileSync(file, 'utf8')));
}
