import { commandFor } from '../cli/run-command';
import { scenarioPresenter } from '../narration/scenario-report';
import { invalidCard } from '../scenarios/invalid-card';

export default commandFor(invalidCard, scenarioPresenter, {
  description:
    'The same order as `run --expiry 12/23`, as a self-verifying scenario: shows where a person troubleshooting ' +
    'finds the failure (event, activity, error type, message). Exits 0 when the workflow failed exactly as ' +
    'designed — `run --expiry 12/23` exits 1, because there the order failed.',
  examples: ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json'],
});
