// Wrong input: one clear line, the documented exit code, and nothing started on the server. The commands run
// in-process: everything here is refused before anything starts (see test/cli/bad-input.test.ts for a server that
// does not answer).
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { expect } from 'chai';
import { expectOneClearLine, isolatedEnv } from '../helpers/cli';
import { runInProcess } from '../helpers/in-process';
import { createDevServerEnvironment } from '../helpers/sdk-environments';

describe('bad input', () => {
  let server: TestWorkflowEnvironment;

  before(async () => {
    server = await createDevServerEnvironment();
  });

  after(async () => {
    await server?.teardown();
  });

  async function workflowCount(): Promise<number> {
    let count = 0;
    for await (const execution of server.client.workflow.list()) count += execution ? 1 : 0;
    return count;
  }

  const longId = 'x'.repeat(1001);
  const cases: { args: string[]; message: RegExp }[] = [
    { args: ['run', '--expiry', '13/30'], message: /--expiry: invalid expiry "13\/30": expected MM\/YY/ },
    { args: ['run', '--expiry', '1/30'], message: /invalid expiry "1\/30"/ },
    { args: ['run', '--expiry', 'ab/cd'], message: /invalid expiry "ab\/cd"/ },
    { args: ['run', '--expiry='], message: /invalid expiry ""/ },
    { args: ['start', '--expiry', '13/30'], message: /invalid expiry "13\/30"/ },
    {
      args: ['happy-path', '--speed', '0'],
      message: /--speed: invalid speed "0": expected a number from 0.1 to 100/,
    },
    { args: ['run', '--speed', 'fast'], message: /invalid speed "fast"/ },
    {
      args: ['happy-path', '--approve', 'maybe'],
      message: /--approve=maybe to be one of: auto, manual, none/,
    },
    { args: ['happy-path', '--no-such-flag'], message: /Nonexistent flag: --no-such-flag/ },
    { args: ['approve'], message: /Missing 1 required arg/ },
    {
      args: ['happy'],
      message: /unknown command "happy": did you mean `order-demo happy-path`\? Or run `order-demo --help`/,
    },
    {
      args: ['chekpoint'],
      message: /unknown command "chekpoint": did you mean `order-demo checkpoint`\?/,
    },
    { args: ['zzz'], message: /unknown command "zzz": run `order-demo --help` for the list of commands/ },
    { args: ['worker', 'nope'], message: /unknown command "worker nope": run `order-demo worker --help`/ },
    {
      args: ['worker', 'actvity'],
      message: /did you mean `order-demo worker activity`\? Or run `order-demo worker --help`/,
    },
    { args: ['approve', ''], message: /the workflow ID is empty: give one/ },
    { args: ['approve', longId], message: /the workflow ID is 1001 characters long; at most 1000/ },
    { args: ['run', '--order-id', ''], message: /--order-id: the order ID is empty/ },
    {
      args: ['run', '--order-id', 'x'.repeat(984)],
      message: /--order-id: the order ID is 984 characters long/,
    },
    { args: ['start', '--workflow-id', ''], message: /--workflow-id: the workflow ID is empty/ },
    {
      args: ['start', '--workflow-id', longId],
      message: /--workflow-id: the workflow ID is 1001 characters/,
    },
  ];

  for (const { args, message } of cases) {
    it(`${args.join(' ').slice(0, 60)} → exit 2, one line, no workflow started`, async () => {
      const result = await runInProcess([...args, '--address', server.address]);
      expect(result.code, result.stdout + result.stderr).to.equal(2);
      expectOneClearLine(result.stderr, message);
      expect(await workflowCount()).to.equal(0);
    });
  }

  // Refused before anything connects, from a flag or from the environment alike.
  const addresses: { address: string; message: RegExp }[] = [
    {
      address: 'http://localhost:7233',
      message:
        /--address "http:\/\/localhost:7233" has a scheme: give host:port without it, e.g. localhost:7233/,
    },
    { address: '::::', message: /--address "::::" is not a server address: expected host:port/ },
    { address: 'localhost:abc', message: /is not a server address/ },
    { address: 'localhost:70000', message: /port 70000 is out of range/ },
  ];
  for (const { address, message } of addresses) {
    for (const command of [['happy-path'], ['approve', 'some-id']]) {
      it(`${command.join(' ')} --address ${address} → exit 2 at once`, async () => {
        const result = await runInProcess([...command, '--address', address]);
        expect(result.code, result.stdout + result.stderr).to.equal(2);
        expectOneClearLine(result.stderr, message);
      });
    }
  }

  it('a malformed TEMPORAL_ADDRESS is named as such', async () => {
    const result = await runInProcess(
      ['approve', 'some-id'],
      isolatedEnv({ TEMPORAL_ADDRESS: 'https://x:1' }),
    );
    expect(result.code).to.equal(2);
    expectOneClearLine(result.stderr, /TEMPORAL_ADDRESS "https:\/\/x:1" has a scheme/);
  });
});
