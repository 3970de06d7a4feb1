// The CI smoke test: every scenario on one embedded server, its JSON on stdout and its JUnit report in a file.
import path from 'node:path';
import { expect } from 'chai';
import { parseJsonOutput, runCli } from '../helpers/cli';
import { caseNamed, junitSuiteOfFile, outputOf, propertiesOf } from '../helpers/junit';
import { useTemporaryFolder } from '../helpers/temporary-folder';

interface AllJson {
  passed: boolean;
  counts: { passed: number; failed: number; skipped: number };
  scenarios: {
    scenario: string;
    passed?: boolean;
    skipped?: string;
    checks: { name: string; passed: boolean }[];
  }[];
}

describe('order-demo all (smoke test)', () => {
  const reports = useTemporaryFolder('all-junit');

  it('passes every check of every scenario on one server', async () => {
    const junit = path.join(reports(), 'junit.xml');
    const result = await runCli(['all', '--json', '--speed', '20', '--junit', junit]);
    const report = parseJsonOutput<AllJson>(result);
    const failures = report.scenarios.filter((scenario) => !scenario.skipped && !scenario.passed);
    const skipped = report.scenarios
      .filter((scenario) => scenario.skipped)
      .map((scenario) => scenario.scenario);
    // The cluster's fault needs the cluster, the regions' failover two regions: skipped here, with the reason.
    expect(skipped).to.deep.equal(['history-failover', 'region-failover']);
    expect(failures, JSON.stringify(failures, null, 2)).to.deep.equal([]);
    expect(report.counts).to.deep.equal({ passed: 12, failed: 0, skipped: 2 });
    expect(result.code).to.equal(0);
    expect(report.scenarios.map((scenario) => scenario.scenario)).to.deep.equal([
      'happy-path',
      'human-in-the-loop',
      'inventory-down',
      'invalid-card',
      'expire',
      'late-approval',
      'checkpoint',
      'cancellation',
      'workflow-bug',
      'worker-crash',
      'server-restart',
      'versioning',
      'history-failover',
      'region-failover',
    ]);

    // The same run as JUnit: one suite, a case per scenario with its checks, the skipped one with its reason.
    const suite = await junitSuiteOfFile(junit);
    expect(suite).to.include({ tests: 14, failures: 0, errors: 0, skipped: 2 });
    expect(propertiesOf(suite)).to.include({ 'server.kind': 'dev-server', speed: 20 });
    expect(suite.testcase?.map((testCase) => testCase.name)).to.deep.equal(
      report.scenarios.map((scenario) => scenario.scenario),
    );
    expect(caseNamed(suite, 'history-failover').skipped?.[0].message).to.match(/cluster/);
    expect(caseNamed(suite, 'region-failover').skipped?.[0].message).to.match(/two regions/);
    for (const scenario of report.scenarios.filter((each) => !each.skipped)) {
      const testCase = caseNamed(suite, scenario.scenario);
      expect(testCase.time, scenario.scenario).to.be.above(0);
      expect(
        outputOf(testCase).filter((line) => line.startsWith('✓ ')),
        scenario.scenario,
      ).to.deep.equal(scenario.checks.map((check) => `✓ ${check.name}`));
    }
  });

  it('--only runs the named scenarios, and rejects unknown names with exit 2', async () => {
    const result = await runCli(['all', '--only', 'happy-path,expire', '--speed', '20']);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.match(/│ happy-path\s+│ PASS/);
    expect(result.stdout).to.match(/│ expire\s+│ PASS — Order expired/);
    expect(result.stdout).to.contain('All 2 scenarios passed');

    const unknown = await runCli(['all', '--only', 'happy-path,nope']);
    expect(unknown.code).to.equal(2);
    expect(unknown.stderr).to.match(/^Error: --only: unknown scenario nope; expected some of happy-path, /);
  });
});
