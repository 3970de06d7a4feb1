// The sample's walkthrough, each piece its own process: server, workflow worker, activity worker, start, approve.
import { expect } from 'chai';
import type { CliProcess } from '../helpers/cli';
import { runCli, startCli } from '../helpers/cli';
import { freePort } from '../helpers/ports';

describe('multi-terminal walkthrough (server, workers, start, approve as separate processes)', () => {
  const processes: CliProcess[] = [];
  /** Short-lived processes, stopped only if a failing test leaves them running. */
  const stopAfterwards: CliProcess[] = [];
  let address: string;

  before(async () => {
    const port = await freePort();
    const server = startCli(['server', '--port', String(port), '--no-ui']);
    processes.push(server);
    address = (await server.waitFor(/gRPC address: (\S+)/))[1];
    const workflowWorker = startCli(['worker', 'workflow', '--address', address]);
    const activityWorker = startCli(['worker', 'activity', '--address', address, '--speed', '10']);
    processes.push(workflowWorker, activityWorker);
    await workflowWorker.waitFor(/Workflow worker polling order-task-queue/);
    await activityWorker.waitFor(/Activity worker polling order-task-queue/);
  });

  after(async () => {
    for (const process of [...stopAfterwards, ...processes.reverse()]) await process.interrupt();
  });

  it('start prints the workflow ID and the approve command, approve (twice) releases it, start prints the result', async () => {
    const start = startCli(['start', '--address', address, '--speed', '10']);
    stopAfterwards.push(start);
    const [, approveCommand, workflowId] = await start.waitFor(
      /(order-demo approve (order-order-1-\d+) --address \S+)/,
    );
    expect(start.stdout).to.contain(`Started OrderWorkflow ${workflowId}`);
    expect(approveCommand).to.equal(`order-demo approve ${workflowId} --address ${address}`);

    // Whichever of the two arrives first is the one that must have been delivered.
    const [first, second] = (
      await Promise.all([
        runCli(['approve', workflowId, '--address', address]),
        runCli(['approve', workflowId, '--address', address]),
      ])
    ).sort((one, other) => (one.code ?? 0) - (other.code ?? 0));
    // Both arrive while the workflow waits, or the second finds it finished: either way the order is fulfilled once.
    expect(first.code, first.stderr).to.equal(0);
    expect(first.stdout).to.contain(`Sent approve_order to ${workflowId}`);
    expect([0, 1]).to.include(second.code);

    const result = await start.exited;
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.contain('Result: Order fulfilled');
  });

  it('start exits 1 when the card is declined, and says why', async () => {
    const result = await runCli(['start', '--address', address, '--speed', '10', '--expiry', '12/23']);
    expect(result.code).to.equal(1);
    expect(result.stdout).to.match(/Result: workflow failed — Invalid credit card expiry/);
  });

  it('approve of a workflow that does not exist fails with a clear line', async () => {
    const result = await runCli(['approve', 'order-nope-1', '--address', address]);
    expect(result.code).to.equal(1);
    expect(result.stderr.trim()).to.match(/^Error: no workflow order-nope-1 in namespace default/);
  });

  it('the workers and the server stop on Ctrl+C with exit code 130', async () => {
    const results = [];
    for (const process of processes.splice(0).reverse()) results.push(await process.interrupt());
    expect(results.map((result) => result.code)).to.deep.equal(results.map(() => 130));
  });
});
