// New workflow code while orders are in flight, in three acts: version 2 deployed without a thought for them (the
// non-determinism error), version 2 behind a patch and the patch's life cycle guarded by the replay gate, and Worker
// Versioning. Version 1 is the sample's workflow; version 2 adds a fraud check before payment (workflows/versions/).
import { EXIT } from '../../domain/errors';
import { requireRealTime } from '../../runs/runnable';
import type { TemporalServer } from '../../temporal/servers/server';
import { startInProcessWorker } from '../../temporal/workers';
import { allPassed } from '../../verification/checks';
import { buildTimeline } from '../../verification/timeline';
import type { Scenario, ScenarioReport } from '../scenario';
import { verdictOf } from '../scenario';
import type { ActResult } from './act';
import { executionOf } from './orders';
import { patched } from './patched';
import { newVersioningScope } from './scope';
import { unpatched } from './unpatched';
import { workerVersioning } from './worker-versioning';

const ACTS = 3;

/** The report of the acts: the first act's stuck order is the scenario's own (its timeline marks the failure). */
export function versioningReport(
  server: Pick<TemporalServer, 'workflowUrl'>,
  results: readonly ActResult[],
): ScenarioReport {
  const [main] = results[0].closed;
  const execution = executionOf(main.order);
  const checks = results.flatMap(({ report }, index) =>
    report.checks.map((check) => ({ ...check, name: `act ${index + 1}: ${check.name}` })),
  );
  return {
    scenario: versioning.name,
    ...execution,
    status: main.facts.status,
    result: main.facts.result,
    failure: main.facts.failure,
    expected: 'fulfilled',
    checks,
    // An act this server refused did not run: what it would have shown is not shown, and the run is no pass.
    passed: allPassed(checks) && results.every(({ report }) => report.skipped === undefined),
    uiUrl: server.workflowUrl(execution.workflowId, execution.runId),
    timeline: buildTimeline(execution, main.history),
    acts: results.map(({ report }) => report),
  };
}

export const versioning: Scenario = {
  name: 'versioning',
  title: 'Versioning: new workflow code while orders are in flight',
  summary:
    'New workflow code over orders in flight: the non-determinism error, patching and its life cycle, Worker Versioning.',
  lesson:
    'A deployment changes what the workflow does — here, a fraud check before payment — while orders are in ' +
    'flight. A worker that replays an old order with the new code finds the history disagreeing and fails the ' +
    'workflow task: the order is stuck, not lost, until code that agrees with its history comes back. Patching ' +
    'keeps both paths in one code base; Worker Versioning keeps each order on the workers of its version; a replay ' +
    'of kept histories against the new code catches the breaking change before it ships.',
  options: {},
  validate: (_, server) =>
    requireRealTime(
      versioning.name,
      server,
      'it swaps workers under orders that wait in real time, and the time-skipping test server has no Worker ' +
        'Versioning',
    ),
  async run(scenarioContext) {
    const context = { ...scenarioContext, scope: newVersioningScope() };
    // Activities are not versioned in the first two acts: one worker serves both versions' (the fraud check too).
    const activities = await startInProcessWorker(context, 'activity', {
      withFraudCheck: true,
      narrated: false,
      taskQueue: context.scope.taskQueue,
    });
    const results = [await unpatched(context, 1, ACTS), await patched(context, 2, ACTS)];
    await activities.stop();
    context.events.emit({ type: 'worker.stopped', role: 'activity' });
    results.push(await workerVersioning(context, 3, ACTS));
    return versioningReport(context.server, results);
  },
  // A skipped act is not a failure either: the verdict (SKIPPED) says what did not run.
  exitCode: (report) => (verdictOf(report) === 'FAIL' ? EXIT.failed : EXIT.ok),
};
