import { commandFor } from '../cli/run-command';
import { scenarioPresenter } from '../narration/scenario-report';
import { workflowBug } from '../scenarios/workflow-bug';

export default commandFor(workflowBug, scenarioPresenter, {
  description:
    'Runs the workflow worker with a bug injected into the workflow code (it throws "workflow bug!" when the ' +
    'order reaches inventory). The workflow task fails and is retried while the workflow stays open; then the ' +
    'fix is deployed by replacing the worker, and the same workflow run is fulfilled. Verified from the history: ' +
    'WorkflowTaskFailed events, then completion of the same run.',
  examples: [
    '<%= config.bin %> <%= command.id %>',
    {
      description: 'Let the bug fail more workflow tasks first',
      command: '<%= config.bin %> <%= command.id %> --fix-after 5',
    },
  ],
});
