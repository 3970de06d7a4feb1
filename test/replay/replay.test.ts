// Determinism guard: the recorded history of every scenario, and of the workflow's paths no scenario takes, replays
// against the current workflow code, and so do the histories the Python sample's workers wrote. A change that would
// break running workflows (a different command sequence) fails here. Re-record the scenarios' fixtures with
//   npm run build && ./bin/run.js all --speed 10 --save-histories test/fixtures/histories
// the paths no scenario takes as test/workflows/order-workflow.time-skipping.test.ts says, the Python ones with
// UPDATE_PYTHON_HISTORIES=1 and the interop test "histories that Python workers wrote", and the versions' ones from
// `versioning --keep-histories DIR` (see docs/versioning.md).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '../../src/temporal/sdk-internals';
import { ReplayError, Worker } from '@temporalio/worker';
import { expect } from 'chai';
import { ALL_SCENARIOS } from '../../src/scenarios/catalog';
import { packageRoot } from '../../src/processes/server-executables';
import { workflowCodeFor } from '../../src/temporal/workflow-bundle';
import { replayHistories } from '../../src/temporal/replay';
import { installSdkRuntime } from '../../src/temporal/sdk-runtime';
import type { WorkflowVariant } from '../../src/workflows/variants';
import { WORKFLOW_VARIANTS } from '../../src/workflows/variants';

const FIXTURES = path.join(packageRoot(), 'test', 'fixtures', 'histories');
const PYTHON_FIXTURES = path.join(packageRoot(), 'test', 'fixtures', 'python-histories');
const VERSION_FIXTURES = path.join(packageRoot(), 'test', 'fixtures', 'version-histories');
const fixtures = readdirSync(FIXTURES).filter((file) => file.endsWith('.json'));

function history(file: string, folder = FIXTURES) {
  return historyFromJSON(JSON.parse(readFileSync(path.join(folder, file), 'utf8')));
}

/**
 * The patch's life cycle in a table: which code replays a run started on which (a run of the versioning scenario
 * each). Version 1's runs need the patched code until they are gone; the patched runs need patched() or
 * deprecatePatch(); the deprecated ones replay on the branch removed.
 */
const REPLAYS: Record<string, Record<WorkflowVariant, boolean>> = {
  'version 1 (happy-path.json)': {
    standard: true,
    'with-injected-bug': false,
    v2: false,
    'v2-patched': true,
    'v2-deprecated': false,
  },
  'v2.json': {
    standard: false,
    'with-injected-bug': false,
    v2: true,
    'v2-patched': false,
    'v2-deprecated': true,
  },
  'v2-patched.json': {
    standard: false,
    'with-injected-bug': false,
    v2: false,
    'v2-patched': true,
    'v2-deprecated': true,
  },
  'v2-deprecated.json': {
    standard: false,
    'with-injected-bug': false,
    v2: true,
    'v2-patched': true,
    'v2-deprecated': true,
  },
};

function versionHistory(name: string) {
  return name.endsWith('(happy-path.json)') ? history('happy-path.json') : history(name, VERSION_FIXTURES);
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

  for (const file of readdirSync(PYTHON_FIXTURES)) {
    it(`replays ${file}, written by the Python sample's workers, against the current OrderWorkflow`, async () => {
      await Worker.runReplayHistory({ ...workflowCodeFor('standard') }, history(file, PYTHON_FIXTURES));
    });
  }

  describe('the versions of the versioning scenario', () => {
    let matrix: Record<string, Record<WorkflowVariant, boolean>>;
    before(async () => {
      matrix = await replayMatrix();
    });

    for (const [name, replaysOn] of Object.entries(REPLAYS)) {
      const on = Object.entries(replaysOn).filter(([, replays]) => replays);
      it(`a run started on ${name.replace(/\.json$/, '')} replays on ${on.map(([variant]) => variant).join(', ')} only`, () => {
        expect(matrix[name]).to.deep.equal(replaysOn);
      });
    }
  });

  it('fails for workflow code that changed what it does (the injected bug)', async () => {
    try {
      await Worker.runReplayHistory({ ...workflowCodeFor('with-injected-bug') }, history('happy-path.json'));
      expect.fail('the replay should have failed');
    } catch (error) {
      expect(error).to.be.instanceOf(ReplayError);
    }
  });
});

/** Which of the version histories replay against each variant's code: one replay worker per variant. */
async function replayMatrix(): Promise<Record<string, Record<WorkflowVariant, boolean>>> {
  const names = Object.keys(REPLAYS);
  const recorded = names.map((name) => ({ name, events: versionHistory(name).events ?? [] }));
  const matrix: Record<string, Record<WorkflowVariant, boolean>> = Object.fromEntries(
    names.map((name) => [name, {} as Record<WorkflowVariant, boolean>]),
  );
  for (const variant of WORKFLOW_VARIANTS) {
    for (const verdict of await replayHistories(recorded, variant))
      matrix[verdict.name][variant] = verdict.passed;
  }
  return matrix;
}
