// The real engine (--server cluster): every scenario that can run there, the history host failover, a small chaos run
// with the cluster's own faults, and a kill of `order-demo cluster` at a random moment, which leaves no process of
// it behind, PostgreSQL's included. Each boots a cluster of its own (a few seconds): kept to one run each.
import { execFile, spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { expect } from 'chai';
import pg from 'pg';
import { OWNER_TAG } from '../../src/processes/watchdog';
import { BIN, CliProcess, expectError, isolatedEnv, parseJsonOutput, runCli, startCli } from '../helpers/cli';
import {
  commandLine,
  descendants,
  isAlive,
  parentOf,
  survivorsAfter,
  trackDescendants,
} from '../helpers/processes';
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

const RUNNING = /Temporal cluster is running[\s\S]*history 2 owns (?:[\d, ]+|none)\n/;
/** PostgreSQL's postmaster as the cluster starts it (initdb's own postgres processes run with --boot or --single). */
const POSTMASTER = /\/postgres -D \S+ -p \d+ /;
/**
 * The latest version of the temporal database's schema in Temporal Server v1.29.1; its update added tasks_v2 and
 * task_queues_v2.
 */
const LATEST_SCHEMA = '1.18';

/** What `order-demo cluster` printed: its gRPC address, PostgreSQL's port. */
const addressIn = (stdout: string) => /gRPC address: (\S+)/.exec(stdout)?.[1] ?? '';
const postgresPortIn = (stdout: string) =>
  Number(/^ {2}postgresql +postgresql +\d+ +(\d+)$/m.exec(stdout)?.[1]);

/**
 * Runs `order-demo cluster --data` until it serves (every shard has an owner), then `during`, then Ctrl+C, after which
 * it exits with 130 and leaves no process behind; resolves with what it printed.
 */
async function withKeptCluster(
  data: string,
  label: string,
  during: (stdout: string) => Promise<void>,
): Promise<string> {
  const cli = startCli(['cluster', '--port', '0', '--no-ui', '--data', data]);
  const tracker = trackDescendants(cli.child.pid ?? 0);
  try {
    await cli.waitFor(RUNNING);
    await during(cli.stdout);
  } finally {
    await cli.interrupt();
    tracker.stop();
  }
  expect(cli.child.exitCode, `${label}: Ctrl+C's exit code\n${cli.stderr}`).to.equal(130);
  expect(await survivorsAfter(tracker.seen, GONE_WITHIN_MS), `${label}: processes left behind`).to.deep.equal(
    [],
  );
  return cli.stdout;
}

/** Runs one statement on the temporal database of a kept cluster that runs, with the password from its folder. */
async function queryKept(data: string, port: number, sql: string): Promise<Record<string, unknown>[]> {
  const password = readFileSync(path.join(data, 'postgresql-password'), 'utf8').trim();
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'temporal', password });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Makes a kept cluster's database as an older Temporal Server left it: the schema's latest update not applied. */
async function olderSchema(data: string, port: number): Promise<void> {
  const [{ curr_version: version }] = await queryKept(data, port, 'SELECT curr_version FROM schema_version');
  expect(version, 'the schema temporal-sql-tool set up').to.equal(LATEST_SCHEMA);
  await queryKept(
    data,
    port,
    "DROP TABLE tasks_v2, task_queues_v2; UPDATE schema_version SET curr_version = '1.17'",
  );
}

interface WorkflowReading {
  status?: string;
  historyLength: number;
  result: unknown;
}

/** A workflow as a server holds it: its status, the length of its history, its result. */
async function readWorkflow(
  address: string,
  ids: { workflowId: string; runId: string },
): Promise<WorkflowReading> {
  const connection = await Connection.connect({ address });
  try {
    const handle = new Client({ connection }).workflow.getHandle(ids.workflowId, ids.runId);
    const description = await handle.describe();
    return {
      status: description.status.name,
      historyLength: description.historyLength,
      result: await handle.result(),
    };
  } finally {
    await connection.close();
  }
}

/**
 * Copies `pg` and the packages it needs into `folder`/node_modules, which `nobody` can read: the checkout's own
 * node_modules may sit below a folder only root can enter.
 */
function pgReadableByAnyone(folder: string): string {
  const modules = path.join(folder, 'node_modules');
  const copy = (name: string, from: string): void => {
    // Found as Node finds it, by folder: some of these packages do not export their package.json.
    const source = [path.join(from, 'node_modules'), ...(require.resolve.paths(name) ?? [])]
      .map((parent) => path.join(parent, name))
      .find((candidate) => existsSync(path.join(candidate, 'package.json')));
    const target = path.join(modules, name);
    if (!source || existsSync(target)) return;
    cpSync(source, target, { recursive: true });
    const manifest = JSON.parse(readFileSync(path.join(source, 'package.json'), 'utf8')) as {
      dependencies?: object;
    };
    for (const dependency of Object.keys(manifest.dependencies ?? {})) copy(dependency, source);
  };
  copy('pg', __dirname);
  return path.join(modules, 'pg');
}

/** Runs a Node script as the user `nobody` (the test runs as root) and parses the JSON line it prints. */
async function asNobody(script: string): Promise<unknown> {
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], {
    uid: 65534,
    gid: 65534,
    cwd: '/',
    env: { PATH: process.env.PATH },
  });
  return JSON.parse(stdout) as unknown;
}

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
    // Only the dev server's own restart, which needs its SQLite file, and the failover between two regions.
    expect(skipped.map((scenario) => scenario.scenario)).to.deep.equal(['server-restart', 'region-failover']);
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

  it('cluster --data keeps the database: started again, it reads back the first run’s workflow, brings an older schema up to date and serves at once; Ctrl+C leaves no process of it', async () => {
    await inTemporaryFolder('cluster-data', async (temp) => {
      chmodSync(temp, 0o711);
      const data = path.join(temp, 'cluster');
      let written: { ids: { workflowId: string; runId: string }; read: WorkflowReading } | undefined;
      const first = await withKeptCluster(data, 'first', async (stdout) => {
        // A cluster started in another terminal serves any scenario through --address.
        const address = addressIn(stdout);
        const result = await runCli(['happy-path', '--address', address, '--speed', '20', '--json']);
        expect(result.code, result.stderr).to.equal(0);
        const report = parseJsonOutput<ScenarioJson & { workflowId: string; runId: string }>(result);
        expect(report.server).to.deep.include({ kind: 'external', address });
        const ids = { workflowId: report.workflowId, runId: report.runId };
        written = { ids, read: await readWorkflow(address, ids) };
        expect(written.read.status).to.equal('COMPLETED');
        await olderSchema(data, postgresPortIn(stdout));
      });
      expect(first).to.include('initialising the PostgreSQL database');
      const again = await withKeptCluster(data, 'again', async (stdout) => {
        if (!written) throw new Error('the first run wrote nothing');
        expect(await readWorkflow(addressIn(stdout), written.ids), 'the first run’s workflow').to.deep.equal(
          written.read,
        );
        const [version] = await queryKept(
          data,
          postgresPortIn(stdout),
          "SELECT curr_version, to_regclass('tasks_v2') IS NOT NULL AS restored FROM schema_version",
        );
        expect(version).to.deep.equal({ curr_version: LATEST_SCHEMA, restored: true });
      });
      expect(again).not.to.include('initialising the PostgreSQL database');
      expect(again).to.include('bringing the schemas up to date with temporal-sql-tool');
      expect(readdirSync(data)).to.have.members([
        'config',
        'postgresql',
        'postgresql-password',
        'database-ready',
      ]);
    });
  });

  it('cluster --data whose first start was cut short while its schemas were set up: the next start makes the database again, and serves', async () => {
    await inTemporaryFolder('cluster-cut-short', async (temp) => {
      chmodSync(temp, 0o711);
      const data = path.join(temp, 'cluster');
      const cut = startCli(['cluster', '--port', '0', '--no-ui', '--data', data]);
      const tracker = trackDescendants(cut.child.pid ?? 0);
      try {
        await cut.waitFor(/setting up the schemas with temporal-sql-tool/);
        cut.child.kill('SIGKILL');
      } finally {
        await cut.interrupt('SIGKILL');
      }
      expect(await survivorsAfter(tracker.stop(), GONE_WITHIN_MS), 'processes left behind').to.deep.equal([]);
      expect(existsSync(path.join(data, 'postgresql', 'PG_VERSION')), 'a database made by initdb').to.equal(
        true,
      );
      const again = await withKeptCluster(data, 'again', async () => undefined);
      expect(again).to.include('cut short before its database was ready: making it again');
    });
  });

  it('its PostgreSQL lets in only who holds the password, which no other user of the machine can read: the services connect, another user cannot', async function () {
    // Acting as another user needs root (as CI runs): PostgreSQL runs as `postgres`, the other user is `nobody`.
    if (process.getuid?.() !== 0) this.skip();
    await inTemporaryFolder('cluster-password', async (temp) => {
      chmodSync(temp, 0o711);
      const data = path.join(temp, 'cluster');
      const pgModule = pgReadableByAnyone(temp);
      // Every shard has an owner by then: the services connected to the database.
      await withKeptCluster(data, 'cluster', async (stdout) => {
        const attempt = await asNobody(`
          const fs = require('node:fs');
          const pg = require(${JSON.stringify(pgModule)});
          const read = (file) => { try { fs.readFileSync(file); return 'read'; } catch (error) { return error.code; } };
          const client = new pg.Client({
            host: '127.0.0.1', port: ${postgresPortIn(stdout)}, user: 'postgres', database: 'temporal', password: 'guess',
          });
          client.on('error', () => undefined);
          client.connect().then(() => 'connected', (error) => error.message).then((connection) => {
            console.log(JSON.stringify({
              connection,
              password: read(${JSON.stringify(path.join(data, 'postgresql-password'))}),
              configuration: read(${JSON.stringify(path.join(data, 'config', 'services', 'development.yaml'))}),
            }));
            return client.end();
          });
        `);
        expect(attempt).to.deep.equal({
          connection: 'password authentication failed for user "postgres"',
          password: 'EACCES',
          configuration: 'EACCES',
        });
      });
    });
  });

  it('a SIGKILL of `order-demo cluster` at a random moment once PostgreSQL runs leaves no process of it, PostgreSQL included', async () => {
    await inTemporaryFolder('cluster-kill', async (temp) => {
      // Its scratch folder lives here: the user PostgreSQL runs as (as root) must pass through it.
      chmodSync(temp, 0o711);
      const cli = startCli(['cluster', '--port', '0', '--no-ui'], isolatedEnv({ TMPDIR: temp }));
      try {
        const tracker = trackDescendants(cli.child.pid ?? 0);
        // Printed once the postmaster is started.
        await cli.waitFor(/starting PostgreSQL/);
        // Anywhere from there to a cluster that serves (about 3 s here).
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 4_000));
        const named = descendants(cli.child.pid ?? 0).filter((pid) => POSTMASTER.test(commandLine(pid)));
        // A backend the postmaster has just forked carries its command line until it names itself.
        const postmasters = named.filter((pid) => !named.includes(parentOf(pid) ?? 0));
        cli.child.kill('SIGKILL');
        const started = tracker.stop();
        const result = await cli.exited;
        expect(result.signal).to.equal('SIGKILL');
        expect(postmasters, `PostgreSQL running at the kill:\n${cli.stdout}`).to.have.length(1);
        expect(await survivorsAfter(started, GONE_WITHIN_MS), 'processes left behind').to.deep.equal([]);
        expect(isAlive(postmasters[0]), 'PostgreSQL after the kill').to.equal(false);
        expect(readdirSync(temp), 'files left behind in its temp folder').to.deep.equal([]);
      } finally {
        await cli.interrupt('SIGKILL');
      }
    });
  });

  it('Ctrl+C in the terminal, which signals its whole process group, stops the cluster without its supervisor reporting or restarting a service', async () => {
    // A terminal sends Ctrl+C to every process of its foreground group, not to the CLI alone: here the CLI leads a
    // group of its own, as a shell's job does.
    const cli = new CliProcess(
      spawn(process.execPath, [BIN, 'cluster', '--port', '0', '--no-ui'], {
        env: isolatedEnv(),
        stdio: 'pipe',
        detached: true,
      }),
    );
    const tracker = trackDescendants(cli.child.pid ?? 0);
    try {
      await cli.waitFor(RUNNING);
      process.kill(-(cli.child.pid ?? 0), 'SIGINT');
      const result = await cli.exited;
      expect(result.code, result.stderr).to.equal(130);
      expect(result.stdout).not.to.match(/exited on its own|started again by its supervisor/);
      expect(await survivorsAfter(tracker.stop(), GONE_WITHIN_MS), 'processes left behind').to.deep.equal([]);
    } finally {
      await cli.interrupt('SIGKILL');
    }
  });

  it('--server cluster in a run without a scratch folder of its own (another run watches it) changes no folder it did not make: a temporary folder PostgreSQL cannot reach is refused', async function () {
    // Only as root does PostgreSQL run as another user, who must pass through the folder.
    if (process.getuid?.() !== 0) this.skip();
    await inTemporaryFolder('cluster-tmpdir', async (temp) => {
      const result = await runCli(
        ['happy-path', '--server', 'cluster', '--speed', '50'],
        isolatedEnv({ TMPDIR: temp, [OWNER_TAG]: 'the-run-that-watches-this-one' }),
      );
      expect(statSync(temp).mode & 0o777, 'the temporary folder’s mode').to.equal(0o700);
      expectError(
        result,
        3,
        /the cluster’s throwaway folder .* cannot be used: PostgreSQL runs as the user \S+, who cannot pass through .*cluster-tmpdir-\w+; set TMPDIR to a folder that user can pass through/,
      );
    });
  });
});
