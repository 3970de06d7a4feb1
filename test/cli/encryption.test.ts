// --encrypt end to end on real servers: the scenarios pass with the no-plaintext check among their checks, the raw
// history holds only ciphertext, and a key that does not fit ends start and approve with one line naming its ID.
import { Client, Connection } from '@temporalio/client';
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import path from 'node:path';
import type { ScenarioJson } from '../../src/narration/scenario-report';
import type { CliProcess } from '../helpers/cli';
import { expectError, isolatedEnv, parseJsonOutput, runCli, startCli } from '../helpers/cli';
import { freePort } from '../helpers/ports';
import { inTemporaryFolder } from '../helpers/temporary-folder';

const NO_PLAINTEXT = 'no order data in clear in the server’s history';

function keyEnv(id: string) {
  return isolatedEnv({
    ORDER_DEMO_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    ORDER_DEMO_ENCRYPTION_KEY_ID: id,
  });
}

describe('--encrypt', () => {
  const processes: CliProcess[] = [];
  let address: string;
  const workersKey = keyEnv('workers-key');

  before(async () => {
    const server = startCli(['server', '--port', String(await freePort()), '--no-ui']);
    processes.push(server);
    address = (await server.waitFor(/gRPC address: (\S+)/))[1];
  });

  after(async () => {
    for (const process of processes.reverse()) await process.interrupt();
  });

  it('happy-path passes with the no-plaintext check, and the raw history holds no order data', async () => {
    const result = await runCli(['happy-path', '--encrypt', '--speed', '10', '--json', '--address', address]);
    const json = parseJsonOutput<ScenarioJson>(result);
    expect(result.code, result.stderr).to.equal(0);
    const check = json.checks.find((candidate) => candidate.name === NO_PLAINTEXT);
    expect(check?.passed, check?.evidence).to.equal(true);
    expect(check?.evidence).to.match(/all binary\/encrypted with key order-demo-throwaway-key/);

    const connection = await Connection.connect({ address });
    try {
      const history = await new Client({ connection }).workflow
        .getHandle(json.workflowId, json.runId)
        .fetchHistory();
      const raw = Buffer.from(JSON.stringify(history)).toString();
      expect(raw).not.to.contain('widget');
      expect(raw).not.to.contain('12/30');
    } finally {
      await connection.close();
    }
  });

  it('writes the report and the histories of an --encrypt run, which hold the order decrypted, for their owner only', async () => {
    await inTemporaryFolder('encrypted-files', async (folder) => {
      const report = path.join(folder, 'report.html');
      const histories = path.join(folder, 'histories');
      const one = await runCli([
        'happy-path',
        '--encrypt',
        '--speed',
        '10',
        '--address',
        address,
        '--report',
        report,
      ]);
      expect(one.code, one.stderr).to.equal(0);
      const all = await runCli([
        'all',
        '--only',
        'expire',
        '--encrypt',
        '--speed',
        '10',
        '--address',
        address,
        '--save-histories',
        histories,
      ]);
      expect(all.code, all.stderr).to.equal(0);
      for (const file of [report, path.join(histories, 'expire.json')]) {
        expect(statSync(file).mode & 0o777, file).to.equal(0o600);
      }
    });
  });

  it('checkpoint passes with its child worker process on the same key', async () => {
    const result = await runCli(['checkpoint', '--encrypt', '--speed', '10', '--json', '--address', address]);
    const json = parseJsonOutput<ScenarioJson>(result);
    expect(result.code, result.stderr).to.equal(0);
    expect(json.checks.find((candidate) => candidate.name === NO_PLAINTEXT)?.passed).to.equal(true);
  });

  it('start and approve with another key than the workers’ end with one line naming the key ID', async () => {
    const workflowWorker = startCli(['worker', 'workflow', '--encrypt', '--address', address], workersKey);
    processes.push(workflowWorker);
    await workflowWorker.waitFor(/Payloads are encrypted with key workers-key/);

    const start = await runCli(
      ['start', '--encrypt', '--approve', 'auto', '--speed', '10', '--address', address],
      keyEnv('other-key'),
    );
    expectError(
      start,
      1,
      /cannot decrypt .*key "other-key", which is not among the keys given here \(workers-key/,
    );
    expect(workflowWorker.stderr).to.match(
      /EncryptionKeyError: a payload is encrypted with key \\"other-key\\"/,
    );

    const activityWorker = startCli(
      ['worker', 'activity', '--encrypt', '--speed', '10', '--address', address],
      workersKey,
    );
    processes.push(activityWorker);
    await activityWorker.waitFor(/Activity worker polling/);
    const waiting = startCli(
      ['start', '--encrypt', '--speed', '10', '--address', address, '--workflow-id', 'encrypted-order'],
      workersKey,
    );
    processes.push(waiting);
    await waiting.waitFor(/order-demo approve encrypted-order/);
    const approve = await runCli(
      ['approve', 'encrypted-order', '--encrypt', '--address', address],
      keyEnv('other-key'),
    );
    expectError(approve, 1, /key "workers-key", which is not among the keys given here \(other-key/);
    const approved = await runCli(
      ['approve', 'encrypted-order', '--encrypt', '--address', address],
      workersKey,
    );
    expect(approved.code, approved.stderr).to.equal(0);
    expect((await waiting.exited).code).to.equal(0);
  });
});
