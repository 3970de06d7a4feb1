// The versioning scenario as a user runs it, at a high speed: its three acts, each verified from the server's record
// (the JSON checks per act), and the histories it keeps replayed by replay-check — the breaking version caught.
import { readdirSync } from 'node:fs';
import { expect } from 'chai';
import type { ScenarioJson } from '../../src/narration/scenario-report';
import { parseJsonOutput, runCli } from '../helpers/cli';
import { useTemporaryFolder } from '../helpers/temporary-folder';

describe('order-demo versioning', () => {
  const temporary = useTemporaryFolder('versioning');
  let result: Awaited<ReturnType<typeof runCli>>;
  let report: ScenarioJson;

  before(async function () {
    this.timeout(180_000);
    result = await runCli(['versioning', '--speed', '50', '--json', '--keep-histories', temporary()]);
    report = parseJsonOutput<ScenarioJson>(result);
  });

  const act = (name: string) => {
    const found = report.acts?.find((candidate) => candidate.name === name);
    if (!found) throw new Error(`no act ${name} in ${JSON.stringify(report.acts?.map((a) => a.name))}`);
    return found;
  };
  const evidence = (name: string, claim: RegExp) =>
    act(name).checks.find((check) => claim.test(check.name))?.evidence ?? '';

  it('passes its three acts on the dev server, exit 0', () => {
    const failed = report.checks.filter((check) => !check.passed);
    expect(failed, JSON.stringify(failed, null, 2)).to.deep.equal([]);
    expect(result.code).to.equal(0);
    expect(report.verdict).to.equal('PASS');
    expect(report.acts?.map(({ name, passed, skipped }) => ({ name, passed, skipped }))).to.deep.equal([
      { name: 'unpatched', passed: true, skipped: undefined },
      { name: 'patched', passed: true, skipped: undefined },
      { name: 'worker-versioning', passed: true, skipped: undefined },
    ]);
  });

  it('act 1: the non-determinism error from the history, the order stuck, then finished in its own run', () => {
    expect(evidence('unpatched', /failed the workflow task of order unpatched-waiting/)).to.match(
      /^WorkflowTaskFailed \(event \d+\), cause NonDeterministicError: .*Activity type of scheduled event 'process_payment' does not match activity type of activity command 'check_fraud'/,
    );
    expect(evidence('unpatched', /unpatched-waiting was stuck but not lost/)).to.match(
      /^describe\(\): RUNNING, pending workflow task on attempt [2-9]/,
    );
    expect(evidence('unpatched', /unpatched-waiting completed in the run it started in/)).to.contain(
      '"Order fulfilled", after 1 recorded workflow task failure(s)',
    );
    // The scenario's own order is the stuck one: its timeline marks the failure.
    expect(report.workflowId).to.match(/^order-unpatched-waiting-\d+$/);
    const marks = report.timeline.rows.flatMap((row) => row.marks);
    expect(
      marks.some((mark) => mark.kind === 'workflow-task-failed' && /Nondeterminism/.test(mark.detail ?? '')),
    ).to.equal(true);
  });

  it('act 2: the gate stops version 2 as written, the patch lets old and new orders through, the life cycle ends clean', () => {
    const { gates, checks } = act('patched');
    expect(
      gates.map((gate) => [gate.against, gate.verdicts.filter((v) => v.open).map((v) => v.passed)]),
    ).to.deep.equal([
      ['version 2 without a patch', [false, false]],
      ['version 2 behind its patch', [true, true]],
      ['version 2 with its patch deprecated', [true]],
      ['version 2 with the branch removed', [true]],
    ]);
    expect(evidence('patched', /patched-new took the new path/)).to.match(
      /^MarkerRecorded of patch "fraud-check-before-payment" \(event \d+\); check_fraud \(event \d+\), process_payment/,
    );
    expect(evidence('patched', /patched-waiting, in flight from version 1, kept the old path/)).to.match(
      /^no patch marker/,
    );
    expect(checks).to.have.length(11);
  });

  it('act 3: orders pinned to the version they started on, version 1 drained, routing unversioned again', () => {
    // The run's own deployment (and task queue): nothing it routes is anyone else's.
    expect(evidence('worker-versioning', /pinned-waiting is pinned/)).to.match(
      /^describe\(\): versioningInfo behavior pinned, deployment version order-demo-versioning-[0-9a-f]{8} v1$/,
    );
    expect(evidence('worker-versioning', /pinned-new is pinned/)).to.match(
      /^describe\(\): versioningInfo behavior pinned, deployment version order-demo-versioning-[0-9a-f]{8} v2$/,
    );
    expect(evidence('worker-versioning', /pinned-waiting ran to its end on v1/)).to.match(
      /WorkflowTaskCompleted, by deployment versions v1; 0 WorkflowTaskFailed/,
    );
    expect(evidence('worker-versioning', /drained/)).to.equal(
      'DescribeWorkerDeploymentVersion: drainage status DRAINED',
    );
  });

  it('keeps every order’s history; replay-check catches those the deployed workflow cannot replay', async () => {
    const kept = readdirSync(temporary());
    expect(kept).to.have.length(11);

    const check = await runCli(['replay-check', temporary()]);

    expect(check.code).to.equal(1);
    expect(check.stdout).to.match(/✓ \S+order-unpatched-waiting-\d+\.json: replays \(\d+ events\)/);
    expect(check.stdout).to.match(
      /✗ \S+order-unpatched-new-\d+\.json: diverges at event 5: the history holds ActivityTaskScheduled check_fraud, the code emitted ScheduleActivityTask process_payment/,
    );
    expect(check.stdout).to.match(/FAIL 5 of 11 histories diverge against standard/);
  });
});
