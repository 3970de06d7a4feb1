// Determinism guard: the recorded history of every scenario, and of the workflow's paths no scenario takes, replays
// against the current workflow code. A change that would break running workflows (a different command sequence)
// fails here. Re-record the scenarios' fixtures with
//   npm run build && ./bin/run.js all --speed 10 --save-histories test/fixtures/histories
// and the others as test/workflows/order-workflow.time-skipping.test.ts says.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '../../src/temporal/sdk-internals';
import { ReplayError, Worker } from '@temporalio/worker';
import { expect } from 'chai';
import { ALL_SCENARIOS } from '../../src/scenarios/catalog';
import { packageRoot } from '../../src/processes/server-executables';
import { workflowCodeFor } from '../../src/temporal/workflow-bundle';
import { installSdkRuntime } from '../../src/temporal/sdk-runtime';

const FIXTURES = path.join(packageRoot(), 'test', 'fixtures', 'histories');
const fixtures = readdirSync(FIXTURES).filter((file) => file.endsWith('.json'));

function history(file: string) {
  return historyFromJSON(JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8')));
}

describe('replay of recorded scenario histories', () => {
  before(() => installSdkRuntime({ verbose: false }));

  it('has a fixture for every scenario', () => {
    const names = fixtures.map((file) => path.basename(file, '.json'));
    expect(names).to.include.members(ALL_SCENARIOS.map((scenario) => scenario.name));
  });

  for (const file of fixtures) {
    it(`replays ${file} against the current OrderWorkflow`, async () => {
      await Worker.runReplayHistory({ ...workflowCodeFor('standard') }, history(file));
    });
  }

  it('fails for workflow code that changed what it does (the injected bug)', async () => {
    try {
      await Worker.runReplayHistory({ ...workflowCodeFor('with-injected-bug') }, history('happy-path.json'));
      expect.fail('the replay should have failed');
    } catch (error) {
      expect(error).to.be.instanceOf(ReplayError);
    }
  });
});
