// Act 1: version 2 deployed as if no order were in flight. The orders placed on version 1 meet the new code when
// their next workflow task comes: its worker replays their histories, diverges at the first command, and fails the
// task with a non-determinism error. They stay open, with all they did; new orders run fine on version 2; version 1
// comes back, and the stuck orders finish in the runs they started in.
import { setTimeout as sleep } from 'node:timers/promises';
import { allPassed } from '../../verification/checks';
import { divergenceOf } from '../../verification/replay-divergence';
import type { StuckOrder } from '../../verification/versioning-checks';
import {
  completedActivities,
  nondeterministicFailure,
  versioningChecks,
} from '../../verification/versioning-checks';
import type { ScenarioContext } from '../scenario';
import type { ActResult } from './act';
import type { VersionedOrder } from './orders';
import type { VersioningContext } from './scope';
import {
  approve,
  approveWhenWaiting,
  executionOf,
  historyOf,
  placeOrder,
  placeOrdersInFlight,
  summaryOf,
  untilClosed,
  untilHistoryShows,
} from './orders';
import { deploy, VERSIONS } from './versions';

const READ_EVERY_MS = 100;

const UNPATCHED_TITLE = 'Unpatched: version 2 deployed over orders in flight';

/** Waits for the new code's non-determinism error in the order's history, and tells it with where it diverged. */
async function untilNondeterminism(context: ScenarioContext, order: VersionedOrder): Promise<void> {
  const failure = await untilHistoryShows(context, order, 'a non-determinism error', nondeterministicFailure);
  context.events.emit({
    type: 'workflow-task.nondeterministic',
    orderId: order.orderId,
    eventId: failure.eventId,
    cause: failure.cause,
    divergence: divergenceOf(failure.message, await historyOf(context, order)),
  });
}

/** What the server holds of a stuck order once it has offered the failed task again. */
async function stuckOrder(context: ScenarioContext, order: VersionedOrder): Promise<StuckOrder> {
  for (;;) {
    const description = await order.handle.describe();
    const workflowTaskAttempt = description.raw.pendingWorkflowTask?.attempt ?? 0;
    if (workflowTaskAttempt > 1 || description.status.name !== 'RUNNING') {
      const stuck = {
        status: description.status.name,
        workflowTaskAttempt,
        history: await historyOf(context, order),
      };
      context.events.emit({
        type: 'order.stuck',
        orderId: order.orderId,
        status: stuck.status,
        workflowTaskAttempt,
        completedActivities: completedActivities(stuck.history).map((step) => step.activity),
        signals: stuck.history.filter((event) => event.workflowExecutionSignaledEventAttributes).length,
      });
      return stuck;
    }
    await sleep(READ_EVERY_MS, undefined, { signal: context.signal });
  }
}

export async function unpatched(context: VersioningContext, act: number, acts: number): Promise<ActResult> {
  context.events.emit({ type: 'act.started', act, acts, title: UNPATCHED_TITLE });
  let worker = await deploy(context, undefined, VERSIONS.v1);
  const inFlight = await placeOrdersInFlight(context, 'unpatched', VERSIONS.v1.name);

  worker = await deploy(context, worker, VERSIONS.v2);
  context.events.emit({
    type: 'note',
    text:
      'Version 2 replaces version 1 as if nothing were in flight. The next workflow task of each order — the ' +
      'approval, the end of the packing — goes to a worker that has never seen it.',
  });
  for (const order of inFlight) await approve(context, order);
  const stuck: StuckOrder[] = [];
  for (const order of inFlight) {
    await untilNondeterminism(context, order);
    stuck.push(await stuckOrder(context, order));
  }

  const fresh = await placeOrder(context, 'unpatched-new', VERSIONS.v2.name);
  await approveWhenWaiting(context, fresh);
  const freshClosed = await untilClosed(context, fresh, VERSIONS.v2.name);

  context.events.emit({
    type: 'note',
    text: 'Rolling back: version 1 again. The stuck orders carry on from where they stopped.',
  });
  worker = await deploy(context, worker, VERSIONS.v1);
  const closed = [];
  for (const order of inFlight) closed.push(await untilClosed(context, order, VERSIONS.v1.name));
  await worker.stop();
  context.events.emit({ type: 'worker.stopped', role: 'workflow' });

  const checks = [
    ...closed.map(({ order, history }) =>
      versioningChecks.failedNondeterministically(order.orderId, history),
    ),
    ...inFlight.map((order, index) => versioningChecks.stuckNotLost(order.orderId, stuck[index])),
    versioningChecks.tookNewPath(fresh.orderId, freshClosed.history, freshClosed.facts, 'none'),
    ...closed.map(({ order, facts }) =>
      versioningChecks.completedInSameRun(order.orderId, facts, order.handle.firstExecutionRunId),
    ),
    versioningChecks.effectsOnce(
      context.ledger,
      [...inFlight, fresh].map((order) => ({ orderId: order.orderId, ...executionOf(order) })),
    ),
  ];
  return {
    report: {
      name: 'unpatched',
      title: UNPATCHED_TITLE,
      passed: allPassed(checks),
      orders: [
        summaryOf(closed[0], 'version 1, in flight: stuck under version 2, finished on version 1'),
        summaryOf(closed[1], 'version 1, in flight while packing: stuck, then finished on version 1'),
        summaryOf(freshClosed, 'new on version 2'),
      ],
      gates: [],
      checks,
    },
    closed: [...closed, freshClosed],
  };
}
