// SIGKILL of the CLI (a CI timeout, the OOM killer) runs none of its code, yet nothing it started may outlive it:
// its watchdog stops the embedded server, the worker processes and itself within seconds.
import { expect } from 'chai';
import { readdirSync } from 'node:fs';
import { isolatedEnv, startCli } from '../helpers/cli';
import { commandLine, descendants, survivorsAfter, trackDescendants } from '../helpers/processes';
import { inTemporaryFolder } from '../helpers/temporary-folder';

// A bound, not a wait: the check ends as soon as every process is gone (its watchdog takes about 2 s).
const GONE_WITHIN_MS = 20_000;

describe('SIGKILL of the CLI leaves no process behind', () => {
  const moments: {
    moment: string;
    args: string[];
    until: (cli: ReturnType<typeof startCli>) => Promise<unknown>;
  }[] = [
    {
      moment: 'while the embedded server boots',
      args: ['checkpoint', '--speed', '5'],
      // The moment the dev server's process exists below the CLI, before the CLI has found it ready.
      until: async (cli) => {
        const deadline = Date.now() + 30_000;
        for (;;) {
          const server = descendants(cli.child.pid ?? 0).find((pid) =>
            commandLine(pid).includes('start-dev'),
          );
          if (server !== undefined && !/Temporal server ready/.test(cli.stdout)) return server;
          if (/Temporal server ready/.test(cli.stdout) || Date.now() > deadline) {
            throw new Error(`never saw the server booting\nstdout:\n${cli.stdout}\nstderr:\n${cli.stderr}`);
          }
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
      },
    },
    {
      moment: 'mid-scenario, with the workers in-process',
      args: ['inventory-down', '--speed', '5'],
      until: (cli) => cli.waitFor(/reserve_inventory attempt 2 started/),
    },
    {
      moment: 'mid-chaos, with pools of worker processes and a restartable server',
      args: [
        'chaos',
        '--orders',
        '10',
        '--kill-activity-workers',
        '2',
        '--kill-workflow-workers',
        '0',
        '--seed',
        '3',
      ],
      until: (cli) => cli.waitFor(/activity worker pid \d+ killed with SIGKILL/),
    },
    {
      moment: 'while a child worker process packs',
      args: ['checkpoint', '--speed', '5'],
      until: (cli) => cli.waitFor(/packed SKU-001/),
    },
  ];

  for (const { moment, args, until } of moments) {
    it(moment, async () => {
      // Its own temp folder, to see that the run's files (a temporary ledger, a server's state, whatever else it
      // makes there) go too.
      await inTemporaryFolder('hard-kill', async (temp) => {
        const cli = startCli(args, isolatedEnv({ TMPDIR: temp }));
        try {
          const tracker = trackDescendants(cli.child.pid ?? 0);
          const reached = await until(cli);
          // Once killed, the CLI's children are no longer its descendants: what runs now is looked at first (a
          // process born since the tracker's last look would otherwise go unseen).
          tracker.look();
          cli.child.kill('SIGKILL');
          const started = tracker.stop();
          const result = await cli.exited;

          expect(result.signal).to.equal('SIGKILL');
          expect(started.size, 'the CLI should have started processes by then').to.be.at.least(1);
          if (typeof reached === 'number') expect([...started], 'the booting server').to.include(reached);
          expect(await survivorsAfter(started, GONE_WITHIN_MS), 'processes left behind').to.deep.equal([]);
          expect(readdirSync(temp), 'files left behind in its temp folder').to.deep.equal([]);
        } finally {
          // Killed all the same when the moment never comes: its watchdog stops what it started.
          await cli.interrupt('SIGKILL');
        }
      });
    });
  }
});
