// OrderWorkflow: the sample's workflow, deterministic. Timeouts come from the speed factor, which arrives as input
// (an optional third argument, absent at the default settings so that the wire arguments are exactly the sample's).
import { condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { OrderActivities, OrderResult } from '../domain/contract';
import { approveOrder, INVALID_CARD_ERROR_TYPE, ORDER_EXPIRED, ORDER_FULFILLED } from '../domain/contract';
import type { Order } from '../domain/order';
import type { OrderWorkflowOptions } from '../domain/order-run';
import {
  DEFAULT_SPEED,
  INVENTORY_MAX_ATTEMPTS_WHEN_UP,
  PACK_MAX_ATTEMPTS,
  PAYMENT_MAX_ATTEMPTS,
  workflowTimeouts,
} from '../domain/speed';

export async function OrderWorkflow(
  order: Order,
  inventory_down = false,
  options: OrderWorkflowOptions = {},
): Promise<OrderResult> {
  const timeouts = workflowTimeouts(options.speed ?? DEFAULT_SPEED);
  // At the default speed the server's default first retry interval applies, exactly as in the sample.
  const retryInterval =
    timeouts.retryInitialInterval === undefined ? {} : { initialInterval: timeouts.retryInitialInterval };

  // Registered first, so an approval that arrives while earlier steps run is not lost.
  let approved = false;
  setHandler(approveOrder, () => {
    approved = true;
  });

  // A charge or a reservation whose worker died may or may not have happened: with idempotency keys on the other
  // side, asking again is safe, so these calls are retried like any other; a declined card is final all the same.
  const retryUnknownOutcome =
    options.retryPolicy === 'idempotent'
      ? { ...retryInterval, nonRetryableErrorTypes: [INVALID_CARD_ERROR_TYPE] }
      : undefined;

  // Summaries are metadata for people reading the history (the Web UI, the timeline): the wire contract stays.
  const { process_payment } = proxyActivities<OrderActivities>({
    summary: 'Charge the card',
    startToCloseTimeout: timeouts.paymentStartToClose,
    retry: retryUnknownOutcome ?? { maximumAttempts: PAYMENT_MAX_ATTEMPTS },
  });
  const { reserve_inventory } = proxyActivities<OrderActivities>({
    summary: 'Reserve stock',
    startToCloseTimeout: timeouts.inventoryStartToClose,
    // While the inventory service is down, retry as long as it takes (the server's default policy).
    retry: inventory_down
      ? retryInterval
      : (retryUnknownOutcome ?? { maximumAttempts: INVENTORY_MAX_ATTEMPTS_WHEN_UP }),
  });
  const { pack_order_items } = proxyActivities<OrderActivities>({
    summary: `Pack ${order.items_to_pack.length} items`,
    startToCloseTimeout: timeouts.packStartToClose,
    heartbeatTimeout: timeouts.packHeartbeatTimeout,
    retry: { ...retryInterval, maximumAttempts: PACK_MAX_ATTEMPTS },
  });
  const { deliver_order } = proxyActivities<OrderActivities>({
    summary: 'Deliver',
    startToCloseTimeout: timeouts.deliveryStartToClose,
  });

  await process_payment(order);
  await reserve_inventory(order, inventory_down);
  if (order.items_to_pack.length > 0) {
    await pack_order_items(order.items_to_pack);
  }

  const approvalWindow = options.approvalWindowMs ?? timeouts.approvalWindow;
  if (!(await condition(() => approved, approvalWindow, { summary: 'Wait for approval' }))) {
    return ORDER_EXPIRED;
  }
  await deliver_order(order);
  return ORDER_FULFILLED;
}
