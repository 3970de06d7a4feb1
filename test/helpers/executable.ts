// The single executable, made once per test run by `npm run package`'s script from the current build (the
// integration tier makes it, so that the packaging never rots), for the tests that run it.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { packageRoot } from '../../src/processes/server-executables';
import { testRunId } from './test-run';

export const RELEASE = path.join(packageRoot(), 'release');
/** Packaging fetches the pinned Node once and compresses the dev server: under a minute here, on 2 cores. */
export const PACKAGE_TIMEOUT_MS = 5 * 60_000;

/** Which run of the suite made release/ last: the workers of a parallel run share one packaging. */
const PACKAGED_BY = path.join(packageRoot(), 'build', 'packaged-by-test-run');
const PACKAGING_LOCK = path.join(packageRoot(), 'build', 'packaging.lock');

let packaged = false;

/**
 * release/order-demo-linux-x64, made from this build the first time a test of this run asks for it. The workers of a
 * parallel run take turns under a lock (flock(1)), and whoever comes second finds it made by this run.
 */
export function packagedExecutable(): string {
  if (!packaged) {
    mkdirSync(path.dirname(PACKAGING_LOCK), { recursive: true });
    const packaging = spawnSync(
      'flock',
      [
        PACKAGING_LOCK,
        '/bin/sh',
        '-c',
        'grep -qsxF "$TEST_RUN" "$PACKAGED_BY" || { "$NODE" "$SCRIPT" && echo "$TEST_RUN" > "$PACKAGED_BY"; }',
      ],
      {
        encoding: 'utf8',
        timeout: PACKAGE_TIMEOUT_MS,
        env: {
          ...process.env,
          TEST_RUN: testRunId(),
          PACKAGED_BY,
          NODE: process.execPath,
          SCRIPT: path.join(packageRoot(), 'scripts', 'package-executable.js'),
        },
      },
    );
    expect(packaging.status, packaging.stderr + packaging.stdout).to.equal(0);
    packaged = true;
  }
  return path.join(RELEASE, 'order-demo-linux-x64');
}
