// Every scenario command as a user runs it, at a high speed: exit code and the checks in the JSON.
import { expect } from 'chai';
import type { ScenarioJson } from '../../src/narration/scenario-report';
import { parseJsonOutput, runCli } from '../helpers/cli';

async function runScenario(args: string[]): Promise<{ code: number | null; report: ScenarioJson }> {
  const result = await runCli([...args, '--json', '--speed', '20']);
  return { code: result.code, report: parseJsonOutput<ScenarioJson>(result) };
}

function expectPassedChecks(report: ScenarioJson, names: (string | RegExp)[]) {
  const failed = report.checks.filter((check) => !check.passed);
  expect(failed, JSON.stringify(failed, null, 2)).to.deep.equal([]);
  for (const name of names) {
    expect(
      report.checks.some((check) => (typeof name === 'string' ? check.name === name : name.test(check.name))),
      `no check ${name} in ${report.checks.map((check) => check.name).join(' | ')}`,
    ).to.equal(true);
  }
}

describe('scenario commands (as child processes)', () => {
  it('checkpoint: a killed worker, a heartbeat timeout, attempt 2 resumes with the same slip', async () => {
    const { code, report } = await runScenario(['checkpoint']);
    expect(code).to.equal(0);
    expect(report).to.deep.include({ scenario: 'checkpoint', passed: true, result: 'Order fulfilled' });
    expect(report.workflowId).to.match(/^order-checkpoint-demo-\d+$/);
    expectPassedChecks(report, [
      'pack_order_items attempt 1 ended in a heartbeat timeout, attempt 2 took over',
      'the result names the slip ID acquired on attempt 1',
      'attempt 2 resumed from the checkpoint the server held, packing nothing before it again',
    ]);
    const types = report.steps.map((step) => step.type);
    expect(types).to.include.members([
      'worker.killed',
      'heartbeat-timeout.waiting',
      'activity.timed-out',
      'packing.resumed',
    ]);
    const killed = report.steps.find((step) => step.type === 'worker.killed');
    expect(killed).to.deep.include({ signal: 'SIGKILL', role: 'activity' });
    const packedOnAttempt1 = report.steps.filter(
      (step) => step.type === 'packing.item-packed' && step.attempt === 1,
    );
    expect(packedOnAttempt1).to.have.length(3);
    const resumed = report.steps.find((step) => step.type === 'packing.resumed');
    const acquired = report.steps.find((step) => step.type === 'packing.slip-acquired');
    expect(resumed && 'slipId' in resumed && resumed.slipId).to.equal(
      acquired && 'slipId' in acquired && acquired.slipId,
    );
  });

  it('checkpoint --items 5 --crash-after 1 crashes after the first item', async () => {
    const { code, report } = await runScenario(['checkpoint', '--items', '5', '--crash-after', '1']);
    expect(code).to.equal(0);
    expect(report.result).to.equal('Order fulfilled');
    expect(
      report.steps.filter((step) => step.type === 'packing.item-packed' && step.attempt === 1),
    ).to.have.length(1);
  });

  it('inventory-down: four failures with backoff, recovery on attempt 5', async () => {
    const { code, report } = await runScenario(['inventory-down']);
    expect(code).to.equal(0);
    expectPassedChecks(report, ['reserve_inventory completed on attempt 5', /attempt 4 ended in a failure/]);
    const failures = report.steps.filter(
      (step) => step.type === 'activity.failed' && step.activity === 'reserve_inventory',
    );
    expect(failures.map((step) => step.type === 'activity.failed' && step.attempt)).to.deep.equal([
      1, 2, 3, 4,
    ]);
    const backoffs = report.steps.filter((step) => step.type === 'activity.retry-scheduled');
    expect(
      backoffs.map((step) => step.type === 'activity.retry-scheduled' && step.nextAttempt),
    ).to.deep.equal([2, 3, 4, 5]);
    // The server's exponential backoff from the scaled first interval (1 s / 20): 50, 100, 200, 400 ms.
    const delays = backoffs.map((step) => (step.type === 'activity.retry-scheduled' ? step.delayMs : -1));
    [50, 100, 200, 400].forEach((expected, index) => expect(delays[index]).to.be.closeTo(expected, 5));
  });

  it('invalid-card: exits 0 because the workflow failed as designed, and locates the failure', async () => {
    const { code, report } = await runScenario(['invalid-card']);
    expect(code).to.equal(0);
    expect(report).to.deep.include({ status: 'failed', expected: 'card-declined', passed: true });
    expectPassedChecks(report, [
      'workflow failed with "Invalid credit card expiry"',
      'process_payment failed on its only attempt, not retryable',
    ]);
    const located = report.steps.find((step) => step.type === 'failure.located');
    expect(located).to.deep.include({
      activity: 'process_payment',
      attempt: 1,
      errorType: 'InvalidCreditCard',
      message: 'Invalid credit card expiry',
      nonRetryable: true,
    });
  });

  it('run --expiry 12/23: the same failure exits 1, because the order failed', async () => {
    const result = await runCli(['run', '--expiry', '12/23', '--json', '--speed', '20']);
    expect(result.code).to.equal(1);
    expect(parseJsonOutput<ScenarioJson>(result)).to.deep.include({ status: 'failed', passed: true });
  });

  it('expire: the approval timer fires and deliver_order never runs', async () => {
    const { code, report } = await runScenario(['expire']);
    expect(code).to.equal(0);
    expect(report.result).to.equal('Order expired');
    // The sample's 30 s at --speed 20, never below the timeouts' 2 s floor.
    expectPassedChecks(report, ['approval timer of 2s fired', 'deliver_order never ran']);
  });

  it('workflow-bug: failed workflow tasks, then the same run completes after the fix', async () => {
    const { code, report } = await runScenario(['workflow-bug']);
    expect(code).to.equal(0);
    expectPassedChecks(report, [
      'the bug failed workflow tasks, not the workflow ("workflow bug!")',
      'the same run completed after the fix',
      'work done before the bug was kept: process_payment ran once',
    ]);
    const started = report.steps.filter((step) => step.type === 'worker.started' && step.role === 'workflow');
    expect(
      started.map((step) => step.type === 'worker.started' && (step.variant ?? 'standard')),
    ).to.deep.equal(['with-injected-bug', 'standard']);
  });
});
