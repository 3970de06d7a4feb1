import { commandFor } from '../cli/run-command';
import { scenarioPresenter } from '../narration/scenario-report';
import { lateApproval } from '../scenarios/late-approval';

export default commandFor(lateApproval, scenarioPresenter, {
  description:
    'Nobody approves the order (with compensation) in time. While it waits to give back what it took, the ' +
    'approver runs `order-demo approve` from another terminal (a process of its own): the signal is recorded and ' +
    'ignored, and the command exits 0. Then `order-demo approve --update`: the update is refused with the reason ' +
    'and exits 1. Verified from the history: the signal after TimerFired, no update in the history, the result ' +
    '"Order expired", the stock released and the charge refunded; and from the ledger, each exactly once.',
  examples: ['<%= config.bin %> <%= command.id %> --speed 10'],
});
