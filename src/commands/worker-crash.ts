import { commandFor } from '../cli/run-command';
import { scenarioPresenter } from '../narration/scenario-report';
import { workerCrash } from '../scenarios/worker-crash';

export default commandFor(workerCrash, scenarioPresenter, {
  description:
    'Runs the workflow worker as a child process (order-demo worker workflow) and the activity worker in this ' +
    'one, kills the workflow worker with SIGKILL once the order waits for approval, starts a new one, and ' +
    'approves. Verified from the history: the tasks after the crash were completed by another worker identity, ' +
    'each activity was scheduled once, the approval timer started once, the order was fulfilled; and from the ' +
    'ledger: one charge, one reservation, one slip, each item packed once, one delivery.',
  examples: [
    '<%= config.bin %> <%= command.id %>',
    { description: 'Ten times faster', command: '<%= config.bin %> <%= command.id %> --speed 10' },
  ],
});
