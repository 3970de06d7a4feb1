// The wire contract, proven across languages: order-demo's workers serve a Python starter, order-demo's starter is
// served by Python workers, and a packing job that order-demo's worker checkpointed is resumed by a Python worker.
// The Python side (python_sample.py) uses the Temporal Python SDK that `npm test` provisions.
import { expect } from 'chai';
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { findDevServer, packageRoot, provisionedPythonSdk } from '../../src/processes/server-executables';
import { CliProcess, isolatedEnv, runCli, startCli } from '../helpers/cli';
import { freePort } from '../helpers/ports';
import { inTemporaryFolder } from '../helpers/temporary-folder';

const PYTHON_SAMPLE = path.join(packageRoot(), 'test', 'interop', 'python_sample.py');
/** Histories the Python workers wrote, replayed by the fast tier; rewritten by the test below with UPDATE_PYTHON_HISTORIES=1. */
const PYTHON_HISTORIES = path.join(packageRoot(), 'test', 'fixtures', 'python-histories');

/** Python processes not yet stopped: every test's are stopped after it, whatever became of it. */
const pythonProcesses: CliProcess[] = [];

function startPython(args: string[], env: NodeJS.ProcessEnv = process.env): CliProcess {
  const python = new CliProcess(
    spawn(provisionedPythonSdk().python, [PYTHON_SAMPLE, ...args], { env, stdio: 'pipe' }),
  );
  pythonProcesses.push(python);
  return python;
}

/** One key for both languages, handed over as a person would: in the environment. */
const ENCRYPTION_KEY = {
  ORDER_DEMO_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  ORDER_DEMO_ENCRYPTION_KEY_ID: 'interop-key',
};
const encryptedEnv = () => isolatedEnv(ENCRYPTION_KEY);

interface PythonOutcome {
  workflow_id: string;
  run_id: string;
  result?: string;
  activity?: string;
  failure?: { class: string; message: string; type: string | null; non_retryable: boolean | null }[];
}

async function runPythonStarter(args: string[], env?: NodeJS.ProcessEnv): Promise<PythonOutcome> {
  const result = await startPython(['start', ...args], env).exited;
  expect(result.code, result.stderr).to.equal(0);
  return JSON.parse(result.stdout) as PythonOutcome;
}

describe('interoperability with the Python sample (Temporal Python SDK)', () => {
  /** Stopped after each test, newest first; the server last. */
  let processes: CliProcess[] = [];
  let address: string;

  beforeEach(async () => {
    const server = startCli(['server', '--port', String(await freePort()), '--no-ui']);
    processes = [server];
    address = (await server.waitFor(/gRPC address: (\S+)/))[1];
  });

  afterEach(async () => {
    for (const process of [...pythonProcesses.splice(0), ...processes].reverse()) await process.interrupt();
  });

  function startOrderDemoWorker(role: 'workflow' | 'activity', ...extra: string[]): CliProcess {
    const env = extra.includes('--encrypt') ? encryptedEnv() : undefined;
    const worker = startCli(['worker', role, '--address', address, ...extra], env);
    processes.push(worker);
    return worker;
  }

  function startPythonWorkers(...extra: string[]): CliProcess {
    const env = extra.includes('--encrypt') ? encryptedEnv() : undefined;
    const workers = startPython(['workers', '--address', address, ...extra], env);
    processes.push(workers);
    return workers;
  }

  it('order-demo workers fulfil an order that a Python starter placed, packing included', async () => {
    await startOrderDemoWorker('workflow').waitFor(/Workflow worker polling/);
    await startOrderDemoWorker('activity', '--speed', '10').waitFor(/Activity worker polling/);

    const outcome = await runPythonStarter(['--address', address, '--items', '3']);

    expect(outcome.result).to.equal('Order fulfilled');
    expect(outcome.workflow_id).to.match(/^order-order-1-\d+-python$/);
  });

  it('a Python starter sees order-demo’s declined card as the sample’s non-retryable failure', async () => {
    await startOrderDemoWorker('workflow').waitFor(/Workflow worker polling/);
    await startOrderDemoWorker('activity', '--speed', '10').waitFor(/Activity worker polling/);

    const outcome = await runPythonStarter(['--address', address, '--expiry', '12/23']);

    expect(outcome.activity).to.equal('process_payment');
    expect(outcome.failure?.at(-1)).to.deep.equal({
      class: 'ApplicationError',
      message: 'Invalid credit card expiry',
      type: 'InvalidCreditCard',
      non_retryable: true,
    });
  });

  it('order-demo start places an order that Python workers fulfil', async () => {
    await startPythonWorkers().waitFor(/python: workers polling order-task-queue/);

    const start = startCli(['start', '--address', address, '--approve', 'auto', '--pack']);
    processes.push(start);
    const result = await start.exited;

    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.match(/pack_order_items attempt 1: Packed 30 items \(slip: SLIP-[0-9A-F]{8}\)/);
    expect(result.stdout).to.contain('Result: Order fulfilled');
  });

  it('order-demo workers with --encrypt fulfil an encrypted order that a Python starter placed with the same key', async () => {
    await startOrderDemoWorker('workflow', '--encrypt').waitFor(
      /Payloads are encrypted with key interop-key/,
    );
    await startOrderDemoWorker('activity', '--speed', '10', '--encrypt').waitFor(/Payloads are encrypted/);

    const outcome = await runPythonStarter(
      ['--address', address, '--items', '3', '--encrypt'],
      encryptedEnv(),
    );

    expect(outcome.result).to.equal('Order fulfilled');
  });

  it('Python workers with the codec fulfil an encrypted order that order-demo start placed', async () => {
    await startPythonWorkers('--encrypt').waitFor(/python: workers polling order-task-queue/);

    const start = startCli(
      ['start', '--address', address, '--approve', 'auto', '--pack', '--encrypt'],
      encryptedEnv(),
    );
    processes.push(start);
    const result = await start.exited;

    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.contain(
      'Payloads are encrypted with key interop-key (ORDER_DEMO_ENCRYPTION_KEY)',
    );
    expect(result.stdout).to.match(/pack_order_items attempt 1: Packed 30 items \(slip: SLIP-[0-9A-F]{8}\)/);
    expect(result.stdout).to.contain('Result: Order fulfilled');
  });

  it('histories that Python workers wrote replay against order-demo’s workflow: replay-check passes them', async () => {
    await startPythonWorkers().waitFor(/python: workers polling order-task-queue/);
    const orders = {
      'fulfilled-with-packing': await runPythonStarter(['--address', address, '--items', '3']),
      'card-declined': await runPythonStarter(['--address', address, '--expiry', '12/23']),
    };
    const temporal = findDevServer();
    if (!temporal || 'problem' in temporal) throw new Error('no Temporal CLI to export the histories with');

    await inTemporaryFolder('python-histories', async (folder) => {
      for (const [name, outcome] of Object.entries(orders)) {
        // Exported as from any cluster: the Temporal CLI's own JSON.
        const { stdout } = await promisify(execFile)(temporal.path, [
          'workflow',
          'show',
          '--workflow-id',
          outcome.workflow_id,
          '--run-id',
          outcome.run_id,
          '--address',
          address,
          '--output',
          'json',
        ]);
        // Stack traces name this machine's folders; the history means the same without them (as --keep-histories).
        writeFileSync(path.join(folder, `${name}.json`), stdout.split(packageRoot()).join('.'));
      }
      const check = await runCli(['replay-check', folder]);

      expect(check.code, check.stdout + check.stderr).to.equal(0);
      expect(check.stdout).to.contain('PASS all 2 histories replay against standard');
      if (process.env.UPDATE_PYTHON_HISTORIES) cpSync(folder, PYTHON_HISTORIES, { recursive: true });
    });
  });

  it('a Python worker resumes, from its heartbeat checkpoint, the packing of an order-demo worker that died', async () => {
    await startOrderDemoWorker('workflow').waitFor(/Workflow worker polling/);
    const doomed = startOrderDemoWorker('activity', '--speed', '10');
    await doomed.waitFor(/Activity worker polling/);

    const start = startCli(['start', '--address', address, '--approve', 'auto', '--pack', '--speed', '10']);
    processes.push(start);
    const [, slipId] = await doomed.waitFor(/Packing slip (SLIP-[0-9A-F]{8}) acquired/);
    await doomed.waitFor(/packed SKU-002/);
    doomed.child.kill('SIGKILL');
    const python = startPythonWorkers('--activities-only');

    const [, resumedIndex, resumedSlip, attempt] = await python.waitFor(
      /python: resuming from checkpoint idx=(-?\d+) slip=(\S+) attempt=(\d+)/,
    );
    const result = await start.exited;

    expect(resumedSlip).to.equal(slipId);
    expect(Number(attempt)).to.equal(2);
    expect(Number(resumedIndex)).to.be.within(-1, 2);
    expect(python.stdout).not.to.contain('python: acquired');
    expect(python.stdout).to.contain(
      `python: packed SKU-${String(Number(resumedIndex) + 1).padStart(3, '0')}`,
    );
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.contain(`pack_order_items attempt 2: Packed 30 items (slip: ${slipId})`);
    expect(result.stdout).to.contain('Result: Order fulfilled');
  });
});
