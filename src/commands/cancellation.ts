import { commandFor } from '../cli/run-command';
import { scenarioPresenter } from '../narration/scenario-report';
import { cancellation } from '../scenarios/cancellation';

export default commandFor(cancellation, scenarioPresenter, {
  description:
    'Starts an order that packs 5 items (more at high speeds, so that packing outlasts two heartbeat intervals) ' +
    'and, once the server holds its first packing checkpoint, requests its cancellation as `order-demo cancel` does. Verified from the history: the cancellation request, packing ' +
    'stopped (ActivityTaskCanceled), release_inventory then refund_payment after the request, deliver_order never ' +
    'ran, the workflow cancelled; and from the ledger: the charge refunded and the reservation released exactly ' +
    'once, no SKU packed twice, no delivery. With --no-compensate the order ends as cancelled at once and keeps ' +
    'the charge and the stock, as the sample would.',
  examples: [
    '<%= config.bin %> <%= command.id %> --speed 10',
    {
      description: 'Without compensation: what the sample’s workflow keeps',
      command: '<%= config.bin %> <%= command.id %> --speed 10 --no-compensate',
    },
  ],
});
