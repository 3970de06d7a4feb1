// OrderWorkflow: the sample's workflow, deterministic. Timeouts come from the speed factor, which arrives as input
// (an optional third argument, absent at the default speed so that the wire arguments are exactly the sample's).
import { condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { OrderActivities, OrderResult } from '../domain/contract';
import { approveOrder, ORDER_EXPIRED, ORDER_FULFILLED } from '../domain/contract';
import type { Order } from '../domain/order';
import {
  DEFAULT_SPEED,
  INVENTORY_MAX_ATTEMPTS_WHEN_UP,
  PACK_MAX_ATTEMPTS,
  PAYMENT_MAX_ATTEMPTS,
  workflowTimeouts,
} from '../domain/speed';

export interface OrderWorkflowOptions {
  /** Every timeout is divided by this; see domain/speed.ts. */
  speed?: number;
  /** Overrides the approval window the speed implies: a person approving by hand needs real time. */
  approvalWindowMs?: number;
}

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

  const { process_payment } = proxyActivities<OrderActivities>({
    startToCloseTimeout: timeouts.paymentStartToClose,
    retry: { maximumAttempts: PAYMENT_MAX_ATTEMPTS },
  });
  const { reserve_inventory } = proxyActivities<OrderActivities>({
    startToCloseTimeout: timeouts.inventoryStartToClose,
    // While the inventory service is down, retry as long as it takes (the server's default policy).
    retry: inventory_down ? retryInterval : { maximumAttempts: INVENTORY_MAX_ATTEMPTS_WHEN_UP },
  });
  const { pack_order_items } = proxyActivities<OrderActivities>({
    startToCloseTimeout: timeouts.packStartToClose,
    heartbeatTimeout: timeouts.packHeartbeatTimeout,
    retry: { ...retryInterval, maximumAttempts: PACK_MAX_ATTEMPTS },
  });
  const { deliver_order } = proxyActivities<OrderActivities>({
    startToCloseTimeout: timeouts.deliveryStartToClose,
  });

  await process_payment(order);
  await reserve_inventory(order, inventory_down);
  if (order.items_to_pack.length > 0) {
    await pack_order_items(order.items_to_pack);
  }

  if (!(await condition(() => approved, options.approvalWindowMs ?? timeouts.approvalWindow))) {
    return ORDER_EXPIRED;
  }
  await deliver_order(order);
  return ORDER_FULFILLED;
}
