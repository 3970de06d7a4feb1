// Workers that cannot start once the server is up: the command must say so, stop what it started and exit, never sit
// idle. The failure is a real one — an installation whose workflow bundle is damaged, so that the SDK refuses it when
// a workflow worker is created — in a copy of this package, with the checkout's dependencies and server executables.
import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { packageRoot } from '../../src/processes/server-executables';
import { isolatedEnv, startCli } from '../helpers/cli';
import { survivorsAfter, trackDescendants } from '../helpers/processes';
import { useTemporaryFolder } from '../helpers/temporary-folder';

const ROOT = packageRoot();
/** Far longer than any of these commands takes to fail (a few seconds), far shorter than the suite's timeout. */
const FAILS_WITHIN_MS = 60_000;
const GONE_WITHIN_MS = 10_000;

/** A copy of the built package in `folder` whose standard workflow bundle is not JavaScript. */
function damagedInstallation(folder: string): string {
  for (const part of [
    'package.json',
    'oclif.manifest.json',
    'bin',
    path.join('dist', 'src'),
    path.join('dist', 'bundles'),
  ]) {
    cpSync(path.join(ROOT, part), path.join(folder, part), { recursive: true });
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(folder, 'node_modules'));
  mkdirSync(path.join(folder, '.temporal'));
  symlinkSync(path.join(ROOT, '.temporal', 'bin'), path.join(folder, '.temporal', 'bin'));
  writeFileSync(path.join(folder, 'dist', 'bundles', 'standard.js'), 'not a workflow bundle (\n');
  return path.join(folder, 'bin', 'run.js');
}

describe('workers that cannot start after the server is up', function () {
  const folder = useTemporaryFolder('damaged-installation');
  let program: string[];

  before(function () {
    program = [process.execPath, damagedInstallation(folder())];
  });

  for (const { label, args, message } of [
    {
      label: 'happy-path (workers in this process)',
      args: ['happy-path', '--speed', '10'],
      message: /could not start the workflow worker: .*Workflow Bundle/,
    },
    {
      label: 'chaos (pools of worker processes)',
      args: ['chaos', '--orders', '10', '--speed', '10'],
      message: /the workflow worker process exited with code 1: .*Workflow Bundle/,
    },
    {
      label: 'bench --placement split (a pool per role, filled at once)',
      args: ['bench', '--orders', '20', '--concurrency', '5', '--speed', '10', '--placement', 'split'],
      message: /the workflow worker process exited with code 1: .*Workflow Bundle/,
    },
    {
      label: 'bench (a pool of combined worker processes)',
      args: ['bench', '--orders', '20', '--concurrency', '5', '--speed', '10'],
      message: /the combined worker process exited with code 1: .*Workflow Bundle/,
    },
  ]) {
    it(`${label}: exits with the error and leaves nothing running`, async function () {
      const cli = startCli(args, isolatedEnv(), program);
      const tracker = trackDescendants(cli.child.pid ?? 0);
      const result = await Promise.race([
        cli.exited,
        new Promise<never>((_, reject) =>
          setTimeout(
            () => reject(new Error(`still running after ${FAILS_WITHIN_MS / 1000}s:\n${cli.stdout}`)),
            FAILS_WITHIN_MS,
          ),
        ),
      ]);
      const started = tracker.stop();
      expect(result.stdout, 'the server was up first').to.match(/Temporal server ready at/);
      expect(result.code, result.stdout + result.stderr).to.equal(1);
      expect(result.stderr).to.match(message);
      expect(result.stderr).not.to.match(/\n\s+at /);
      expect(started.size, 'processes started (the server at least)').to.be.greaterThan(0);
      expect(await survivorsAfter(started, GONE_WITHIN_MS), 'processes left behind').to.deep.equal([]);
    });
  }
});
