// happy-path --approve manual: the printed command works from a second terminal, and approving twice is harmless.
import { expect } from 'chai';
import { isolatedEnv, runCli, startCli } from '../helpers/cli';

describe('happy-path --approve manual (human in the loop)', () => {
  it('waits for the printed approve command, run twice from other processes, and delivers once', async () => {
    // Started through npx, as the README does: the printed command says so too.
    const demo = startCli(
      ['happy-path', '--approve', 'manual', '--speed', '2'],
      isolatedEnv({ npm_command: 'exec' }),
    );
    await demo.waitFor(/Waiting up to 30s for approve_order/);
    const [, command] = await demo.waitFor(/^\s+npx order-demo (approve order-order-1-\d+ --address \S+)$/m);
    const args = command.split(' ');

    const approvals = await Promise.all([runCli(args), runCli(args)]);
    expect(approvals.map((approval) => approval.code)).to.deep.equal([0, 0]);

    const result = await demo.exited;
    expect(result.code, result.stdout + result.stderr).to.equal(0);
    expect(result.stdout.match(/Server recorded signal approve_order/g)).to.have.length(2);
    expect(result.stdout.match(/deliver_order attempt \d+ started/g)).to.have.length(1);
    expect(result.stdout).to.contain('PASS happy-path');
  });
});
