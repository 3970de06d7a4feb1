import { Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command';
import { connectionFlags, encryptionFlags, speedFlag } from '../../cli/flags';
import { joinRunningServer, LOCAL_SERVER_ADDRESS, logEncryption } from '../../cli/server-connection';
import { TASK_QUEUE } from '../../domain/contract';
import { parentChannel } from '../../processes/child-worker';
import { createWorker, InProcessWorker, workerTargetOn } from '../../temporal/workers';

export default class WorkerWorkflow extends BaseCommand<typeof WorkerWorkflow> {
  static override enableJsonFlag = false;
  static override summary =
    'A long-running workflow worker (OrderWorkflow on order-task-queue), until Ctrl+C.';
  static override description =
    'Runs only workflows, like the sample’s worker_workflow.py; interchangeable with it on the same task queue. ' +
    'Kill it while an order waits for approval and start another: the new one rebuilds the order from its history. ' +
    `Connects to ${LOCAL_SERVER_ADDRESS} unless --address, TEMPORAL_ADDRESS or a profile names another server.`;
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --address my-cluster:7233 --namespace orders',
    {
      description:
        'With the starter’s --speed 10: after a crash, the server waits 1 s instead of 10 s for this worker',
      command: '<%= config.bin %> <%= command.id %> --speed 10',
    },
  ];
  static override flags = {
    ...speedFlag(),
    ...connectionFlags,
    ...encryptionFlags,
    'report-to-parent': Flags.boolean({
      hidden: true,
      description: 'Tell the parent process over IPC when the worker polls (used by the crash scenarios).',
    }),
  };

  async run(): Promise<void> {
    const { flags } = this;
    const server = await joinRunningServer(flags, this.teardown);
    const target = await workerTargetOn(server);
    const worker = new InProcessWorker(
      'workflow',
      await createWorker(target, { role: 'workflow', speed: flags.speed }),
      this.teardown,
    );
    this.log(
      `Workflow worker polling ${TASK_QUEUE} on ${server.address} (namespace ${server.namespace}). Stop with Ctrl+C.`,
    );
    logEncryption(server, (line) => this.log(line));
    if (flags['report-to-parent']) parentChannel()?.({ kind: 'ready', identity: worker.identity });
    await Promise.race([worker.done, this.untilInterrupted()]);
  }
}
