// The same smoke suite against an external server (a separate process) and on the time-skipping server, once per
// server kind. The external server is also reached from the environment and from a temporal.toml profile: those
// runs choose one scenario, since how the server is reached is the same for every scenario.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { ScenarioJson } from '../../src/narration/scenario-report';
import type { CliResult } from '../helpers/cli';
import { isolatedEnv, parseJsonOutput, runCli, useServerProcess } from '../helpers/cli';
import { inTemporaryFolder } from '../helpers/temporary-folder';

interface AllJson {
  passed: boolean;
  server: { kind: string; address: string; namespace: string };
  counts: { passed: number; failed: number; skipped: number };
  scenarios: { scenario: string; passed?: boolean; skipped?: string }[];
}

/** Every scenario that ran passed, and exactly `skipped` were skipped — a skip is neither a pass nor a failure. */
function expectAllPassed(result: CliResult, skipped: readonly string[] = []): AllJson {
  const report = parseJsonOutput<AllJson>(result);
  const failed = report.scenarios.filter((scenario) => !scenario.skipped && !scenario.passed);
  expect(failed, JSON.stringify(failed, null, 2)).to.deep.equal([]);
  expect(
    report.scenarios.filter((scenario) => scenario.skipped).map((scenario) => scenario.scenario),
  ).to.deep.equal(skipped);
  expect(report.counts).to.deep.equal({
    passed: report.scenarios.length - skipped.length,
    failed: 0,
    skipped: skipped.length,
  });
  expect(result.code).to.equal(0);
  return report;
}

describe('where it runs', () => {
  describe('an external server, started as its own process', () => {
    const serverAddress = useServerProcess();

    it('all --address: every scenario passes against it', async () => {
      const address = serverAddress();
      const report = expectAllPassed(await runCli(['all', '--address', address, '--speed', '20', '--json']), [
        'server-restart',
        'history-failover',
        'region-failover',
      ]);
      expect(report.server).to.deep.include({ kind: 'external', address, namespace: 'default' });
      expect(report.scenarios).to.have.length(14);
      // Only the embedded server this command starts can be killed and restarted.
      const restart = report.scenarios.find((scenario) => scenario.scenario === 'server-restart');
      expect(restart?.skipped).to.match(/kills and restarts the Temporal server/);
      const failover = report.scenarios.find((scenario) => scenario.scenario === 'history-failover');
      expect(failover?.skipped).to.match(/kills a history host of the cluster this command starts/);
    });

    it('all with TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE', async () => {
      const address = serverAddress();
      const env = isolatedEnv({ TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE: 'default' });
      const report = expectAllPassed(
        await runCli(['all', '--only', 'happy-path', '--speed', '20', '--json'], env),
      );
      expect(report.server).to.deep.include({ kind: 'external', address });
    });

    it('all with a temporal.toml profile', async () => {
      const address = serverAddress();
      await inTemporaryFolder('profile', async (folder) => {
        const configFile = path.join(folder, 'temporal.toml');
        writeFileSync(configFile, `[profile.ci]\naddress = "${address}"\nnamespace = "default"\n`);
        const env = isolatedEnv({ TEMPORAL_CONFIG_FILE: configFile });
        const report = expectAllPassed(
          await runCli(['all', '--only', 'happy-path', '--profile', 'ci', '--speed', '20', '--json'], env),
        );
        expect(report.server).to.deep.include({ kind: 'external', address });
        const config = await runCli(['config', '--profile', 'ci'], env);
        expect(config.stdout).to.match(
          new RegExp(`address\\s+│ ${address.replace(/\./g, '\\.')}\\s+│ profile "ci"`),
        );
      });
    });
  });

  describe('the time-skipping test server', () => {
    it('all: the scenarios it can show pass, the others are skipped with the reason', async () => {
      const report = expectAllPassed(await runCli(['all', '--server', 'time-skipping', '--json']), [
        'human-in-the-loop',
        'inventory-down',
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
      expect(report.server.kind).to.equal('time-skipping');
      const ran = report.scenarios
        .filter((scenario) => !scenario.skipped)
        .map((scenario) => scenario.scenario);
      expect(ran).to.deep.equal(['happy-path', 'invalid-card', 'expire']);
      const skipped = report.scenarios.filter((scenario) => scenario.skipped);
      expect(skipped.every((scenario) => (scenario.skipped ?? '').length > 20)).to.equal(true);
    });

    it('expire at the default speed: the 30 s approval window is skipped, not waited for', async () => {
      const result = await runCli(['expire', '--server', 'time-skipping', '--json']);
      const report = parseJsonOutput<ScenarioJson>(result);
      expect(result.code).to.equal(0);
      expect(report.checks.map((check) => check.name)).to.include('approval timer of 30s fired');
      // Real time would take at least the 30 s window; anything shorter means the server skipped it.
      expect(report.durationMs).to.be.below(30_000);
    });
  });
});
