import path from 'node:path';
import { Flags } from '@oclif/core';
import { connectionFlags, encryptionFlags, ledgerFlag, speedFlag } from '../../cli/flags';
import { LOCAL_SERVER_ADDRESS } from '../../cli/server-connection';
import { WorkerCommand } from '../../cli/worker-command';
import { EventBus } from '../../events/event-bus';
import type { WorkerEvent } from '../../events/events';
import { parentChannel } from '../../processes/child-worker';
import { openLedgerIn } from '../../runs/run-ledger';
import type { Ledger } from '../../services/ledger';

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
    'report-to-parent': Flags.boolean({
      hidden: true,
      description: 'Send progress events to the parent process over IPC (used by the checkpoint scenario).',
    }),
  };

  async run(): Promise<void> {
    const { flags } = this;
    // A worker runs for hours: its events are told as they come, and none is kept.
    const events = new EventBus({ keep: false });
    const story = this.storyFor(events, false);
    this.teardown.add('narration', async () => story?.stop());
    const toParent = flags['report-to-parent'] ? parentChannel() : undefined;
    const report = (event: WorkerEvent) => {
      events.emit(event);
      toParent?.({ kind: 'event', event });
    };
    const ledger = flags.ledger === undefined ? undefined : this.openLedger(flags.ledger);
    const what = this.role === 'combined' ? 'Workflow and activity worker' : 'Activity worker';
    const after = ledger
      ? `Effects are recorded in ${ledger.file}; read them with: ${this.invocation} ledger ${path.dirname(ledger.file)}`
      : 'Effects are not recorded: start with --ledger DIR to keep a ledger of them.';
    const settings = { role: this.role, speed: flags.speed, report, ledger };
    await this.runWorker(settings, { what, details: `, speed ${flags.speed}`, after }, toParent);
  }

  /** The ledger in `folder`, closed when the worker has stopped. */
  private openLedger(folder: string): Ledger {
    const ledger = openLedgerIn(folder);
    this.teardown.add('ledger', async () => ledger.close());
    return ledger;
  }
}
