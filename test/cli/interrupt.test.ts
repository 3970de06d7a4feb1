// Ctrl+C or SIGTERM at any moment: the workers, the child worker process and the embedded server all stop; exit
// 130 for Ctrl+C, 143 for SIGTERM (128 + the signal's number, as shells and process supervisors expect).
import { expect } from 'chai';
import { startCli } from '../helpers/cli';
import { descendants, isAlive } from '../helpers/processes';

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
