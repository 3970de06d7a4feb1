// The scenarios that crash something for real, as a user runs them: the workflow worker (a child process) and the
// embedded server itself are killed with SIGKILL mid-order, and the order still reaches its designed outcome.
import { expect } from 'chai';
import type { ScenarioJson } from '../../src/narration/scenario-report';
import type { TimedEvent } from '../../src/events/events';
import { expectError, parseJsonOutput, runCli, startCli } from '../helpers/cli';
import { trackDescendants } from '../helpers/processes';

async function runScenario(args: string[]): Promise<{ code: number | null; report: ScenarioJson }> {
  const result = await runCli([...args, '--json', '--speed', '10']);
  return { code: result.code, report: parseJsonOutput<ScenarioJson>(result) };
}

/** Every check passed, and these ones are among them. */
function expectPassedChecks(report: ScenarioJson, names: string[]): void {
  const failed = report.checks.filter((check) => !check.passed);
  expect(failed, JSON.stringify(failed, null, 2)).to.deep.equal([]);
  expect(report.checks.map((check) => check.name)).to.include.members(names);
}

function stepsOf<Type extends TimedEvent['type']>(
  report: ScenarioJson,
  type: Type,
): Extract<TimedEvent, { type: Type }>[] {
  return report.steps.filter((step): step is Extract<TimedEvent, { type: Type }> => step.type === type);
}

describe('scenarios that crash a worker or the server (as child processes)', () => {
  it('worker-crash: a new workflow worker replays the history and fulfils the order', async () => {
    const { code, report } = await runScenario(['worker-crash']);
    expect(code).to.equal(0);
    expect(report).to.deep.include({ scenario: 'worker-crash', passed: true, result: 'Order fulfilled' });
    expect(report.workflowId).to.match(/^order-worker-crash-demo-\d+$/);
    expectPassedChecks(report, [
      'the crashed worker had completed the workflow tasks before the crash',
      'the workflow tasks after the crash were completed by another worker',
      'each activity was scheduled exactly once',
      'the approval timer was started once (it kept its deadline)',
    ]);

    const [killed, ...otherKills] = stepsOf(report, 'worker.killed');
    expect(otherKills).to.deep.equal([]);
    expect(killed).to.deep.include({ role: 'workflow', signal: 'SIGKILL' });
    const workflowWorkers = stepsOf(report, 'worker.started').filter((step) => step.role === 'workflow');
    expect(workflowWorkers.map((step) => step.host)).to.deep.equal(['child-process', 'child-process']);
    expect(workflowWorkers[0].pid).to.equal(killed.pid);
    expect(workflowWorkers[1].pid).to.not.equal(killed.pid);

    const [waiting] = stepsOf(report, 'sticky-queue.waiting');
    expect(waiting.crashedIdentity).to.not.equal(waiting.replacementIdentity);
    const [replayed] = stepsOf(report, 'workflow.replayed');
    expect(replayed.identity).to.equal(waiting.replacementIdentity);
    expect(replayed.replayedEvents).to.be.greaterThan(0);
    expect(replayed.receivedUpToEventId).to.be.greaterThan(replayed.replayedEvents);
    expect(replayed.timersStarted).to.equal(1);
    expect(Object.values(replayed.activitiesScheduled).every((times) => times === 1)).to.equal(true);
  });

  it('server-restart: the server is killed twice and restarted on its file; the order is fulfilled', async () => {
    const { code, report } = await runScenario(['server-restart']);
    expect(code).to.equal(0);
    expect(report).to.deep.include({ scenario: 'server-restart', passed: true, result: 'Order fulfilled' });
    expect(report.server.kind).to.equal('dev-server');
    expectPassedChecks(report, [
      'every event recorded before the crash is in the history read after the restart',
      'each activity was scheduled exactly once',
      'the approval timer was started once (it kept its deadline)',
      'the timer never fired (the approval came first)',
    ]);

    const crashes = report.steps.filter(
      (step) => step.type === 'server.killed' || step.type === 'server.restarted',
    );
    expect(crashes.map((step) => step.type)).to.deep.equal([
      'server.killed',
      'server.restarted',
      'server.killed',
      'server.restarted',
    ]);
    expect(stepsOf(report, 'server.killed').map((step) => step.while)).to.deep.equal([
      'pack_order_items is in flight',
      'the workflow waits on its approval timer',
    ]);
    const restarts = stepsOf(report, 'server.restarted');
    expect(restarts.every((step) => step.address === report.server.address)).to.equal(true);
    const pids = stepsOf(report, 'server.killed').map((step) => step.pid);
    expect(restarts.map((step) => step.pid)).to.not.include.members(pids);
    // The approval goes out only after the last restart.
    const signalSent = report.steps.findIndex((step) => step.type === 'signal.sent');
    expect(signalSent).to.be.greaterThan(report.steps.lastIndexOf(restarts[1]));
  });

  it('server-restart --approve none: the timer started before the crash fires at its deadline', async () => {
    const { code, report } = await runScenario(['server-restart', '--approve', 'none']);
    expect(code).to.equal(0);
    expect(report).to.deep.include({ passed: true, expected: 'expired', result: 'Order expired' });
    expectPassedChecks(report, [
      'every event recorded before the crash is in the history read after the restart',
      'the approval timer was started once (it kept its deadline)',
      'the timer fired once',
    ]);
    expect(stepsOf(report, 'server.restarted')).to.have.length(2);
    expect(stepsOf(report, 'signal.sent')).to.deep.equal([]);
  });

  it('server-restart --address: refused with exit 2 before anything starts', async () => {
    // Nothing answers at this address: a refusal after trying to connect would exit 3.
    const cli = startCli(['server-restart', '--address', '127.0.0.1:1', '--speed', '10']);
    const tracker = trackDescendants(cli.child.pid ?? 0);
    const result = await cli.exited;
    const started = tracker.stop();
    expectError(
      result,
      2,
      /^Error: server-restart cannot run on 127\.0\.0\.1:1: it kills and restarts the Temporal server/,
    );
    expect(result.stdout).to.equal('');
    expect([...started], 'processes started').to.deep.equal([]);
  });
});
