import { ScenarioCommand } from '../cli/scenario-command';
import { approveFlag, scenarioFlags } from '../cli/flags';
import { happyPath } from '../scenarios/happy-path';

export default class HappyPath extends ScenarioCommand {
  static override summary = 'Order paid, reserved, approved and delivered, then checked against the server.';
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
  static override flags = {
    approve: approveFlag('auto'),
    ...scenarioFlags,
  };

  async run() {
    const { flags } = await this.parse(HappyPath);
    return this.runScenario(happyPath, { approval: flags.approve }, flags);
  }
}
