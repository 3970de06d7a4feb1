import { Flags } from '@oclif/core';
import { scenarioFlags } from '../cli/flags';
import { ScenarioCommand } from '../cli/scenario-command';
import { DEFAULT_WORKFLOW_BUG_OPTIONS, workflowBug } from '../scenarios/workflow-bug';

export default class WorkflowBug extends ScenarioCommand {
  static override summary = 'A bug in the running workflow: stuck but alive, then fixed in place, same run.';
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
    'fix-after': Flags.integer({
      description: 'Deploy the fix after this many failed workflow tasks.',
      default: DEFAULT_WORKFLOW_BUG_OPTIONS.fixAfter,
      min: 1,
      max: 20,
    }),
    ...scenarioFlags,
  };

  async run() {
    const { flags } = await this.parse(WorkflowBug);
    return this.runScenario(workflowBug, { fixAfter: flags['fix-after'] }, flags);
  }
}
