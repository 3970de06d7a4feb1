import { countFlag } from '../cli/flags';
import { ScenarioCommand } from '../cli/scenario-command';
import { checkpoint } from '../scenarios/checkpoint';

export default class Checkpoint extends ScenarioCommand<typeof Checkpoint> {
  static override summary = checkpoint.summary;
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
    items: countFlag(checkpoint.options.items, checkpoint.defaults.items),
    'crash-after': countFlag(checkpoint.options.crashAfter, checkpoint.defaults.crashAfter),
  };

  async run() {
    const options = { items: this.flags.items, crashAfter: this.flags['crash-after'] };
    return this.runScenario(checkpoint, options, this.flags);
  }
}
