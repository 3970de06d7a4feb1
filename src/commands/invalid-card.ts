import { FixedScenarioCommand } from '../cli/scenario-command';
import { invalidCard } from '../scenarios/invalid-card';

export default class InvalidCard extends FixedScenarioCommand {
  static override summary = invalidCard.summary;
  static override description =
    'The same order as `run --expiry 12/23`, as a self-verifying scenario: shows where a person troubleshooting ' +
    'finds the failure (event, activity, error type, message). Exits 0 when the workflow failed exactly as ' +
    'designed — `run --expiry 12/23` exits 1, because there the order failed.';
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --json',
  ];
  protected readonly scenario = invalidCard;
}
