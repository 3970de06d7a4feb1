import { commandFor } from '../cli/run-command';
import { scenarioPresenter } from '../narration/scenario-report';
import { customOrder } from '../scenarios/custom-order';

export default commandFor(customOrder, scenarioPresenter, {
  description:
    'Everything the sample does with a server, two workers and a starter in separate terminals: boots the embedded ' +
    'server (unless --address names one), runs both workers here, places the order and narrates it. Checks the ' +
    'outcome the workflow is designed to reach against its history. Exits 0 only when the order is fulfilled.',
  examples: [
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
  ],
});
