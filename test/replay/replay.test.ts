// Replay tests: every committed history in test/replay/histories is replayed against the current workflow
// code. A change that would break a running workflow (a command added, removed or reordered without a patch)
// fails here. The histories come from the scenario tests: RECORD_HISTORIES=1 npx jest test/workflows
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../support/temporal';
import { historyFromFile } from '../support/workflow-histories';
import { TEST_DATA_CONVERTER } from '../support/payload-keys';

const DIR = path.join(__dirname, 'histories');
const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

test('there is a committed history of every case type and of the person workflow', () => {
  const types = new Set(files.map((f) => f.replace(/\.json$/, '').split('-')[0]));
  for (const t of ['person', 'joiner', 'mover', 'leaver', 'suspend', 'reactivate', 'access']) expect(types).toContain(t);
});

test.each(files)('%s replays deterministically', async (file) => {
  const history = historyFromFile(path.join(DIR, file));
  await Worker.runReplayHistory({ workflowBundle: await workflowBundle(), dataConverter: TEST_DATA_CONVERTER }, history, file.replace(/\.json$/, ''));
}, 120_000);
