import path from 'node:path';
import { expect } from 'chai';
import type { ScenarioJson } from '../../src/narration/scenario-report';
import { parseJsonOutput, runCli } from '../helpers/cli';
import { caseNamed, junitSuiteOfFile } from '../helpers/junit';
import { useTemporaryFolder } from '../helpers/temporary-folder';

describe('order-demo happy-path (as a child process)', () => {
  const reports = useTemporaryFolder('happy-path-junit');

  it('fulfils the order on an embedded server and proves it from the history, as JSON', async () => {
    const result = await runCli(['happy-path', '--json', '--speed', '10']);
    const report = parseJsonOutput<ScenarioJson>(result);

    expect(result.code, result.stderr).to.equal(0);
    expect(report).to.deep.include({
      scenario: 'happy-path',
      passed: true,
      status: 'completed',
      result: 'Order fulfilled',
    });
    expect(report.workflowId).to.match(/^order-order-1-\d+$/);
    expect(report.runId).to.be.a('string').with.length.greaterThan(0);
    expect(report.server.kind).to.equal('dev-server');
    expect(report.durationMs).to.be.a('number');
    expect(report.checks.length).to.be.at.least(5);
    expect(report.checks.every((check) => check.passed && check.evidence.length > 0)).to.equal(true);
    const milestones = [
      'server.starting',
      'server.ready',
      'workflow.started',
      'approval.waiting',
      'signal.sent',
      'signal.received',
      'workflow.completed',
    ];
    expect(report.steps.map((step) => step.type).filter((type) => milestones.includes(type))).to.deep.equal(
      milestones,
    );
    const completed = report.steps.filter((step) => step.type === 'activity.completed');
    expect(
      completed.map((step) => step.type === 'activity.completed' && `${step.activity}#${step.attempt}`),
    ).to.deep.equal(['process_payment#1', 'reserve_inventory#1', 'deliver_order#1']);
    expect(
      report.steps.every((step, index) => index === 0 || step.at >= report.steps[index - 1].at),
    ).to.equal(true);
  });

  it('lets the order expire with --approve none, which is what the scenario then expects', async () => {
    const result = await runCli(['happy-path', '--json', '--speed', '10', '--approve', 'none']);
    const report = parseJsonOutput<ScenarioJson>(result);
    expect(result.code, result.stderr).to.equal(0);
    expect(report).to.deep.include({ passed: true, expected: 'expired', result: 'Order expired' });
    expect(report.checks.map((check) => check.name)).to.include('deliver_order never ran');
  });

  it('narrates for a person without --json: steps, checks, verdict, no colour when piped; writes --junit', async () => {
    const junit = path.join(reports(), 'happy-path.xml');
    const result = await runCli(['happy-path', '--speed', '10', '--junit', junit]);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.match(/\[\+\s+\d+\.\ds\] Started OrderWorkflow order-order-1-\d+/);
    expect(result.stdout).to.contain('✓ process_payment attempt 1: Payment processed for order order-1');
    expect(result.stdout).to.contain('Waiting up to 3.0s for approve_order');
    expect(result.stdout).to.contain('PASS happy-path');
    expect(result.stdout).to.not.contain('\u001b[');
    expect(result.stderr).to.equal('');
    expect(result.stdout).to.contain(`JUnit report: ${junit}`);
    const suite = await junitSuiteOfFile(junit);
    expect(suite).to.include({ name: 'order-demo happy-path (dev-server)', tests: 1, failures: 0 });
    expect(caseNamed(suite, 'happy-path')).to.not.have.any.keys('failure', 'error', 'skipped');
  });
});
