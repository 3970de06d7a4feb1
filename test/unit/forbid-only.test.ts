// A test left with `.only` would run alone and let the rest of the suite pass unseen: the configurations `npm test`
// (and so CI) runs refuse it (the integration tier runs its files in parallel, where mocha refuses `.only` itself).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { expect } from 'chai';
import { packageRoot } from '../../src/processes/server-executables';
import { useTemporaryFolder } from '../helpers/temporary-folder';

/** A tier's configuration, as far as this test reads it. */
type MochaOptions = Record<string, unknown>;

const MOCHA = path.join(packageRoot(), 'node_modules', 'mocha', 'bin', 'mocha.js');

describe('an accidental .only', () => {
  const folder = useTemporaryFolder('forbid-only');

  const tiers = {
    fast: () =>
      JSON.parse(readFileSync(path.join(packageRoot(), '.mocharc.fast.json'), 'utf8')) as MochaOptions,
    integration: () =>
      createRequire(__filename)(path.join(packageRoot(), '.mocharc.integration.cjs')) as MochaOptions,
  };
  for (const [tier, loadOptions] of Object.entries(tiers)) {
    it(`fails the ${tier} tier`, () => {
      const spec = path.join(folder(), `${tier}.spec.js`);
      writeFileSync(spec, "it.only('the one test left', () => {});\nit('the rest', () => {});\n");
      // The tier's own options, on this one file alone.
      const options = { ...loadOptions() };
      delete options.require;
      delete options.ignore;
      const config = path.join(folder(), `${tier}.mocharc.json`);
      writeFileSync(config, JSON.stringify({ ...options, spec: [spec] }));

      const result = spawnSync(process.execPath, [MOCHA, '--config', config], { encoding: 'utf8' });

      expect(result.status, result.stdout).to.not.equal(0);
      expect(result.stdout + result.stderr).to.match(
        /\.only`? (forbidden|is not supported in parallel mode)/,
      );
    });
  }
});
