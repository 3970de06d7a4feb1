// OrderWorkflow: the sample's workflow, deterministic. Timeouts come from the speed factor, which arrives as input
// (an optional third argument, absent at the default settings so that the wire arguments are exactly the sample's).
// With compensation (the saga pattern, also an option of that argument) an order that ends without delivery gives
// back what it took; without it, the workflow does exactly what the sample's does.
import {
  ActivityCancellationType,
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  proxyActivities,
  rootCause,
  setHandler,
} from '@temporalio/workflow';
import type { ApprovalDecision, DecidedApproval } from '../domain/approval';
import { approvalRefusal } from '../domain/approval';
import type { CompensationActivities, OrderActivities, OrderResult } from '../domain/contract';
import {
  APPROVAL_REFUSED_ERROR_TYPE,
  approvalResults,
  approveOrder,
  approveOrderUpdate,
  INVALID_CARD_ERROR_TYPE,
  ORDER_EXPIRED,
  ORDER_FULFILLED,
} from '../domain/contract';
import type { Order } from '../domain/order';
import type { OrderWorkflowOptions } from '../domain/order-run';
import {
  DEFAULT_SPEED,
  INVENTORY_MAX_ATTEMPTS_WHEN_UP,
  PACK_MAX_ATTEMPTS,
  PAYMENT_MAX_ATTEMPTS,
  workflowTimeouts,
} from '../domain/speed';

/**
 * Workflow time: in the workflow's sandbox the SDK makes Date deterministic, the time of the workflow task being
 * processed, which a replay takes from the history again.
 */
function workflowNow(): number {
  // eslint-disable-next-line no-restricted-properties -- the sandbox's Date, see above
  return Date.now();
}

/** The card was declined: the gateway charged nothing, so there is nothing to give back. */
function isDeclinedCard(error: unknown): boolean {
  return (
    error instanceof ActivityFailure &&
    error.cause instanceof ApplicationFailure &&
    error.cause.type === INVALID_CARD_ERROR_TYPE
  );
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
  // Once decided, an approval changes nothing: the update says so, with when and why.
  let decided: DecidedApproval | undefined;
  const decide = (decision: ApprovalDecision, why?: string) => {
    decided ??= { decision, atMs: workflowNow(), why };
  };
  const approve = () => {
    approved = true;
    decide('approved');
  };
  setHandler(approveOrder, approve);
  setHandler(
    approveOrderUpdate,
    () => {
      approve();
      return approvalResults.approved(order.order_id);
    },
    {
      // Runs before the update is accepted: a refusal never enters the history.
      validator: () => {
        if (!decided) return;
        throw ApplicationFailure.create({
          message: approvalRefusal(decided, workflowNow()),
          type: APPROVAL_REFUSED_ERROR_TYPE,
          nonRetryable: true,
        });
      },
    },
  );

  // A charge or a reservation whose worker died may or may not have happened: with idempotency keys on the other
  // side, asking again is safe, so these calls are retried like any other; a declined card is final all the same.
  const retryUnknownOutcome =
    options.retryPolicy === 'idempotent'
      ? { ...retryInterval, nonRetryableErrorTypes: [INVALID_CARD_ERROR_TYPE] }
      : undefined;
  // To give back what a step took, the workflow must know how the step ended: on cancellation it waits for the step
  // to finish or to stop (packing stops at its next heartbeat) instead of moving on at once, as the sample does.
  const knowHowStepsEnd = options.compensate
    ? { cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED }
    : {};

  // Summaries are metadata for people reading the history (the Web UI, the timeline): the wire contract stays.
  const { process_payment } = proxyActivities<OrderActivities>({
    summary: 'Charge the card',
    startToCloseTimeout: timeouts.paymentStartToClose,
    retry: retryUnknownOutcome ?? { maximumAttempts: PAYMENT_MAX_ATTEMPTS },
    ...knowHowStepsEnd,
  });
  const { reserve_inventory } = proxyActivities<OrderActivities>({
    summary: 'Reserve stock',
    startToCloseTimeout: timeouts.inventoryStartToClose,
    // While the inventory service is down, retry as long as it takes (the server's default policy).
    retry: inventory_down
      ? retryInterval
      : (retryUnknownOutcome ?? { maximumAttempts: INVENTORY_MAX_ATTEMPTS_WHEN_UP }),
    ...knowHowStepsEnd,
  });
  const { pack_order_items } = proxyActivities<OrderActivities>({
    summary: `Pack ${order.items_to_pack.length} items`,
    startToCloseTimeout: timeouts.packStartToClose,
    heartbeatTimeout: timeouts.packHeartbeatTimeout,
    retry: { ...retryInterval, maximumAttempts: PACK_MAX_ATTEMPTS },
    ...knowHowStepsEnd,
  });
  const { deliver_order } = proxyActivities<OrderActivities>({
    summary: 'Deliver',
    startToCloseTimeout: timeouts.deliveryStartToClose,
    ...knowHowStepsEnd,
  });
  // Money must come back: a compensation is retried until it succeeds (the server's default policy, no maximum).
  // A refund takes as long as a charge, a release as long as a reservation.
  const { refund_payment } = proxyActivities<CompensationActivities>({
    summary: 'Refund the charge',
    startToCloseTimeout: timeouts.paymentStartToClose,
    retry: retryInterval,
  });
  const { release_inventory } = proxyActivities<CompensationActivities>({
    summary: 'Release the stock',
    startToCloseTimeout: timeouts.inventoryStartToClose,
    retry: retryInterval,
  });

  // What to give back if the order ends without delivery, last taken first.
  const compensations: (() => Promise<string>)[] = [];

  /**
   * Runs a step that takes something; with compensation, notes how to give it back. A step that timed out or was
   * cancelled may have taken it all the same, so only a declined card leaves nothing to give back: the services
   * give back only what they hold.
   */
  async function taking(step: () => Promise<string>, giveBack: () => Promise<string>): Promise<string> {
    if (!options.compensate) return step();
    try {
      const result = await step();
      compensations.unshift(giveBack);
      return result;
    } catch (error) {
      if (!isDeclinedCard(error)) compensations.unshift(giveBack);
      throw error;
    }
  }

  /** Gives back what the order took, last taken first; even a cancelled order does, so nothing cancels this. */
  async function compensate(): Promise<void> {
    if (compensations.length === 0) return;
    await CancellationScope.nonCancellable(async () => {
      for (const giveBack of compensations.splice(0)) await giveBack();
    });
  }

  let expired: boolean;
  try {
    await taking(
      () => process_payment(order),
      () => refund_payment(order),
    );
    await taking(
      () => reserve_inventory(order, inventory_down),
      () => release_inventory(order),
    );
    if (order.items_to_pack.length > 0) {
      await pack_order_items(order.items_to_pack);
    }
    const approvalWindow = options.approvalWindowMs ?? timeouts.approvalWindow;
    expired = !(await condition(() => approved, approvalWindow, { summary: 'Wait for approval' }));
    if (!expired) await deliver_order(order);
  } catch (error) {
    decide(isCancellation(error) ? 'cancelled' : 'failed', rootCause(error));
    await compensate();
    throw error;
  }
  if (expired) {
    decide('expired');
    await compensate();
    return ORDER_EXPIRED;
  }
  return ORDER_FULFILLED;
}
