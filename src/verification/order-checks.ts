// The checks every order run gets: what the workflow is designed to do with these inputs, read back from the
// server's record of the run.
import {
  ACTIVITY,
  activityResults,
  APPROVE_SIGNAL,
  COMPENSATION,
  INVALID_CARD_MESSAGE,
  INVENTORY_RECOVERS_ON_ATTEMPT,
} from '../domain/contract';
import type { ExpectedOutcome, OrderRunSpec } from '../domain/order-run';
import { approvalWindowFor, OUTCOME_RESULTS } from '../domain/order-run';
import type { Check } from './checks';
import { checks } from './checks';
import type { WorkflowFacts } from './workflow-facts';

/** What a compensating order gives back once it took the charge and the stock: the stock first, then the charge. */
const GIVE_BACK_ALL = [COMPENSATION.releaseInventory, COMPENSATION.refundPayment];

/**
 * A cancelled order stops where it was: it never delivers, and with compensation it gives back what it took after
 * the request (a scenario that knows where it cancelled adds what ran before).
 */
function cancelledChecks(facts: WorkflowFacts, spec: OrderRunSpec): Check[] {
  const list = [checks.activityNeverScheduled(facts, ACTIVITY.deliverOrder), checks.workflowCancelled(facts)];
  if (spec.compensate) {
    list.push(
      checks.gaveBack(facts, GIVE_BACK_ALL, {
        name: 'the cancellation request',
        eventId: facts.cancelRequestedEventId,
      }),
    );
  } else {
    list.push(checks.nothingGivenBack(facts));
  }
  return list;
}

export function orderChecks(facts: WorkflowFacts, spec: OrderRunSpec, expected: ExpectedOutcome): Check[] {
  const orderId = spec.order.order_id;
  if (expected === 'cancelled') return cancelledChecks(facts, spec);
  if (expected === 'card-declined') {
    return [
      checks.activityFailedOnce(facts, ACTIVITY.processPayment, INVALID_CARD_MESSAGE),
      checks.workflowFailedWith(facts, INVALID_CARD_MESSAGE),
      checks.activityNeverScheduled(facts, ACTIVITY.reserveInventory),
      ...(spec.compensate ? [checks.nothingGivenBack(facts)] : []),
    ];
  }
  const list = [
    checks.activityCompleted(facts, ACTIVITY.processPayment, {
      attempt: 1,
      result: activityResults.paymentProcessed(orderId),
    }),
  ];
  if (spec.inventoryDown) {
    list.push(
      checks.previousAttemptFailure(facts, ACTIVITY.reserveInventory, {
        attempt: INVENTORY_RECOVERS_ON_ATTEMPT,
        message: /unavailable/,
      }),
      checks.activityCompleted(facts, ACTIVITY.reserveInventory, {
        attempt: INVENTORY_RECOVERS_ON_ATTEMPT,
        result: activityResults.inventoryReserved(orderId, INVENTORY_RECOVERS_ON_ATTEMPT),
      }),
    );
  } else {
    list.push(
      checks.activityCompleted(facts, ACTIVITY.reserveInventory, {
        attempt: 1,
        result: activityResults.inventoryReserved(orderId),
      }),
    );
  }
  if (spec.order.items_to_pack.length > 0) {
    list.push(
      checks.activityCompleted(facts, ACTIVITY.packOrderItems, {
        result: new RegExp(`^Packed ${spec.order.items_to_pack.length} items \\(slip: SLIP-[0-9A-F]{8}\\)$`),
      }),
    );
  }
  if (expected === 'expired') {
    const window = approvalWindowFor(spec);
    list.push(
      checks.approvalTimerFired(facts, window),
      checks.activityNeverScheduled(facts, ACTIVITY.deliverOrder),
    );
    if (spec.compensate) {
      const timer = facts.timers.find((candidate) => candidate.durationMs === window);
      list.push(
        checks.gaveBack(facts, GIVE_BACK_ALL, {
          name: 'the approval timer fired',
          eventId: timer?.firedEventId,
        }),
      );
    }
  } else {
    list.push(
      checks.signalReceived(facts, APPROVE_SIGNAL),
      checks.activityAfterSignal(facts, ACTIVITY.deliverOrder, APPROVE_SIGNAL),
      checks.activityCompleted(facts, ACTIVITY.deliverOrder, {
        result: activityResults.orderDelivered(orderId),
      }),
      ...(spec.compensate ? [checks.nothingGivenBack(facts)] : []),
    );
  }
  list.push(checks.workflowResult(facts, OUTCOME_RESULTS[expected]));
  return list;
}
