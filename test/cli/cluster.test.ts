// The real engine (--server cluster): every scenario that can run there, the history host failover, a small chaos run
// with the cluster's own faults, and a kill of `order-demo cluster` at a random moment, which leaves no process of
// it behind, PostgreSQL's included. Each boots a cluster of its own (a few seconds): kept to one run each.
import { chmodSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { isolatedEnv, parseJsonOutput, runCli, startCli } from '../helpers/cli';
import { survivorsAfter, trackDescendants } from '../helpers/processes';
import { inTemporaryFolder } from '../helpers/temporary-folder';

interface Check {
  name: string;
  passed: boolean;
  evidence: string;
}

interface ScenarioJson {
  scenario: string;
  /** Absent on a skipped scenario: a skip is neither a pass nor a failure. */
  passed?: boolean;
  skipped?: string;
  result?: string;
  server?: { kind: string; address: string };
  checks: Check[];
}

interface AllJson {
  passed: boolean;
  server: { kind: string };
  scenarios: ScenarioJson[];
}

interface ChaosJson {
  passed: boolean;
  outcomes: Record<string, number>;
  kills: Record<string, number>;
  ledger: { duplicateEffects: number };
  stuckWorkflows: number;
  leftoverProcesses: number;
  failovers: number;
  takeoversNotSeen: unknown[];
  skippedFaults: unknown[];
  serviceExits: { service: string; exitCode: number | null; signal: string | null; lastLines: string[] }[];
  serviceRestarts: { service: string; pid: number }[];
}

// The watchdog gives them 2 s after SIGTERM; the rest is room for a busy two-core machine (the wait ends once all
// are gone).
const GONE_WITHIN_MS = 20_000;

describe('the real engine: --server cluster', function () {
  // A cluster boots in a few seconds, and a failover waits for membership to notice a dead host (about 5 s).
  this.timeout(240_000);

  it('all --server cluster: every scenario that can run there passes, history-failover included', async () => {
    const result = await runCli(['all', '--server', 'cluster', '--speed', '50', '--json']);
    const report = parseJsonOutput<AllJson>(result);
    const failures = report.scenarios.filter((scenario) => !scenario.skipped && !scenario.passed);
    expect(failures, JSON.stringify(failures, null, 2)).to.deep.equal([]);
    expect(result.code, result.stderr).to.equal(0);
    expect(report.server.kind).to.equal('cluster');
    const skipped = report.scenarios.filter((scenario) => scenario.skipped);
    // Only the dev server's own restart, which needs its SQLite file.
    expect(skipped.map((scenario) => scenario.scenario)).to.deep.equal(['server-restart']);
    const failover = report.scenarios.find((scenario) => scenario.scenario === 'history-failover');
    expect(failover?.checks.map((check) => check.name)).to.include(
      'every shard of the killed host moved to the surviving host, which fenced it with a higher range_id',
    );
  });

  it('history-failover while the workflow waits on its timer: the shards move and come back, the order completes', async () => {
    const result = await runCli([
      'history-failover',
      '--server',
      'cluster',
      '--moment',
      'approval-timer',
      '--speed',
      '10',
      '--json',
    ]);
    const report = parseJsonOutput<ScenarioJson>(result);
    expect(report.checks, `no checks (exit ${result.code}):\n${result.stdout}\n${result.stderr}`).to.be.an(
      'array',
    );
    const failed = report.checks.filter((check) => !check.passed);
    expect(result.code, `${JSON.stringify(failed, null, 2)}\n${result.stderr}`).to.equal(0);
    expect(report).to.deep.include({ scenario: 'history-failover', passed: true, result: 'Order fulfilled' });
    const evidence = (name: RegExp) => report.checks.find((check) => name.test(check.name))?.evidence ?? '';
    expect(evidence(/moved to the surviving host/)).to.match(
      /shard \d+ history \d → history \d, range_id (\d+) → \d+/,
    );
    expect(evidence(/took shards back/)).to.match(/shard \d+ history \d → history \d/);
    expect(evidence(/timer was started once/)).to.match(/^TimerStarted: event \d+$/);
  });

  it('chaos --server cluster: a history host and the matching service killed, PostgreSQL crash-restarted, among worker kills; every order as designed', async () => {
    const result = await runCli([
      'chaos',
      '--server',
      'cluster',
      '--orders',
      '10',
      '--kill-activity-workers',
      '1',
      '--kill-workflow-workers',
      '1',
      '--kill-history-hosts',
      '1',
      '--kill-matching',
      '1',
      '--database-restarts',
      '1',
      '--seed',
      '5',
      '--json',
    ]);
    const report = parseJsonOutput<ChaosJson>(result);
    expect(result.code, result.stderr).to.equal(0);
    expect(report.passed).to.equal(true);
    expect(report.kills).to.deep.equal({
      activityWorkers: 1,
      workflowWorkers: 1,
      serverRestarts: 0,
      historyHosts: 1,
      matchingHosts: 1,
      databaseRestarts: 1,
    });
    expect(report.ledger.duplicateEffects).to.equal(0);
    expect(report.stuckWorkflows).to.equal(0);
    expect(report.leftoverProcesses).to.equal(0);
    // The kill was a failover (the other host took its shards), and no fault found its service down.
    expect(report.failovers).to.equal(1);
    expect(report.takeoversNotSeen).to.deep.equal([]);
    expect(report.skippedFaults).to.deep.equal([]);
    // Every exit nobody asked for is listed with its status and last lines, and was followed by a restart.
    for (const exit of report.serviceExits) expect(exit.lastLines, exit.service).to.be.an('array');
    expect(report.serviceRestarts.length).to.be.at.most(report.serviceExits.length);
  });

  it('cluster: a service that exits on its own is told, with its status, and started again by its supervisor', async () => {
    const cli = startCli(['cluster', '--port', '0', '--no-ui']);
    try {
      await cli.waitFor(/history 2 owns (?:[\d, ]+|none)\n/);
      const pid = Number(/^ {2}history 1 +history +(\d+)/m.exec(cli.stdout)?.[1]);
      // Killed from outside, as an OOM killer would: not a kill of the CLI's own.
      process.kill(pid, 'SIGKILL');
      await cli.waitFor(
        new RegExp(
          `history 1 \\(pid ${pid}\\) exited on its own \\(signal SIGKILL\\)[\\s\\S]*history 1 started again by its supervisor as pid \\d+`,
        ),
      );
    } finally {
      await cli.interrupt();
    }
    expect(cli.child.exitCode, cli.stderr).to.equal(130);
  });

  it('cluster --data keeps the database: started again, it skips the database’s creation and serves at once; Ctrl+C leaves no process of it', async () => {
    await inTemporaryFolder('cluster-data', async (temp) => {
      chmodSync(temp, 0o711);
      const data = path.join(temp, 'cluster');
      for (const run of ['first', 'again']) {
        const cli = startCli(['cluster', '--port', '0', '--no-ui', '--data', data]);
        const tracker = trackDescendants(cli.child.pid ?? 0);
        try {
          // Every shard has an owner by the time the table is printed.
          await cli.waitFor(/Temporal cluster is running[\s\S]*history 2 owns (?:[\d, ]+|none)\n/);
          expect(cli.stdout.includes('initialising the PostgreSQL database'), run).to.equal(run === 'first');
          if (run === 'again') {
            // A cluster started in another terminal serves any scenario through --address.
            const address = /gRPC address: (\S+)/.exec(cli.stdout)?.[1] ?? '';
            const result = await runCli(['happy-path', '--address', address, '--speed', '20', '--json']);
            expect(result.code, result.stderr).to.equal(0);
            expect(parseJsonOutput<ScenarioJson>(result).server).to.deep.include({
              kind: 'external',
              address,
            });
          }
        } finally {
          await cli.interrupt();
          tracker.stop();
        }
        expect(cli.child.exitCode, `${run}: Ctrl+C's exit code`).to.equal(130);
        expect(
          await survivorsAfter(tracker.seen, GONE_WITHIN_MS),
          `${run}: processes left behind`,
        ).to.deep.equal([]);
      }
      expect(readdirSync(data)).to.have.members(['config', 'postgresql']);
    });
  });

  it('a SIGKILL of `order-demo cluster` at a random moment leaves no process of it, PostgreSQL included', async () => {
    await inTemporaryFolder('cluster-kill', async (temp) => {
      // Its scratch folder lives here: the user PostgreSQL runs as (as root) must pass through it.
      chmodSync(temp, 0o711);
      const cli = startCli(['cluster', '--port', '0', '--no-ui'], isolatedEnv({ TMPDIR: temp }));
      try {
        const tracker = trackDescendants(cli.child.pid ?? 0);
        await cli.waitFor(/Starting the embedded cluster/);
        // Anywhere from the database's start to a cluster that serves (about 4 s here).
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 6_000));
        cli.child.kill('SIGKILL');
        const started = tracker.stop();
        const result = await cli.exited;
        expect(result.signal).to.equal('SIGKILL');
        expect(started.size, 'the CLI should have started processes by then').to.be.at.least(1);
        expect(await survivorsAfter(started, GONE_WITHIN_MS), 'processes left behind').to.deep.equal([]);
        expect(readdirSync(temp), 'files left behind in its temp folder').to.deep.equal([]);
      } finally {
        await cli.interrupt('SIGKILL');
      }
    });
  });
});
