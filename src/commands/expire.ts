import { commandFor } from '../cli/run-command';
import { scenarioPresenter } from '../narration/scenario-report';
import { expire } from '../scenarios/expire';

export default commandFor(expire, scenarioPresenter, {
  description:
    'Verified from the history: the approval timer started and fired, deliver_order never ran, the result is ' +
    '"Order expired".',
  examples: ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --speed 10'],
});
