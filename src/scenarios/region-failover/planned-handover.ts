// Act 1: a planned handover with orders in flight. Two orders start in region-a: one is packing (its activity
// heartbeating on region-a's worker), the other waits on its approval timer. The namespace-handover workflow moves
// the namespace to region-b, and both orders complete there, on region-b's workers. The evidence is the regions'
// own: each event's failover version shows region-a wrote the history up to the handover and region-b after it,
// both regions hold the same history event by event, and the ledger holds each effect once.
import { ACTIVITY } from '../../domain/contract';
import { orderWith, skus } from '../../domain/order';
import type { OrderRunSpec } from '../../domain/order-run';
import { startOrder, followOrder } from '../../temporal/order-client/start-and-follow';
import { eventTypeName } from '../../verification/history-events';
import {
  absorbedAcrossRegionsCheck,
  historiesEqualCheck,
  writtenByCheck,
} from '../../verification/region-checks';
import { orderReport, untilHeartbeating } from '../order-steps';
import type { RegionsAtWork } from './regions-at-work';
import {
  contextIn,
  executionOf,
  failoverVersion,
  handleIn,
  regionOf,
  regionOfWorker,
  untilConverged,
  untilHistoryShows,
} from './regions-at-work';
import type { ActResult } from './act-report';
import { actResult, MIN_APPROVAL_WINDOW_MS } from './act-report';

export const PLANNED_HANDOVER_TITLE = 'A planned handover with orders in flight';

export async function plannedHandover(work: RegionsAtWork, act: number, acts: number): Promise<ActResult> {
  const { context, regions } = work;
  context.events.emit({ type: 'act.started', act, acts, title: PLANNED_HANDOVER_TITLE });
  const inA = contextIn(work, 'region-a');
  const spec = (orderId: string, items: number): OrderRunSpec => ({
    order: orderWith({ order_id: orderId, items_to_pack: skus(items, 1) }),
    inventoryDown: false,
    approval: 'auto',
    speed: context.speed,
    minApprovalWindowMs: MIN_APPROVAL_WINDOW_MS,
  });
  const waiting = spec('handover-approval', 1);
  const packing = spec('handover-packing', 4);
  const waitingHandle = await startOrder(inA, waiting);
  await untilHistoryShows(work, 'region-a', executionOf(waitingHandle), (events) =>
    events.some((event) => eventTypeName(event) === 'TimerStarted'),
  );
  const packingHandle = await startOrder(inA, packing);
  await untilHeartbeating(packingHandle, ACTIVITY.packOrderItems, context.signal);

  const versionBefore = await failoverVersion(work, 'region-a');
  const handoverAt = Date.now();
  await regions.handover('region-a', 'region-b', context.signal);
  context.events.emit({
    type: 'region.failover',
    how: 'planned',
    from: 'region-a',
    to: 'region-b',
    versionBefore,
    versionAfter: await failoverVersion(work, 'region-b'),
    tookMs: Date.now() - handoverAt,
  });

  const inB = contextIn(work, 'region-b');
  const orders = [
    { spec: packing, execution: executionOf(packingHandle), role: 'packing at the handover' },
    {
      spec: waiting,
      execution: executionOf(waitingHandle),
      role: 'waiting on its approval timer at the handover',
    },
  ];
  const outcomes = await Promise.all(
    orders.map(({ spec: order, execution }) =>
      followOrder(inB, handleIn(work, 'region-b', execution), order, { activitiesFromHistory: false }),
    ),
  );
  const reports = [];
  for (const [index, { spec: order, execution, role }] of orders.entries()) {
    const { copies } = await untilConverged(work, execution);
    const { workflowId } = execution;
    reports.push({
      role,
      orderId: order.order.order_id,
      report: orderReport(inB, 'region-failover', order, outcomes[index], [
        writtenByCheck(workflowId, copies['region-b'], regionOf, ['region-a', 'region-b']),
        historiesEqualCheck(workflowId, copies),
        absorbedAcrossRegionsCheck(workflowId, context.ledger.absorbedDuplicates({ workflowId }), (worker) =>
          regionOfWorker(work, worker),
        ),
      ]),
    });
  }
  return actResult('planned-handover', PLANNED_HANDOVER_TITLE, reports);
}
