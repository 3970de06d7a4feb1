import { approveFlag } from '../cli/flags';
import { ScenarioCommand } from '../cli/scenario-command';
import { happyPath } from '../scenarios/happy-path';

export default class HappyPath extends ScenarioCommand<typeof HappyPath> {
  static override summary = happyPath.summary;
  static override description =
    'Boots the embedded Temporal dev server (unless --address names one), runs the workflow and activity workers ' +
    'in this process, starts OrderWorkflow for order order-1, approves it, and verifies the outcome from the ' +
    "workflow's event history. Exits 0 when every check passes.";
  static override examples = [
    { description: 'The demo at the sample’s real pace', command: '<%= config.bin %> <%= command.id %>' },
    { description: 'Ten times faster', command: '<%= config.bin %> <%= command.id %> --speed 10' },
    {
      description: 'Approve by hand from a second terminal (the command to run is printed)',
      command: '<%= config.bin %> <%= command.id %> --approve manual',
    },
    {
      description: 'Machine-readable, for CI',
      command: '<%= config.bin %> <%= command.id %> --speed 10 --json',
    },
    {
      description: 'Against a running server',
      command: '<%= config.bin %> <%= command.id %> --address localhost:7233',
    },
  ];
  static override flags = { approve: approveFlag(happyPath.defaults.approval) };

  async run() {
    return this.runScenario(happyPath, { approval: this.flags.approve }, this.flags);
  }
}
