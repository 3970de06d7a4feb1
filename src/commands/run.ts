import { orderFlags, orderRunFromFlags } from '../cli/flags';
import { ScenarioCommand } from '../cli/scenario-command';
import { ORDER_FULFILLED } from '../domain/contract';
import { EXIT } from '../domain/errors';
import { customOrder } from '../scenarios/custom-order';

export default class Run extends ScenarioCommand<typeof Run> {
  static override summary = customOrder.summary;
  static override description =
    'Everything the sample does with a server, two workers and a starter in separate terminals: boots the embedded ' +
    'server (unless --address names one), runs both workers here, places the order and narrates it. Checks the ' +
    'outcome the workflow is designed to reach against its history. Exits 0 only when the order is fulfilled.';
  static override examples = [
    {
      description: 'Inventory outage: four failed attempts, recovery on the fifth',
      command: '<%= config.bin %> <%= command.id %> --inventory-down',
    },
    {
      description: 'A declined card (exits 1: the order failed)',
      command: '<%= config.bin %> <%= command.id %> --expiry 12/23',
    },
    {
      description: 'Pack 30 items with heartbeat checkpoints, faster',
      command: '<%= config.bin %> <%= command.id %> --pack --speed 10',
    },
    {
      description: 'Let the approval window pass',
      command: '<%= config.bin %> <%= command.id %> --approve none',
    },
  ];
  static override flags = orderFlags(customOrder.defaults);

  async run() {
    return this.runScenario(customOrder, orderRunFromFlags(this.flags), this.flags, (report) =>
      report.passed && report.result === ORDER_FULFILLED ? EXIT.ok : EXIT.failed,
    );
  }
}
