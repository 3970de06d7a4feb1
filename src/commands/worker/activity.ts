import { connectionFlags, encryptionFlags, ledgerFlag, speedFlag } from '../../cli/flags';
import { LOCAL_SERVER_ADDRESS } from '../../cli/server-connection';
import { reportToParentFlag, WorkerCommand } from '../../cli/worker-command';

export default class WorkerActivity extends WorkerCommand<typeof WorkerActivity> {
  /** What this worker polls for; `worker combined` runs the same command with a worker for workflows too. */
  protected readonly role: 'activity' | 'combined' = 'activity';

  static override summary =
    'A long-running activity worker (payment, inventory, packing, delivery), until Ctrl+C.';
  static override description =
    'Runs only activities, like the sample’s worker_activity.py, and narrates each attempt and packing checkpoint. ' +
    'Kill it during packing and start it again to see the activity resume from its heartbeat checkpoint. ' +
    'With --ledger, the external systems the activities call record every effect there, once per idempotency key ' +
    '(several workers can share one ledger). ' +
    `Connects to ${LOCAL_SERVER_ADDRESS} unless --address, TEMPORAL_ADDRESS or a profile names another server.`;
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    {
      description: 'Simulated work ten times faster (match the starter’s --speed)',
      command: '<%= config.bin %> <%= command.id %> --speed 10',
    },
    {
      description: 'Record every charge, reservation, packed item and delivery; read them with `ledger`',
      command: '<%= config.bin %> <%= command.id %> --ledger ./run && <%= config.bin %> ledger ./run',
    },
  ];
  static override flags = {
    ...speedFlag(),
    ...connectionFlags,
    ...encryptionFlags,
    ...ledgerFlag,
    ...reportToParentFlag,
  };

  async run(): Promise<void> {
    const { flags } = this;
    const report = this.activityReports();
    const { ledger, after } = this.ledgerIn(flags.ledger);
    const what = this.role === 'combined' ? 'Workflow and activity worker' : 'Activity worker';
    const settings = { role: this.role, speed: flags.speed, report, ledger };
    await this.runWorker(settings, { what, details: `, speed ${flags.speed}`, after });
  }
}
