import { BaseCommand } from '../../cli/base-command';
import { connectionFlags, encryptionFlags } from '../../cli/flags';
import { joinRunningServer, LOCAL_SERVER_ADDRESS, logEncryption } from '../../cli/server-connection';
import { TASK_QUEUE } from '../../domain/contract';
import { createWorkflowWorker, RunningWorker, workerTargetOn } from '../../temporal/workers';

export default class WorkerWorkflow extends BaseCommand<typeof WorkerWorkflow> {
  static override enableJsonFlag = false;
  static override summary =
    'A long-running workflow worker (OrderWorkflow on order-task-queue), until Ctrl+C.';
  static override description =
    'Runs only workflows, like the sample’s worker_workflow.py; interchangeable with it on the same task queue. ' +
    `Connects to ${LOCAL_SERVER_ADDRESS} unless --address, TEMPORAL_ADDRESS or a profile names another server.`;
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --address my-cluster:7233 --namespace orders',
  ];
  static override flags = { ...connectionFlags, ...encryptionFlags };

  async run(): Promise<void> {
    const server = await joinRunningServer(this.flags, this.teardown);
    const target = await workerTargetOn(server);
    const worker = new RunningWorker('workflow', await createWorkflowWorker(target), this.teardown);
    this.log(
      `Workflow worker polling ${TASK_QUEUE} on ${server.address} (namespace ${server.namespace}). Stop with Ctrl+C.`,
    );
    logEncryption(server, (line) => this.log(line));
    await Promise.race([worker.done, this.untilInterrupted()]);
  }
}
