import { commandFor } from '../cli/run-command';
import { scenarioPresenter } from '../narration/scenario-report';
import { humanInTheLoop } from '../scenarios/human-in-the-loop';

export default commandFor(humanInTheLoop, scenarioPresenter, {
  description:
    'Plays the second terminal of the sample: once the order waits for approval, the `approve` command the story ' +
    'prints is run as a process of its own, twice, as an impatient approver would. Verified from the history: ' +
    'the signal recorded, the order delivered once; both approve processes exited 0. The approval window is paced ' +
    'for a person: the speed is at most 10.',
  examples: [
    '<%= config.bin %> <%= command.id %>',
    { description: 'Ten times faster', command: '<%= config.bin %> <%= command.id %> --speed 10' },
  ],
});
