// The single executable, made once per test run by `npm run package`'s script from the current build (the
// integration tier makes it, so that the packaging never rots), for the tests that run it.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect } from 'chai';
import { packageRoot } from '../../src/processes/server-executables';

export const RELEASE = path.join(packageRoot(), 'release');
/** Packaging fetches the pinned Node once and compresses the dev server: under a minute here, on 2 cores. */
export const PACKAGE_TIMEOUT_MS = 5 * 60_000;

let packaged = false;

/** release/order-demo-linux-x64, made from this build the first time a test of this run asks for it. */
export function packagedExecutable(): string {
  if (!packaged) {
    const packaging = spawnSync(
      process.execPath,
      [path.join(packageRoot(), 'scripts', 'package-executable.js')],
      {
        encoding: 'utf8',
        timeout: PACKAGE_TIMEOUT_MS,
      },
    );
    expect(packaging.status, packaging.stderr + packaging.stdout).to.equal(0);
    packaged = true;
  }
  return path.join(RELEASE, 'order-demo-linux-x64');
}
