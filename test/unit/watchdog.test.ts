// The watchdog's script on its own, as a command's SIGKILL leaves it: what it watches is not on its command line
// (which every user can read), it stops the processes carrying its tag — SIGKILL for one that ignores SIGTERM — but
// never a process that no longer carries the tag when the SIGKILL comes (its PID may be another process's by then),
// and it removes the run's scratch folder.
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { OWNER_TAG, WATCHDOG_SCRIPT, WATCHED_SCRATCH, WATCHED_TAG } from '../../src/processes/watchdog';
import { isAlive } from '../helpers/processes';
import { useTemporaryFolder } from '../helpers/temporary-folder';

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });

describe('the watchdog', function () {
  this.timeout(20_000);
  const temporary = useTemporaryFolder('watchdog');

  it('stops what carries its tag, never a PID that no longer does, removes the scratch folder, and shows neither on its command line', async () => {
    const tag = randomUUID();
    const scratch = path.join(temporary(), 'order-demo-run-test');
    mkdirSync(scratch);
    const watchdog = spawn('/bin/sh', ['-c', WATCHDOG_SCRIPT, 'order-demo-watchdog'], {
      env: { PATH: process.env.PATH, [WATCHED_TAG]: tag, [WATCHED_SCRATCH]: scratch },
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    const tagged = { PATH: process.env.PATH, [OWNER_TAG]: tag };
    // Ignores SIGTERM: only SIGKILL stops it.
    const stubborn = spawn('/bin/sh', ['-c', 'trap "" TERM; while :; do sleep 0.05; done'], { env: tagged });
    // On SIGTERM it becomes another program with a clean environment under the same PID: a stand-in for a PID reused.
    const reborn = spawn(
      '/bin/sh',
      ['-c', 'trap "exec env -i sleep 30" TERM; while :; do sleep 0.05; done'],
      {
        env: tagged,
      },
    );
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const commandLine = readFileSync(`/proc/${watchdog.pid}/cmdline`, 'utf8');
      expect(commandLine).to.not.contain(tag);
      expect(commandLine).to.not.contain(scratch);

      watchdog.stdin?.end();
      await exited(watchdog);
      await exited(stubborn);
      expect(stubborn.signalCode).to.equal('SIGKILL');
      expect(isAlive(reborn.pid ?? 0), 'the process that lost the tag').to.equal(true);
      expect(existsSync(scratch)).to.equal(false);
    } finally {
      for (const child of [watchdog, stubborn, reborn]) child.kill('SIGKILL');
      await Promise.all([watchdog, stubborn, reborn].map(exited));
    }
  });

  it('makes the run’s scratch folder with its watchdog, new and private to its owner (0700), and removes it on release', () => {
    // In a process of its own: this one may already be an owner (commands run in-process in other tests).
    const probe = `
      const { statSync } = require('node:fs');
      const path = require('node:path');
      const watchdog = require(${JSON.stringify(require.resolve('../../src/processes/watchdog'))});
      watchdog.scratchFolder('probe').then(async (folder) => {
        const scratch = path.dirname(folder);
        const { mode, uid } = statSync(scratch);
        await watchdog.releaseWatchdog();
        console.log(JSON.stringify({ scratch, mode: mode & 0o777, uid }));
      });`;
    const environment = { ...process.env };
    delete environment[OWNER_TAG];
    const { scratch, mode, uid } = JSON.parse(
      execFileSync(process.execPath, ['-e', probe], { env: environment, encoding: 'utf8' }),
    ) as { scratch: string; mode: number; uid: number };
    expect(path.dirname(scratch)).to.equal(tmpdir());
    expect(path.basename(scratch)).to.match(/^order-demo-run-/);
    expect(mode).to.equal(0o700);
    expect(uid).to.equal(process.getuid?.());
    expect(existsSync(scratch)).to.equal(false);
  });
});
