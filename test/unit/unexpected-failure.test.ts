// An error nobody expected, thrown where nobody awaits it, ends the command like any failure: one line, teardown,
// exit 1 — never Node's trace.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect } from 'chai';
import { packageRoot } from '../../src/processes/server-executables';

describe('an unexpected failure', () => {
  it('prints one line, tears down and exits 1', () => {
    const script = path.join(packageRoot(), 'dist', 'test', 'fixtures', 'commands', 'unexpected-failure.js');
    const result = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 20_000 });

    expect(result.status, result.stderr).to.equal(1);
    expect(result.stderr.trim().split('\n')).to.deep.equal([
      'Error: unexpected failure: the server went away',
    ]);
    expect(result.stdout).to.contain('teardown ran');
  });
});
