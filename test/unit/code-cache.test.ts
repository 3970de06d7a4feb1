// The launcher runs the CLI's bundle from V8's code cache: the first run writes it when it ends, later runs use it,
// a cache of other source is refused and written again; the module is the one `require` of its path returns.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { useTemporaryFolder } from '../helpers/temporary-folder';

const CODE_CACHE = require.resolve('../../src/executable/code-cache');

describe('the launcher’s code cache', () => {
  const folder = useTemporaryFolder('code-cache', { each: true });

  /** Loads the module in a process of its own: prints what the cache did, and what the module saw. */
  function load(file: string): string[] {
    const script = `
      const status = require(${JSON.stringify(CODE_CACHE)}).requireWithCodeCache(${JSON.stringify(file)});
      console.log(status);
      console.log(require(${JSON.stringify(file)}).answer);`;
    const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(result.status, result.stderr).to.equal(0);
    return result.stdout.trim().split('\n');
  }

  it('writes the cache when the first run ends, uses it later, and refuses one made for other source', () => {
    const file = path.join(folder(), 'bundle.js');
    writeFileSync(
      file,
      'console.log(require.cache[__filename] === module, __dirname);\nexports.answer = 42;\n',
    );

    expect(load(file)).to.deep.equal(['true ' + folder(), 'written at exit', '42']);
    expect(existsSync(`${file}.v8-cache`)).to.equal(true);
    expect(load(file)).to.deep.equal(['true ' + folder(), 'used', '42']);

    writeFileSync(file, 'exports.answer = 43;\n'.padEnd(200, ' '));
    expect(load(file)).to.deep.equal(['written at exit', '43']);
    expect(load(file)).to.deep.equal(['used', '43']);
  });
});
