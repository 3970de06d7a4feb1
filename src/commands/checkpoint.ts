import { Flags } from '@oclif/core';
import { UsageError } from '../cli/exit-codes';
import { scenarioFlags } from '../cli/flags';
import { ScenarioCommand } from '../cli/scenario-command';
import { checkpoint, DEFAULT_CHECKPOINT_OPTIONS } from '../scenarios/checkpoint';

export default class Checkpoint extends ScenarioCommand {
  static override summary =
    'Heartbeat checkpoints: the activity worker is killed mid-packing and a new one resumes.';
  static override description =
    'Packs order checkpoint-demo (SKU-001…SKU-010) on an activity worker that runs as a child process, kills it ' +
    'with SIGKILL after --crash-after items, counts down to the heartbeat timeout, starts a new worker process ' +
    'and shows it resume from the checkpoint the server holds, with the same packing slip. Verified from the ' +
    'history: attempt 2 after a heartbeat timeout, the same slip, nothing before the checkpoint packed again.';
  static override examples = [
    {
      description: 'At the sample’s pace (about two minutes)',
      command: '<%= config.bin %> <%= command.id %>',
    },
    { description: 'Ten times faster', command: '<%= config.bin %> <%= command.id %> --speed 10' },
    {
      description: 'Crash later in a longer job',
      command: '<%= config.bin %> <%= command.id %> --items 20 --crash-after 12',
    },
  ];
  static override flags = {
    items: Flags.integer({
      description: 'Items to pack (SKU-001 …).',
      default: DEFAULT_CHECKPOINT_OPTIONS.items,
      min: 2,
      max: 1000,
    }),
    'crash-after': Flags.integer({
      description: 'Kill the activity worker once it has packed this many items (less than --items).',
      default: DEFAULT_CHECKPOINT_OPTIONS.crashAfter,
      min: 1,
    }),
    ...scenarioFlags,
  };

  async run() {
    const { flags } = await this.parse(Checkpoint);
    if (flags['crash-after'] >= flags.items) {
      throw new UsageError(`--crash-after ${flags['crash-after']} must be less than --items ${flags.items}`);
    }
    return this.runScenario(checkpoint, { items: flags.items, crashAfter: flags['crash-after'] }, flags);
  }
}
