import { commandFor } from '../cli/run-command';
import { scenarioPresenter } from '../narration/scenario-report';
import { happyPath } from '../scenarios/happy-path';

export default commandFor(happyPath, scenarioPresenter, {
  description:
    'Boots the embedded Temporal dev server (unless --address names one), runs the workflow and activity workers ' +
    'in this process, starts OrderWorkflow for order order-1, approves it, and verifies the outcome from the ' +
    "workflow's event history. Exits 0 when every check passes.",
  examples: [
    { description: 'The demo at the sample’s real pace', command: '<%= config.bin %> <%= command.id %>' },
    { description: 'Ten times faster', command: '<%= config.bin %> <%= command.id %> --speed 10' },
    {
      description: 'Approve by hand from a second terminal (the command to run is printed)',
      command: '<%= config.bin %> <%= command.id %> --approve manual',
    },
    {
      description: 'Machine-readable, for CI',
      command: '<%= config.bin %> <%= command.id %> --speed 10 --json',
    },
    {
      description: 'Against a running server',
      command: '<%= config.bin %> <%= command.id %> --address localhost:7233',
    },
  ],
});
