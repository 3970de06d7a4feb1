import { countFlag } from '../cli/flags';
import { ScenarioCommand } from '../cli/scenario-command';
import { workflowBug } from '../scenarios/workflow-bug';

export default class WorkflowBug extends ScenarioCommand<typeof WorkflowBug> {
  static override summary = workflowBug.summary;
  static override description =
    'Runs the workflow worker with a bug injected into the workflow code (it throws "workflow bug!" when the ' +
    'order reaches inventory). The workflow task fails and is retried while the workflow stays open; then the ' +
    'fix is deployed by replacing the worker, and the same workflow run is fulfilled. Verified from the history: ' +
    'WorkflowTaskFailed events, then completion of the same run.';
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    {
      description: 'Let the bug fail more workflow tasks first',
      command: '<%= config.bin %> <%= command.id %> --fix-after 5',
    },
  ];
  static override flags = {
    'fix-after': countFlag(workflowBug.options.fixAfter, workflowBug.defaults.fixAfter),
  };

  async run() {
    return this.runScenario(workflowBug, { fixAfter: this.flags['fix-after'] }, this.flags);
  }
}
