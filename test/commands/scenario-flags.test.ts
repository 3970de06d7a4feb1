// Scenario flags refused before anything starts (exit 2, one line), run in-process: what the time-skipping server
// cannot show, and a crash point the order cannot reach.
import { expect } from 'chai';
import { runInProcess } from '../helpers/in-process';

describe('scenario flags refused before anything starts', () => {
  it('rejects --crash-after that is not less than --items, starting nothing', async () => {
    const result = await runInProcess(['checkpoint', '--items', '3', '--crash-after', '3']);
    expect(result.code).to.equal(2);
    expect(result.stderr.trim()).to.equal('Error: --crash-after 3 must be less than --items 3');
    expect(result.stdout).to.not.contain('Starting the embedded');
  });

  it('refuses, with the reason, what needs real time', async () => {
    for (const args of [
      ['checkpoint'],
      ['workflow-bug'],
      ['versioning'],
      ['happy-path', '--approve', 'manual'],
    ]) {
      const result = await runInProcess([...args, '--server', 'time-skipping']);
      expect(result.code, args.join(' ')).to.equal(2);
      expect(result.stderr.trim()).to.match(
        /^Error: [\w-]+ cannot run on the time-skipping server: .+ Use --server dev-server\.$/,
      );
    }
  });
});
