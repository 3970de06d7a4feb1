// The orders of the versioning scenario: placed on whatever version runs, waited for at stages their histories show,
// approved as an approver would, and summed up from their histories when they close. Several are in flight at once,
// so the story tells each by its order ID, from the server's record, rather than attempt by attempt.
import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { WorkflowFailedError } from '@temporalio/client';
import { setTimeout as sleep } from 'node:timers/promises';
import { ACTIVITY, APPROVE_SIGNAL, approveOrder } from '../../domain/contract';
import { orderWith, skus } from '../../domain/order';
import type { OrderRunSpec } from '../../domain/order-run';
import { SAMPLE_TIMINGS } from '../../domain/speed';
import { fetchHistory } from '../../temporal/history';
import type { HistoryEvent } from '../../verification/history-events';
import { eventId, patchMarkerOf } from '../../verification/history-events';
import type { WorkflowFacts } from '../../verification/workflow-facts';
import { workflowFacts } from '../../verification/workflow-facts';
import { startOrder } from '../../temporal/order-client/start-and-follow';
import type { OrderSummary, ScenarioContext } from '../scenario';
import type { VersioningContext } from './scope';

/** Items the order that is "past payment" packs while the versions change under it. */
const ITEMS_IN_FLIGHT = 2;
/** How often the history is read while the scenario waits for a stage. */
const READ_EVERY_MS = 100;
/** Longer than any stage takes at the slowest speed: past it, the scenario fails rather than wait for ever. */
const STAGE_TIMEOUT_MS = 120_000;

export interface VersionedOrder {
  orderId: string;
  /** The code it started on, as the story names it ("version 1"). */
  version: string;
  spec: OrderRunSpec;
  handle: WorkflowHandleWithFirstExecutionRunId;
}

/** Where an order in flight waits while new code is deployed. */
export type Stage = 'awaiting approval' | 'packing';

/**
 * Starts an order on the version that runs now; `packing` ones pack a few items, so that they are past payment and
 * busy when the next version arrives. Every order gets at least the sample's approval window, so that none expires
 * while the versions change under it.
 */
export async function placeOrder(
  context: VersioningContext,
  orderId: string,
  version: string,
  stage?: Stage,
): Promise<VersionedOrder> {
  const spec: OrderRunSpec = {
    order: orderWith({
      order_id: orderId,
      items_to_pack: stage === 'packing' ? skus(ITEMS_IN_FLIGHT, 1) : [],
    }),
    inventoryDown: false,
    approval: 'auto',
    speed: context.speed,
    minApprovalWindowMs: SAMPLE_TIMINGS.approvalWindow,
    taskQueue: context.scope.taskQueue,
  };
  return { orderId, version, spec, handle: await startOrder(context, spec) };
}

/** The execution of an order, as histories and checks name it. */
export function executionOf(order: VersionedOrder) {
  return { workflowId: order.handle.workflowId, runId: order.handle.firstExecutionRunId };
}

/** The order's history as the server holds it now. */
export function historyOf(context: ScenarioContext, order: VersionedOrder): Promise<HistoryEvent[]> {
  return fetchHistory(context.server.client, executionOf(order));
}

/** Reads the order's history until `find` finds what it looks for in it; `what` names it if it never comes. */
export async function untilHistoryShows<T>(
  context: ScenarioContext,
  order: VersionedOrder,
  what: string,
  find: (events: HistoryEvent[]) => T | undefined,
): Promise<T> {
  const deadline = Date.now() + STAGE_TIMEOUT_MS;
  for (;;) {
    const found = find(await historyOf(context, order));
    if (found !== undefined) return found;
    if (Date.now() > deadline) {
      throw new Error(`order ${order.orderId}: ${what} not in its history after ${STAGE_TIMEOUT_MS / 1000}s`);
    }
    await sleep(READ_EVERY_MS, undefined, { signal: context.signal });
  }
}

/** Waits until the order's history shows it at this stage, and tells it. */
export async function untilInFlight(
  context: ScenarioContext,
  order: VersionedOrder,
  stage: Stage,
): Promise<void> {
  const reached = await untilHistoryShows(context, order, stage, (events) =>
    events.find((event) =>
      stage === 'awaiting approval'
        ? event.timerStartedEventAttributes
        : event.activityTaskScheduledEventAttributes?.activityType?.name === ACTIVITY.packOrderItems,
    ),
  );
  context.events.emit({
    type: 'order.reached',
    orderId: order.orderId,
    version: order.version,
    stage:
      stage === 'awaiting approval'
        ? 'paid, stock reserved, waiting for approval on a durable timer'
        : `paid, stock reserved, packing ${order.spec.order.items_to_pack.length} items`,
    eventId: eventId(reached),
  });
}

/**
 * The two orders an act deploys new code over, both started on `version`: one waiting for approval on its timer,
 * one packing. Resolves once the histories show both there.
 */
export async function placeOrdersInFlight(
  context: VersioningContext,
  act: string,
  version: string,
): Promise<VersionedOrder[]> {
  const waiting = await placeOrder(context, `${act}-waiting`, version, 'awaiting approval');
  const packing = await placeOrder(context, `${act}-packing`, version, 'packing');
  await untilInFlight(context, waiting, 'awaiting approval');
  await untilInFlight(context, packing, 'packing');
  return [waiting, packing];
}

/** Sends approve_order, as the approver would. */
export async function approve(context: ScenarioContext, order: VersionedOrder): Promise<void> {
  context.events.emit({ type: 'signal.sent', signal: APPROVE_SIGNAL, workflowId: order.handle.workflowId });
  await order.handle.signal(approveOrder);
}

/** Approves the order once it waits for approval. */
export async function approveWhenWaiting(context: ScenarioContext, order: VersionedOrder): Promise<void> {
  await untilHistoryShows(context, order, 'the approval timer', (events) =>
    events.find((event) => event.timerStartedEventAttributes),
  );
  await approve(context, order);
}

/** An order once closed: what its history says, and the history itself (for the replay gate). */
export interface ClosedOrder {
  order: VersionedOrder;
  facts: WorkflowFacts;
  history: HistoryEvent[];
}

/** The activities a history scheduled, in order. */
function scheduledActivities(history: readonly HistoryEvent[]): string[] {
  return history.flatMap((event) => {
    const name = event.activityTaskScheduledEventAttributes?.activityType?.name;
    return name ? [name] : [];
  });
}

/** The patch marker a history holds, if any. */
function patchMarkerIn(history: readonly HistoryEvent[]) {
  return history.map(patchMarkerOf).find((marker) => marker !== undefined);
}

/** Waits for the order's result, reads its history, and tells how it closed and on what. */
export async function untilClosed(
  context: ScenarioContext,
  order: VersionedOrder,
  closedOn: string,
): Promise<ClosedOrder> {
  await order.handle.result().catch((error: unknown) => {
    if (!(error instanceof WorkflowFailedError)) throw error;
  });
  const history = await historyOf(context, order);
  const facts = workflowFacts(executionOf(order), history);
  context.events.emit({
    type: 'order.closed',
    orderId: order.orderId,
    version: closedOn,
    result: String(facts.result ?? facts.status),
    activities: scheduledActivities(history),
    patch: patchMarkerIn(history),
  });
  return { order, facts, history };
}

/** An order as the report lists it. */
export function summaryOf({ order, facts }: ClosedOrder, role: string): OrderSummary {
  return {
    ...executionOf(order),
    orderId: order.orderId,
    role,
    status: facts.status,
    result: facts.result,
  };
}
