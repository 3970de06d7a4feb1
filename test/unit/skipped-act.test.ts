// A scenario part of which did not run — the versioning scenario's Worker Versioning act, on a server that refuses
// the Worker Deployment API — is SKIPPED, not PASS: in its report, the story's verdict, --json, --junit and `all`'s
// counts. Not a failure either: it exits 0, as `all` does with a scenario its server cannot run.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { expect } from 'chai';
import { renderJunitReport } from '../../src/narration/junit-report';
import type { RunMeta } from '../../src/narration/presenter';
import { scenarioCases, scenarioJson, scenarioPresenter } from '../../src/narration/scenario-report';
import { countOutcomes, renderSummary } from '../../src/narration/summary-table';
import { packageRoot } from '../../src/processes/server-executables';
import { verdictOf } from '../../src/scenarios/scenario';
import type { ActResult } from '../../src/scenarios/versioning/act';
import type { VersionedOrder } from '../../src/scenarios/versioning/orders';
import { versioning, versioningReport } from '../../src/scenarios/versioning/scenario';
import { skippedWorkerVersioning } from '../../src/scenarios/versioning/worker-versioning';
import { historyFromJSON } from '../../src/temporal/sdk-internals';
import type { Check } from '../../src/verification/checks';
import { workflowFacts } from '../../src/verification/workflow-facts';
import { caseNamed, junitSuite, outputOf } from '../helpers/junit';

const REFUSED = 'the server refuses the Worker Deployment API (unimplemented)';
const META: RunMeta = {
  durationMs: 60_000,
  speed: 50,
  server: { kind: 'external', address: '127.0.0.1:7233', namespace: 'default' },
  steps: [],
};
const PASSED: Check = { name: 'what the act showed', passed: true, evidence: 'from the history' };

/** An act that ran, with these checks, over the recorded order version 2 broke. */
function ranAct(name: string, checks: Check[]): ActResult {
  const file = path.join(packageRoot(), 'test', 'fixtures', 'histories', 'versioning.json');
  const history = historyFromJSON(JSON.parse(readFileSync(file, 'utf8'))).events ?? [];
  const execution = { workflowId: 'order-unpatched-waiting-1', runId: 'run-1' };
  // The report reads only the IDs of an order's handle.
  const handle = {
    workflowId: execution.workflowId,
    firstExecutionRunId: execution.runId,
  } as WorkflowHandleWithFirstExecutionRunId;
  const order = { orderId: 'unpatched-waiting', handle } as VersionedOrder;
  return {
    report: {
      name,
      title: name,
      passed: checks.every((check) => check.passed),
      orders: [],
      gates: [],
      checks,
    },
    closed: [{ order, facts: workflowFacts(execution, history), history }],
  };
}

function reportWith(acts: ActResult[]) {
  return versioningReport({ workflowUrl: () => undefined }, acts);
}

describe('a scenario with an act its server refused', () => {
  const skipped = reportWith([
    ranAct('unpatched', [PASSED]),
    ranAct('patched', [PASSED]),
    skippedWorkerVersioning(REFUSED),
  ]);

  it('is not a pass: SKIPPED, with the act and the reason, and exit 0', () => {
    expect(skipped.passed).to.equal(false);
    expect(verdictOf(skipped)).to.equal('SKIPPED');
    expect(skipped.acts?.map(({ name, passed, skipped }) => ({ name, passed, skipped }))).to.deep.equal([
      { name: 'unpatched', passed: true, skipped: undefined },
      { name: 'patched', passed: true, skipped: undefined },
      { name: 'worker-versioning', passed: false, skipped: REFUSED },
    ]);
    expect(versioning.exitCode?.(skipped)).to.equal(0);
  });

  it('a check that failed still makes it FAIL, exit 1', () => {
    const failed = reportWith([
      ranAct('unpatched', [{ ...PASSED, passed: false }]),
      ranAct('patched', [PASSED]),
      skippedWorkerVersioning(REFUSED),
    ]);
    expect(verdictOf(failed)).to.equal('FAIL');
    expect(versioning.exitCode?.(failed)).to.equal(1);
  });

  it('every act ran and passed: PASS', () => {
    const all = reportWith([
      ranAct('unpatched', [PASSED]),
      ranAct('patched', [PASSED]),
      ranAct('worker-versioning', [PASSED]),
    ]);
    expect(all.passed).to.equal(true);
    expect(verdictOf(all)).to.equal('PASS');
    expect(scenarioJson(all, META).verdict).to.equal('PASS');
  });

  it('the story ends SKIPPED and names what did not run', () => {
    const lines: string[] = [];
    scenarioPresenter.conclude(
      skipped,
      { color: false, line: (text = '') => lines.push(text), problem: () => undefined },
      META,
    );
    expect(lines.at(-1)).to.equal(
      `SKIPPED versioning: 2/2 checks passed in 1m00s; act 3 (${skipped.acts?.[2].title}) skipped: ${REFUSED}`,
    );
  });

  it('--json: verdict SKIPPED beside passed false, every field it had kept', () => {
    const json = scenarioJson(skipped, META);
    expect(json).to.include({ scenario: 'versioning', passed: false, verdict: 'SKIPPED' });
    expect(json.acts?.[2].skipped).to.equal(REFUSED);
    expect(json.checks).to.have.length(2);
  });

  it('--junit: a skipped case with the reason and the checks that ran, neither passed nor failed', async () => {
    const suite = await junitSuite(
      renderJunitReport({
        command: 'order-demo versioning',
        startedAt: new Date('2025-01-01T12:00:00Z'),
        ...META,
        cases: scenarioPresenter.junit?.(skipped, META).cases ?? [],
      }),
    );
    expect(suite).to.include({ tests: 1, failures: 0, errors: 0, skipped: 1 });
    const testCase = caseNamed(suite, 'versioning');
    expect(testCase.skipped).to.deep.equal([
      { message: `act 3 (${skipped.acts?.[2].title}) skipped: ${REFUSED}` },
    ]);
    expect(testCase.time).to.equal(60);
    expect(outputOf(testCase)).to.include('✓ act 1: what the act showed');
  });

  it('all: counted as skipped, not passed; its row says SKIPPED with the reason', async () => {
    const outcomes = [{ ...scenarioJson(skipped, META), durationMs: 60_000 }];
    expect(countOutcomes(outcomes)).to.deep.equal({ passed: 0, failed: 0, skipped: 1 });
    expect(renderSummary(outcomes, 'external', 60_000, false)).to.match(/SKIPPED — Order fulfilled; act 3/);
    const suite = await junitSuite(
      renderJunitReport({
        command: 'order-demo all',
        startedAt: new Date('2025-01-01T12:00:00Z'),
        ...META,
        cases: scenarioCases(outcomes),
      }),
    );
    expect(suite).to.include({ tests: 1, failures: 0, skipped: 1 });
  });
});
