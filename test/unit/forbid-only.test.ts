// A test left with `.only` would run alone and let the rest of the suite pass unseen: the configurations `npm test`
// (and so CI) runs refuse it.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { packageRoot } from '../../src/processes/server-executables';
import { useTemporaryFolder } from '../helpers/temporary-folder';

const MOCHA = path.join(packageRoot(), 'node_modules', 'mocha', 'bin', 'mocha.js');

describe('an accidental .only', () => {
  const folder = useTemporaryFolder('forbid-only');

  for (const tier of ['fast', 'integration']) {
    it(`fails the ${tier} tier`, () => {
      const spec = path.join(folder(), `${tier}.spec.js`);
      writeFileSync(spec, "it.only('the one test left', () => {});\nit('the rest', () => {});\n");
      // The tier's own options, on this one file alone.
      const options = JSON.parse(readFileSync(path.join(packageRoot(), `.mocharc.${tier}.json`), 'utf8'));
      delete options.require;
      delete options.ignore;
      const config = path.join(folder(), `${tier}.mocharc.json`);
      writeFileSync(config, JSON.stringify({ ...options, spec: [spec] }));

      const result = spawnSync(process.execPath, [MOCHA, '--config', config], { encoding: 'utf8' });

      expect(result.status, result.stdout).to.not.equal(0);
      expect(result.stdout + result.stderr).to.match(/\.only`? forbidden/);
    });
  }
});
