// Cancellation: an order cancelled while it packs. The request reaches the packing activity with the answer to one
// of its heartbeats and stops it; with compensation the workflow then gives back what the order took — the stock,
// then the charge — and ends as cancelled.
import type { WorkflowHandle } from '@temporalio/client';
import { ACTIVITY } from '../domain/contract';
import { orderWith, skus } from '../domain/order';
import type { OrderRunSpec } from '../domain/order-run';
import { isResumableCheckpoint } from '../domain/packing';
import { activityTimings, MAX_ITEMS_PER_PACKING_ATTEMPT, packHeartbeatInterval } from '../domain/speed';
import { requireRealTime } from '../runs/runnable';
import { untilDescribed } from '../temporal/describe-poller';
import type { Check } from '../verification/checks';
import { checks } from '../verification/checks';
import { decodeFirstPayload } from '../verification/history-events';
import type { WorkflowFacts } from '../verification/workflow-facts';
import { compensateOption } from './order-options';
import { followOrder, startOrder } from '../temporal/order-client/start-and-follow';
import { requestCancellation } from '../temporal/order-client/requests';
import { orderReport, startInProcessWorkers } from './order-steps';
import type { Scenario } from './scenario';

const MIN_ITEMS_TO_PACK = 5;
const DESCRIBE_EVERY_MS = 100;

/**
 * Enough items that packing outlasts two heartbeat intervals: the request, sent at the first checkpoint, reaches
 * packing with the next heartbeat's answer, and a whole interval is left for a busy machine. Heartbeat timeouts never
 * shrink below MIN_TIMEOUT_MS while items do, so high speeds need more items.
 */
export function itemsToPack(speed: number): number {
  const needed = Math.ceil((2 * packHeartbeatInterval(speed)) / activityTimings(speed).packItem);
  return Math.min(MAX_ITEMS_PER_PACKING_ATTEMPT, Math.max(MIN_ITEMS_TO_PACK, needed));
}

const options = { compensate: compensateOption(true) };

/** Resolves once the server holds packing's first checkpoint (its slip): packing is under way. */
async function untilPacking(handle: WorkflowHandle, signal: AbortSignal): Promise<void> {
  const packing = await untilDescribed(handle, DESCRIBE_EVERY_MS, signal, (description) => {
    const pending = description.raw.pendingActivities?.find(
      (activity) => activity.activityType?.name === ACTIVITY.packOrderItems,
    );
    const held = decodeFirstPayload(pending?.heartbeatDetails);
    return isResumableCheckpoint(held);
  });
  if (!packing) throw new Error('the order closed before packing was under way');
}

/** What ran before the request, and (with compensation, whose workflow waits for it) how packing stopped. */
function cancelledMidPackingChecks(facts: WorkflowFacts, compensate: boolean): Check[] {
  const list = [
    checks.activityCompleted(facts, ACTIVITY.processPayment, { attempt: 1 }),
    checks.activityCompleted(facts, ACTIVITY.reserveInventory, { attempt: 1 }),
  ];
  if (!compensate) return list;
  list.push(checks.stoppedBeforeGivingBack(facts, ACTIVITY.packOrderItems));
  return list;
}

export const cancellation: Scenario<typeof options> = {
  name: 'cancellation',
  title: 'Cancellation: an order is cancelled while it packs, and gives back what it took',
  summary: 'An order cancelled mid-packing: packing stops at its heartbeat, stock and charge come back.',
  lesson:
    'A workflow can be cancelled from outside — `order-demo cancel <id>` — and decides itself what that means. ' +
    'The request reaches a running activity only through its heartbeats, so packing stops at its next one; the ' +
    'workflow waits for that, then gives back what the order took, last taken first, in compensations that ' +
    'nothing can cancel and that are retried until they succeed, each exactly once in the ledger. Only then ' +
    'does the order end as cancelled.',
  options,
  validate: (_, server) =>
    requireRealTime(
      cancellation.name,
      server,
      'packing, and the heartbeats that bring it the cancellation, are real activity time with nothing to skip',
    ),
  async run(context, { compensate }) {
    const spec: OrderRunSpec = {
      order: orderWith({ items_to_pack: skus(itemsToPack(context.speed), 1) }),
      inventoryDown: false,
      approval: 'none',
      speed: context.speed,
      compensate,
    };
    const workers = await startInProcessWorkers(context);
    const handle = await startOrder(context, spec);
    const following = followOrder(context, handle, spec, { activitiesFromHistory: false });
    // Awaited below; a failure meanwhile must not escape as an unhandled rejection.
    following.catch(() => undefined);
    await untilPacking(handle, context.signal);
    context.events.emit({
      type: 'cancel.sent',
      workflowId: handle.workflowId,
      heartbeatEveryMs: packHeartbeatInterval(context.speed),
    });
    await requestCancellation(context.server, handle.workflowId);
    const outcome = await following;
    await workers.activity.stop();
    await workers.workflow.stop();
    return orderReport(
      context,
      cancellation.name,
      spec,
      { ...outcome, expected: 'cancelled' },
      cancelledMidPackingChecks(outcome.facts, compensate),
    );
  },
};
