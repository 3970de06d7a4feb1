import { commandFor } from '../cli/run-command';
import { scenarioPresenter } from '../narration/scenario-report';
import { checkpoint } from '../scenarios/checkpoint';

export default commandFor(checkpoint, scenarioPresenter, {
  description:
    'Packs order checkpoint-demo (SKU-001…SKU-010) on an activity worker that runs as a child process, kills it ' +
    'with SIGKILL after --crash-after items, counts down to the heartbeat timeout, starts a new worker process ' +
    'and shows it resume from the checkpoint the server holds, with the same packing slip. Verified from the ' +
    'history: attempt 2 after a heartbeat timeout, the same slip, nothing before the checkpoint packed again.',
  examples: [
    {
      description: 'At the sample’s pace (about two minutes)',
      command: '<%= config.bin %> <%= command.id %>',
    },
    { description: 'Ten times faster', command: '<%= config.bin %> <%= command.id %> --speed 10' },
    {
      description: 'Crash later in a longer job',
      command: '<%= config.bin %> <%= command.id %> --items 20 --crash-after 12',
    },
  ],
});
