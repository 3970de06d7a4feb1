import { Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command';
import { connectionFlags, encryptionFlags, speedFlag } from '../../cli/flags';
import { joinRunningServer, LOCAL_SERVER_ADDRESS, logEncryption } from '../../cli/server-connection';
import { TASK_QUEUE } from '../../domain/contract';
import { EXIT } from '../../domain/errors';
import { EventBus } from '../../events/event-bus';
import type { WorkerEvent } from '../../events/events';
import type { ChildWorkerMessage } from '../../processes/child-worker';
import { createActivityWorker, RunningWorker, workerTargetOn } from '../../temporal/workers';

export default class WorkerActivity extends BaseCommand<typeof WorkerActivity> {
  static override enableJsonFlag = false;
  static override summary =
    'A long-running activity worker (payment, inventory, packing, delivery), until Ctrl+C.';
  static override description =
    'Runs only activities, like the sample’s worker_activity.py, and narrates each attempt and packing checkpoint. ' +
    'Kill it during packing and start it again to see the activity resume from its heartbeat checkpoint. ' +
    `Connects to ${LOCAL_SERVER_ADDRESS} unless --address, TEMPORAL_ADDRESS or a profile names another server.`;
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    {
      description: 'Simulated work ten times faster (match the starter’s --speed)',
      command: '<%= config.bin %> <%= command.id %> --speed 10',
    },
  ];
  static override flags = {
    ...speedFlag,
    ...connectionFlags,
    ...encryptionFlags,
    'report-to-parent': Flags.boolean({
      hidden: true,
      description: 'Send progress events to the parent process over IPC (used by the checkpoint scenario).',
    }),
  };

  async run(): Promise<void> {
    const { flags } = this;
    const events = new EventBus();
    const story = this.storyFor(events, false);
    this.teardown.add('narration', async () => story?.stop());
    const toParent =
      flags['report-to-parent'] && process.send
        ? (message: ChildWorkerMessage) => process.send?.(message)
        : undefined;
    const report = (event: WorkerEvent) => {
      events.emit(event);
      toParent?.({ kind: 'event', event });
    };
    const server = await joinRunningServer(flags, this.teardown);
    const target = await workerTargetOn(server);
    const worker = new RunningWorker(
      'activity',
      await createActivityWorker(target, { speed: flags.speed, report }),
      this.teardown,
    );
    this.log(
      `Activity worker polling ${TASK_QUEUE} on ${server.address} (namespace ${server.namespace}, speed ${flags.speed}). Stop with Ctrl+C.`,
    );
    logEncryption(server, (line) => this.log(line));
    if (toParent) {
      toParent({ kind: 'ready' });
      // A worker whose parent is gone (even killed) has nobody to report to and nobody to stop it: go at once,
      // as the parent's other processes do (see processes/watchdog.ts).
      process.once('disconnect', () => process.exit(EXIT.failed));
    }
    await Promise.race([worker.done, this.untilInterrupted()]);
  }
}
