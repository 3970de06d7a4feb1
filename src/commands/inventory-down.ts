import { commandFor } from '../cli/run-command';
import { scenarioPresenter } from '../narration/scenario-report';
import { inventoryDown } from '../scenarios/inventory-down';

export default commandFor(inventoryDown, scenarioPresenter, {
  description:
    'The same as `run --inventory-down`, as a self-verifying scenario: each failed attempt and the backoff ' +
    'before the next are narrated; the history must show five attempts and the "recovered after 5 attempts" result.',
  examples: ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --speed 10'],
});
