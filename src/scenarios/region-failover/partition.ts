// Act 3: a partition between the regions. The link between them is cut twice while an order runs in the active
// region (region-b, since act 2): first as a black hole (connections held, nothing answers), then refused
// (connections reset, new ones refused). Each time the active region keeps serving and the order completes there,
// while the other region's copy falls behind — the lag, in events, read from both regions at the heal; healed, the
// copies converge, and how long that takes is what tells the two cuts apart: held connections resume at once,
// refused ones must be made again. A heal that does not converge within a bound is reported as such, never waited
// out.
import { setTimeout as sleep } from 'node:timers/promises';
import { orderWith, skus } from '../../domain/order';
import type { OrderRunSpec } from '../../domain/order-run';
import type { LinkCut } from '../../processes/regions/region-link';
import { followOrder, startOrder } from '../../temporal/order-client/start-and-follow';
import type { Check } from '../../verification/checks';
import { historiesEqualCheck, writtenByCheck } from '../../verification/region-checks';
import { orderReport } from '../order-steps';
import type { ActOrder, ActResult } from './act-report';
import { actResult, MIN_APPROVAL_WINDOW_MS } from './act-report';
import type { RegionsAtWork } from './regions-at-work';
import { contextIn, executionOf, historyIn, regionOf, untilConverged } from './regions-at-work';

export const PARTITION_TITLE = 'A partition between the regions';
const CUTS: readonly LinkCut[] = ['black-hole', 'refused'];
const LAG_EVERY_MS = 1_000;
const CUT_NAMES: Record<LinkCut, string> = { 'black-hole': 'a black hole', refused: 'refused connections' };

/** One order run in the active region while the link is cut the given way, then the heal and the convergence. */
async function orderThroughCut(work: RegionsAtWork, how: LinkCut): Promise<ActOrder> {
  const { context, regions } = work;
  const { events } = context;
  const links = regions.names.map((region) => regions.linkTo(region));
  const spec: OrderRunSpec = {
    order: orderWith({ order_id: `partition-${how}`, items_to_pack: skus(2, 1) }),
    inventoryDown: false,
    approval: 'auto',
    speed: context.speed,
    minApprovalWindowMs: MIN_APPROVAL_WINDOW_MS,
  };
  const inB = contextIn(work, 'region-b');
  const cutAt = Date.now();
  await Promise.all(links.map((link) => link.cut(how)));
  events.emit({ type: 'region.link-cut', how });
  const handle = await startOrder(inB, spec);
  const execution = executionOf(handle);
  const following = followOrder(inB, handle, spec, { activitiesFromHistory: false });
  const closed = following.then(
    () => true,
    () => true,
  );
  let told = -1;
  const lagNow = async () => {
    const [active, other] = await Promise.all([
      historyIn(work, 'region-b', execution),
      historyIn(work, 'region-a', execution).catch(() => []),
    ]);
    const behind = active.length - other.length;
    if (behind !== told) {
      events.emit({
        type: 'region.lag',
        workflowId: execution.workflowId,
        region: 'region-a',
        behind,
        sinceCutMs: Date.now() - cutAt,
      });
      told = behind;
    }
    return { active, other };
  };
  // The lag as it grows, read from both regions every so often while the order runs.
  while (!(await Promise.race([closed, sleep(LAG_EVERY_MS).then(() => false)]))) await lagNow();
  const outcome = await following;
  const { active, other } = await lagNow();
  await Promise.all(links.map((link) => link.heal()));
  events.emit({ type: 'region.link-healed', cutMs: Date.now() - cutAt });
  const { copies, afterMs } = await untilConverged(work, execution);
  const { workflowId } = execution;
  const lag: Check = {
    name: `${workflowId}: through ${CUT_NAMES[how]}, region-b served the order while region-a fell behind, and caught up once healed`,
    passed: outcome.facts.status === 'completed' && other.length < active.length,
    evidence:
      `at the heal region-a held ${other.length} of its ${active.length} events ` +
      `(${active.length - other.length} behind); both held ${copies['region-a'].length} ` +
      `${(afterMs / 1000).toFixed(1)}s after the heal`,
  };
  return {
    role: `run in region-b through ${CUT_NAMES[how]}`,
    orderId: spec.order.order_id,
    report: orderReport(inB, 'region-failover', spec, outcome, [
      lag,
      writtenByCheck(workflowId, copies['region-a'], regionOf, ['region-b']),
      historiesEqualCheck(workflowId, copies),
    ]),
  };
}

export async function partition(work: RegionsAtWork, act: number, acts: number): Promise<ActResult> {
  work.context.events.emit({ type: 'act.started', act, acts, title: PARTITION_TITLE });
  const orders: ActOrder[] = [];
  for (const how of CUTS) orders.push(await orderThroughCut(work, how));
  return actResult('partition', PARTITION_TITLE, orders);
}
