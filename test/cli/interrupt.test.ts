// Ctrl+C or SIGTERM at any moment: the workers, the child worker process and the embedded server all stop; exit
// 130 for Ctrl+C, 143 for SIGTERM (128 + the signal's number, as shells and process supervisors expect).
import { expect } from 'chai';
import { runCli, runningCommands, startCli } from '../helpers/cli';
import { freePort } from '../helpers/ports';
import { descendants, isAlive, survivorsAfter } from '../helpers/processes';

describe('Ctrl+C', () => {
  for (const { moment, pattern } of [
    { moment: 'while packing on a child worker process', pattern: /packed SKU-001/ },
    { moment: 'while waiting for the heartbeat timeout', pattern: /killed with SIGKILL/ },
  ]) {
    it(`during checkpoint, ${moment}, leaves no process behind`, async () => {
      const cli = startCli(['checkpoint', '--speed', '5']);
      await cli.waitFor(pattern);
      const started = descendants(cli.child.pid ?? 0);
      expect(started.length, 'the embedded server (and a worker process) should be running').to.be.at.least(
        1,
      );

      const result = await cli.interrupt();

      expect(result.code).to.equal(130);
      expect(result.stderr).to.contain('Ctrl+C: stopping everything this command started');
      expect(started.filter(isAlive), 'processes left behind').to.deep.equal([]);
    });
  }

  it('SIGTERM tears down like Ctrl+C and exits 143', async () => {
    const cli = startCli(['checkpoint', '--speed', '5']);
    await cli.waitFor(/packed SKU-001/);
    const started = descendants(cli.child.pid ?? 0);

    const result = await cli.interrupt('SIGTERM');

    expect(result.code).to.equal(143);
    expect(result.stderr).to.contain('SIGTERM: stopping everything this command started');
    expect(started.filter(isAlive), 'processes left behind').to.deep.equal([]);
  });

  it('during happy-path, while waiting for approval', async () => {
    const cli = startCli(['happy-path', '--approve', 'manual', '--speed', '2']);
    await cli.waitFor(/Approve the order from another terminal/);
    const started = descendants(cli.child.pid ?? 0);
    const result = await cli.interrupt();
    expect(result.code).to.equal(130);
    expect(started.filter(isAlive)).to.deep.equal([]);
  });
});

describe('the suite’s own guard: a command that hangs', () => {
  it('is stopped by the test helper once it runs over its time, with what it printed, and leaves nothing running', async () => {
    // `server` runs until it is stopped: for the helper, a hung command.
    let started: number[] = [];
    const watching = setInterval(() => {
      for (const cli of runningCommands())
        started = [...new Set([...started, ...descendants(cli.child.pid ?? 0)])];
    }, 100);
    try {
      await runCli(['server', '--port', String(await freePort()), '--no-ui'], undefined, 8_000).then(
        () => expect.fail('the hung command was not stopped'),
        (error: Error) => {
          expect(error.message).to.match(/^order-demo server --port \d+ --no-ui ran over 8s and was stopped/);
          expect(error.message).to.match(/stdout:\n[\s\S]*gRPC address/);
        },
      );
    } finally {
      clearInterval(watching);
    }
    expect(started.length, 'the server should have been running').to.be.at.least(1);
    expect(await survivorsAfter(started, 10_000), 'processes left behind').to.deep.equal([]);
  });
});
