// Act 2: a region lost mid-order. The namespace is active in region-a again; an order packs there. The link between
// the regions goes dark first (a black hole: a region's network failing before the region does), so region-a
// finishes the packing on its own and region-b's copy falls behind; then every process of region-a — its server
// and its workers — is SIGKILLed. A forced failover makes region-b active; its workers redo the packing from the
// last heartbeat checkpoint that reached it, the approval comes in there, and the order completes there. region-a
// comes back, the link heals, and region-a's copy converges on region-b's: its unreplicated tail is gone. The
// ledger proves each effect once, and names every call redone in region-b that its idempotency key absorbed.
import { orderWith, skus } from '../../domain/order';
import type { OrderRunSpec } from '../../domain/order-run';
import { followOrder, startOrder } from '../../temporal/order-client/start-and-follow';
import type { Check } from '../../verification/checks';
import type { HistoryEvent } from '../../verification/history-events';
import { eventTypeName } from '../../verification/history-events';
import {
  absorbedAcrossRegionsCheck,
  historiesEqualCheck,
  writtenByCheck,
} from '../../verification/region-checks';
import { orderReport } from '../order-steps';
import type { ActResult } from './act-report';
import { actResult, MIN_APPROVAL_WINDOW_MS } from './act-report';
import type { RegionsAtWork } from './regions-at-work';
import {
  contextIn,
  executionOf,
  failoverVersion,
  handleIn,
  historyIn,
  regionOf,
  regionOfWorker,
  untilCheckpointIn,
  untilConverged,
  untilHistoryShows,
} from './regions-at-work';

export const REGION_LOST_TITLE = 'A region lost mid-order';
const ITEMS_TO_PACK = 8;

/** Payment, reservation and packing completed: the order's third activity is done. */
const packingCompleted = (events: readonly HistoryEvent[]) =>
  events.filter((event) => eventTypeName(event) === 'ActivityTaskCompleted').length >= 3;

/** The namespace back in region-a, planned, with nothing in flight: the act starts where a region is lost. */
async function activeInRegionA(work: RegionsAtWork): Promise<void> {
  const versionBefore = await failoverVersion(work, 'region-b');
  const startedAt = Date.now();
  await work.regions.handover('region-b', 'region-a', work.context.signal);
  work.context.events.emit({
    type: 'region.failover',
    how: 'planned',
    from: 'region-b',
    to: 'region-a',
    versionBefore,
    versionAfter: await failoverVersion(work, 'region-a'),
    tookMs: Date.now() - startedAt,
  });
}

export async function regionLost(work: RegionsAtWork, act: number, acts: number): Promise<ActResult> {
  const { context, regions } = work;
  const { events, signal } = context;
  events.emit({ type: 'act.started', act, acts, title: REGION_LOST_TITLE });
  await activeInRegionA(work);
  const spec: OrderRunSpec = {
    order: orderWith({ order_id: 'region-lost', items_to_pack: skus(ITEMS_TO_PACK, 1) }),
    inventoryDown: false,
    approval: 'auto',
    speed: context.speed,
    minApprovalWindowMs: MIN_APPROVAL_WINDOW_MS,
  };
  const handle = await startOrder(contextIn(work, 'region-a'), spec);
  const execution = executionOf(handle);
  // region-b holds a checkpoint past the first item: the one it resumes from once region-a is gone.
  const replicatedCheckpoint = await untilCheckpointIn(work, 'region-b', execution, 1);

  const links = regions.names.map((region) => regions.linkTo(region));
  const cutAt = Date.now();
  await Promise.all(links.map((link) => link.cut('black-hole')));
  events.emit({ type: 'region.link-cut', how: 'black-hole' });
  const own = await untilHistoryShows(work, 'region-a', execution, packingCompleted);
  const replicated = await historyIn(work, 'region-b', execution);

  const server = regions.processOf('region-a');
  const pids = [server.pid, work.lost.workflow.pid, work.lost.activity.pid].filter(
    (pid): pid is number => pid !== undefined,
  );
  const lostAt = Date.now();
  await Promise.all([server.kill(), work.lost.workflow.kill(), work.lost.activity.kill()]);
  events.emit({
    type: 'region.lost',
    region: 'region-a',
    pids,
    while: `${execution.workflowId} had packed every item there, unreplicated`,
    eventsBehind: [{ workflowId: execution.workflowId, own: own.length, replicated: replicated.length }],
  });

  const versionBefore = await failoverVersion(work, 'region-b');
  const failoverAt = Date.now();
  await regions.forceFailover('region-b', signal);
  events.emit({
    type: 'region.failover',
    how: 'forced',
    from: 'region-a',
    to: 'region-b',
    versionBefore,
    versionAfter: await failoverVersion(work, 'region-b'),
    tookMs: Date.now() - failoverAt,
  });
  const inB = contextIn(work, 'region-b');
  const outcome = await followOrder(inB, handleIn(work, 'region-b', execution), spec, {
    activitiesFromHistory: false,
  });

  await server.restart();
  events.emit({
    type: 'region.restarted',
    region: 'region-a',
    pid: server.pid ?? 0,
    downMs: Date.now() - lostAt,
  });
  await Promise.all(links.map((link) => link.heal()));
  events.emit({ type: 'region.link-healed', cutMs: Date.now() - cutAt });
  const { copies } = await untilConverged(work, execution);
  const { workflowId } = execution;
  const behind: Check = {
    name: `${workflowId}: region-b was behind at the kill, and what it lacked was redone there`,
    passed: replicated.length < own.length && outcome.facts.status === 'completed',
    evidence:
      `region-a had written ${own.length} events, region-b held ${replicated.length} ` +
      `(${own.length - replicated.length} behind), its packing checkpoint at item ` +
      `${replicatedCheckpoint.last_processed_idx + 1} of ${ITEMS_TO_PACK}; the order completed in region-b with ` +
      `${copies['region-b'].length} events`,
  };
  return actResult('region-lost', REGION_LOST_TITLE, [
    {
      role: 'packing when its region was lost',
      orderId: spec.order.order_id,
      report: orderReport(inB, 'region-failover', spec, outcome, [
        behind,
        writtenByCheck(workflowId, copies['region-b'], regionOf, ['region-a', 'region-b']),
        historiesEqualCheck(workflowId, copies),
        absorbedAcrossRegionsCheck(workflowId, context.ledger.absorbedDuplicates({ workflowId }), (worker) =>
          regionOfWorker(work, worker),
        ),
      ]),
    },
  ]);
}
