import { FixedScenarioCommand } from '../cli/scenario-command';
import { inventoryDown } from '../scenarios/inventory-down';

export default class InventoryDown extends FixedScenarioCommand {
  static override summary = inventoryDown.summary;
  static override description =
    'The same as `run --inventory-down`, as a self-verifying scenario: each failed attempt and the backoff ' +
    'before the next are narrated; the history must show five attempts and the "recovered after 5 attempts" result.';
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --speed 10',
  ];
  protected readonly scenario = inventoryDown;
}
