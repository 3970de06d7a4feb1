// Act 2: version 2 behind patched(), and the patch's life cycle, each step guarded by the replay gate. Orders in flight
// on version 1 replay the old path (no marker in their histories), new orders take the new one and record the marker.
// Once no run without the marker is open, deprecatePatch() keeps only the new path; once no run of the patched code
// is open, the branch goes — and version 2 is the code act 1 deployed, which now breaks nothing.
import { allPassed } from '../../verification/checks';
import { versioningChecks } from '../../verification/versioning-checks';
import type { ActResult } from './act';
import type { VersionedOrder } from './orders';
import type { VersioningContext } from './scope';
import {
  approve,
  approveWhenWaiting,
  placeOrder,
  placeOrdersInFlight,
  summaryOf,
  untilClosed,
  untilInFlight,
} from './orders';
import { deploy, replayGate, VERSIONS } from './versions';

const PATCHED_TITLE = 'Patched: version 2 behind patched(), then the patch’s life cycle';

/** What describe() says of orders at the moment the next step is taken. */
async function statusesOf(orders: readonly VersionedOrder[]) {
  return Promise.all(
    orders.map(async (order) => ({
      orderId: order.orderId,
      workflowId: order.handle.workflowId,
      status: (await order.handle.describe()).status.name,
    })),
  );
}

export async function patched(context: VersioningContext, act: number, acts: number): Promise<ActResult> {
  context.events.emit({ type: 'act.started', act, acts, title: PATCHED_TITLE });
  let worker = await deploy(context, undefined, VERSIONS.v1);
  const inFlight = await placeOrdersInFlight(context, 'patched', VERSIONS.v1.name);

  // Step 1: the gate stops version 2 as act 1 deployed it, and lets the patched one through.
  const asWritten = await replayGate(context, inFlight, VERSIONS.v2);
  const behindPatch = await replayGate(context, inFlight, VERSIONS.v2Patched);
  worker = await deploy(context, worker, VERSIONS.v2Patched);
  for (const order of inFlight) await approve(context, order);
  const oldClosed = [];
  for (const order of inFlight) oldClosed.push(await untilClosed(context, order, VERSIONS.v2Patched.name));

  // Step 2: deprecatePatch() once no run without the marker is open; a patched run in flight replays under it.
  const onPatched = await placeOrder(context, 'patched-new', VERSIONS.v2Patched.name);
  await untilInFlight(context, onPatched, 'awaiting approval');
  const beforeDeprecating = await replayGate(context, [...inFlight, onPatched], VERSIONS.v2Deprecated);
  const statusesWhenDeprecating = await statusesOf(inFlight);
  worker = await deploy(context, worker, VERSIONS.v2Deprecated);
  await approve(context, onPatched);
  const patchedClosed = await untilClosed(context, onPatched, VERSIONS.v2Deprecated.name);

  // Step 3: the branch removed once no run of the patched code is open; a deprecated run in flight replays.
  const onDeprecated = await placeOrder(context, 'deprecated-new', VERSIONS.v2Deprecated.name);
  await untilInFlight(context, onDeprecated, 'awaiting approval');
  const beforeRemoving = await replayGate(
    context,
    [...inFlight, onPatched, onDeprecated],
    VERSIONS.v2BranchRemoved,
  );
  const statusesWhenRemoving = await statusesOf([...inFlight, onPatched]);
  worker = await deploy(context, worker, VERSIONS.v2BranchRemoved);
  await approve(context, onDeprecated);
  const deprecatedClosed = await untilClosed(context, onDeprecated, VERSIONS.v2BranchRemoved.name);
  const final = await placeOrder(context, 'final-new', VERSIONS.v2BranchRemoved.name);
  await approveWhenWaiting(context, final);
  const finalClosed = await untilClosed(context, final, VERSIONS.v2BranchRemoved.name);
  await worker.stop();
  context.events.emit({ type: 'worker.stopped', role: 'workflow' });

  const checks = [
    versioningChecks.gate(asWritten.verdicts, VERSIONS.v2.name, 'diverges'),
    versioningChecks.gate(behindPatch.verdicts, VERSIONS.v2Patched.name, 'replays'),
    ...oldClosed.map(({ order, history, facts }) =>
      versioningChecks.keptOldPath(order.orderId, history, facts),
    ),
    versioningChecks.tookNewPath(onPatched.orderId, patchedClosed.history, patchedClosed.facts, 'patched'),
    versioningChecks.gate(beforeDeprecating.verdicts, VERSIONS.v2Deprecated.name, 'replays'),
    versioningChecks.closedBeforeDeploy(
      beforeDeprecating.verdicts,
      statusesWhenDeprecating,
      VERSIONS.v2Deprecated.name,
    ),
    versioningChecks.tookNewPath(
      onDeprecated.orderId,
      deprecatedClosed.history,
      deprecatedClosed.facts,
      'deprecated',
    ),
    versioningChecks.gate(beforeRemoving.verdicts, VERSIONS.v2BranchRemoved.name, 'replays'),
    versioningChecks.closedBeforeDeploy(
      beforeRemoving.verdicts,
      statusesWhenRemoving,
      VERSIONS.v2BranchRemoved.name,
    ),
    versioningChecks.tookNewPath(final.orderId, finalClosed.history, finalClosed.facts, 'none'),
  ];
  return {
    report: {
      name: 'patched',
      title: PATCHED_TITLE,
      passed: allPassed(checks),
      orders: [
        summaryOf(oldClosed[0], 'version 1, in flight: finished on the patched code, old path'),
        summaryOf(oldClosed[1], 'version 1, in flight while packing: finished on the patched code, old path'),
        summaryOf(patchedClosed, 'new on the patched code: marker; finished on the deprecated patch'),
        summaryOf(deprecatedClosed, 'new on the deprecated patch: finished with the branch removed'),
        summaryOf(finalClosed, 'new with the branch removed: no marker'),
      ],
      gates: [asWritten, behindPatch, beforeDeprecating, beforeRemoving],
      checks,
    },
    closed: [...oldClosed, patchedClosed, deprecatedClosed, finalClosed],
  };
}
