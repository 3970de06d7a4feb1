// The sample starter's choices about one order, as options: the `run` scenario takes them all, `start` too (with a
// person approving by default), and happy-path the approval; and compensation, which the sample does not have.
import { parseExpiry } from '../domain/expiry';
import {
  checkOrderId,
  checkWorkflowId,
  orderWith,
  SAMPLE_ORDER,
  SAMPLE_PACK_ITEM_COUNT,
  skus,
} from '../domain/order';
import type { ApprovalMode, OrderRunSpec } from '../domain/order-run';
import { APPROVAL_MODES } from '../domain/order-run';
import type { OptionValues } from '../runs/options';
import { option } from '../runs/options';

const ORDER = 'ORDER';

export function approvalOption(defaultMode: ApprovalMode) {
  return option.choice({
    flag: 'approve',
    group: ORDER,
    choices: APPROVAL_MODES,
    default: defaultMode,
    description:
      'auto: approve once the workflow waits; manual: print the approve command and wait; none: let it expire.',
  });
}

/** Whether an order that ends without delivery gives back what it took; `on` by default where a run is about it. */
export function compensateOption(on: boolean) {
  return option.switch({
    group: ORDER,
    default: on,
    description: on
      ? 'Give back what an order that ends without delivery took: release the stock, refund the charge (the ' +
        "saga pattern); --no-compensate keeps both, as the sample's workflow does."
      : 'Give back what an order that ends without delivery took: release the stock, then refund the charge (the ' +
        "saga pattern). Not the sample's: its workflow keeps both.",
  });
}

/** The sample starter's flags; `approval` is what happens when none is given. */
export function orderOptions(approval: ApprovalMode) {
  return {
    orderId: option.text({
      group: ORDER,
      default: SAMPLE_ORDER.order_id,
      description: 'Order ID.',
      parse: checkOrderId,
    }),
    workflowId: option.optionalText({
      group: ORDER,
      defaultHelp: 'order-<order id>-<unix seconds>, as the sample names them',
      description: 'Workflow ID.',
      parse: checkWorkflowId,
    }),
    inventoryDown: option.switch({
      group: ORDER,
      description: 'Simulate an inventory outage: attempts 1–4 fail, attempt 5 succeeds.',
    }),
    expiry: option.text({
      group: ORDER,
      default: SAMPLE_ORDER.credit_card_expiry,
      description: 'Credit card expiry, MM/YY; a past month is declined (e.g. 12/23).',
      parse: (input) => {
        parseExpiry(input);
        return input;
      },
    }),
    pack: option.switch({
      group: ORDER,
      description: `Pack ${SAMPLE_PACK_ITEM_COUNT} items (SKU-000…SKU-0${SAMPLE_PACK_ITEM_COUNT - 1}) with heartbeat checkpoints.`,
    }),
    approval: approvalOption(approval),
    compensate: compensateOption(false),
  };
}

export type OrderOptions = OptionValues<ReturnType<typeof orderOptions>>;

/** The order run these options describe, at this speed. */
export function orderRunSpec(options: OrderOptions, speed: number): OrderRunSpec {
  return {
    order: orderWith({
      order_id: options.orderId,
      credit_card_expiry: options.expiry,
      items_to_pack: options.pack ? skus(SAMPLE_PACK_ITEM_COUNT, 0) : [],
    }),
    inventoryDown: options.inventoryDown,
    approval: options.approval,
    speed,
    workflowId: options.workflowId,
    compensate: options.compensate,
  };
}
