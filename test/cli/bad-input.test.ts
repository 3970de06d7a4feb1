// Wrong input that only a real connection attempt can reveal: a server that does not answer. The rest of the bad
// input is refused before anything connects (test/commands/bad-input.test.ts, in-process).
import { expect } from 'chai';
import { expectOneClearLine, isolatedEnv, runCli } from '../helpers/cli';

describe('bad input', () => {
  it('a server that does not answer → exit 3 within seconds, naming the address and where it came from', async function () {
    this.timeout(20_000);
    const [fromFlag, fromEnvironment] = await Promise.all([
      runCli(['happy-path', '--address', '127.0.0.1:1', '--speed', '10']),
      runCli(['approve', 'some-id'], isolatedEnv({ TEMPORAL_ADDRESS: '127.0.0.1:1' })),
    ]);
    expect(fromFlag.code).to.equal(3);
    expectOneClearLine(fromFlag.stderr, /no Temporal server answers at 127\.0\.0\.1:1 \(from --address\)/);
    expect(fromEnvironment.code).to.equal(3);
    expectOneClearLine(fromEnvironment.stderr, /127\.0\.0\.1:1 \(from TEMPORAL_ADDRESS\)/);
  });
});
