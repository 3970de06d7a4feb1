import { FixedScenarioCommand } from '../cli/scenario-command';
import { expire } from '../scenarios/expire';

export default class Expire extends FixedScenarioCommand {
  static override summary = expire.summary;
  static override description =
    'Verified from the history: the approval timer started and fired, deliver_order never ran, the result is ' +
    '"Order expired".';
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --speed 10',
  ];
  protected readonly scenario = expire;
}
