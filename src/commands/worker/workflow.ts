import { connectionFlags, encryptionFlags, speedFlag } from '../../cli/flags';
import { LOCAL_SERVER_ADDRESS } from '../../cli/server-connection';
import { reportToParentFlag, WorkerCommand } from '../../cli/worker-command';
import { TASK_QUEUE } from '../../domain/contract';

export default class WorkerWorkflow extends WorkerCommand<typeof WorkerWorkflow> {
  static override summary = `A long-running workflow worker (OrderWorkflow on ${TASK_QUEUE}), until Ctrl+C.`;
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
    ...reportToParentFlag,
  };

  async run(): Promise<void> {
    await this.runWorker({ role: 'workflow', speed: this.flags.speed }, { what: 'Workflow worker' });
  }
}
