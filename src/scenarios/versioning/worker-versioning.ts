// Act 3: Worker Versioning, what Temporal now recommends. Each version is a Worker Deployment Version of its own
// workers (workflows and activities in one build); every workflow is pinned to the version it started on. Version 2
// — unpatched, the code that broke act 1 — becomes current: new orders start on it, while the orders pinned to
// version 1 finish on version-1 workers. Version 1 drains, and stops. The deployment and the task queue it routes are
// the run's own (scope.ts); before it starts, the act removes the deployments earlier runs left, killed before their
// end, once no worker polls them.
import { setTimeout as sleep } from 'node:timers/promises';
import type { WorkerDeploymentVersion } from '@temporalio/common';
import { allPassed } from '../../verification/checks';
import { versioningChecks } from '../../verification/versioning-checks';
import type { Drainage } from '../../temporal/worker-deployments';
import {
  currentBuildId,
  deploymentsNamed,
  drainageOf,
  pinningOf,
  removeUnpolledDeployment,
  setCurrentVersion,
  workerVersioningUnavailable,
} from '../../temporal/worker-deployments';
import type { InProcessWorker } from '../../temporal/workers';
import { startInProcessWorker } from '../../temporal/workers';
import type { ActResult } from './act';
import type { VersionedOrder } from './orders';
import { approve, placeOrder, summaryOf, untilClosed, untilInFlight } from './orders';
import type { VersioningContext } from './scope';
import { DEPLOYMENT_PREFIX } from './scope';
import type { Version } from './versions';
import { VERSIONS } from './versions';

const WORKER_VERSIONING_TITLE =
  'Worker Versioning: each version its own workers, every order pinned to the version it started on';

/** How long the server may take to find version 1 drained (it checks every second on the embedded dev server). */
const DRAINAGE_TIMEOUT_MS = 60_000;
const ASK_EVERY_MS = 250;

/** One build of a version's workers: its workflows and its activities in one worker, in the deployment version. */
function startBuild(
  context: VersioningContext,
  version: Version,
  build: WorkerDeploymentVersion,
): Promise<InProcessWorker> {
  return startInProcessWorker(context, 'combined', {
    variant: version.variant,
    deploymentVersion: build,
    withFraudCheck: version.variant !== 'standard',
    label: `${version.code}; Worker Deployment Version ${build.deploymentName} ${build.buildId}`,
    narrated: false,
    taskQueue: context.scope.taskQueue,
  });
}

async function makeCurrent(
  context: VersioningContext,
  deploymentName: string,
  build: WorkerDeploymentVersion | undefined,
) {
  await setCurrentVersion(context.server.client, deploymentName, build?.buildId, context.signal);
  context.events.emit({
    type: 'deployment.current-version',
    deploymentName,
    buildId: build?.buildId,
    taskQueue: context.scope.taskQueue,
  });
}

/** Removes the deployments of earlier versioning runs that no worker polls any more: runs killed before their end. */
async function removeLeftDeployments(context: VersioningContext): Promise<void> {
  const { client } = context.server;
  for (const name of await deploymentsNamed(client, DEPLOYMENT_PREFIX)) {
    if (await removeUnpolledDeployment(client, name, context.signal)) {
      context.events.emit({
        type: 'note',
        text: `Removed ${name}, the Worker Deployment of an earlier run that no worker polls any more.`,
      });
    }
  }
}

/** What describe() says the order is pinned to, told. */
async function pinningOfOrder(context: VersioningContext, order: VersionedOrder) {
  const pinning = pinningOf(await order.handle.describe());
  context.events.emit({
    type: 'order.pinned',
    orderId: order.orderId,
    behavior: pinning.behavior,
    deploymentName: pinning.version?.deploymentName,
    buildId: pinning.version?.buildId,
  });
  return { behavior: pinning.behavior, ...pinning.version };
}

/** Asks the server until it finds the version drained, or the time is up: its last answer. */
async function untilDrained(context: VersioningContext, build: WorkerDeploymentVersion): Promise<Drainage> {
  const deadline = Date.now() + DRAINAGE_TIMEOUT_MS;
  for (;;) {
    const drainage = await drainageOf(context.server.client, build, context.signal);
    if (drainage === 'drained' || Date.now() > deadline) return drainage;
    await sleep(ASK_EVERY_MS, undefined, { signal: context.signal });
  }
}

/** The act, not run: this server refuses the Worker Deployment API, for this reason. */
export function skippedWorkerVersioning(reason: string): ActResult {
  return {
    report: {
      name: 'worker-versioning',
      title: WORKER_VERSIONING_TITLE,
      passed: false,
      skipped: reason,
      orders: [],
      gates: [],
      checks: [],
    },
    closed: [],
  };
}

export async function workerVersioning(
  context: VersioningContext,
  act: number,
  acts: number,
): Promise<ActResult> {
  const { deploymentName } = context.scope;
  const unavailable = await workerVersioningUnavailable(context.server.client, deploymentName);
  if (unavailable) {
    context.events.emit({
      type: 'act.skipped',
      act,
      acts,
      title: WORKER_VERSIONING_TITLE,
      reason: unavailable,
    });
    return skippedWorkerVersioning(unavailable);
  }
  context.events.emit({ type: 'act.started', act, acts, title: WORKER_VERSIONING_TITLE });
  await removeLeftDeployments(context);
  const buildV1: WorkerDeploymentVersion = { deploymentName, buildId: 'v1' };
  const buildV2: WorkerDeploymentVersion = { deploymentName, buildId: 'v2' };
  // Whatever happens short of a kill, the run's task queue serves unversioned workers again afterwards, and its
  // deployment has no current version left for the next run's removal to undo.
  const restoreRouting = context.teardown.add(`${deploymentName} back to unversioned workers`, () =>
    setCurrentVersion(context.server.client, deploymentName, undefined, new AbortController().signal),
  );
  const version1 = await startBuild(context, VERSIONS.v1, buildV1);
  await makeCurrent(context, deploymentName, buildV1);
  const pinned = [
    await placeOrder(context, 'pinned-waiting', `${deploymentName} v1`, 'awaiting approval'),
    await placeOrder(context, 'pinned-packing', `${deploymentName} v1`, 'packing'),
  ];
  await untilInFlight(context, pinned[0], 'awaiting approval');
  await untilInFlight(context, pinned[1], 'packing');
  const pinnedTo = [await pinningOfOrder(context, pinned[0]), await pinningOfOrder(context, pinned[1])];

  const version2 = await startBuild(context, VERSIONS.v2, buildV2);
  await makeCurrent(context, deploymentName, buildV2);
  const fresh = await placeOrder(context, 'pinned-new', `${deploymentName} v2`);
  await untilInFlight(context, fresh, 'awaiting approval');
  const freshPinnedTo = await pinningOfOrder(context, fresh);

  for (const order of pinned) await approve(context, order);
  const pinnedClosed = [];
  for (const order of pinned) pinnedClosed.push(await untilClosed(context, order, `${deploymentName} v1`));
  await approve(context, fresh);
  const freshClosed = await untilClosed(context, fresh, `${deploymentName} v2`);

  const drainage = await untilDrained(context, buildV1);
  if (drainage === 'drained') {
    context.events.emit({
      type: 'deployment.drained',
      deploymentName,
      buildId: buildV1.buildId,
    });
  }
  await version1.stop();
  context.events.emit({ type: 'worker.stopped', role: 'combined' });
  await makeCurrent(context, deploymentName, undefined);
  restoreRouting();
  const current = await currentBuildId(context.server.client, deploymentName, context.signal);
  await version2.stop();
  context.events.emit({ type: 'worker.stopped', role: 'combined' });

  const checks = [
    ...pinned.map((order, index) => versioningChecks.pinnedTo(order.orderId, pinnedTo[index], buildV1)),
    versioningChecks.pinnedTo(fresh.orderId, freshPinnedTo, buildV2),
    ...pinnedClosed.map(({ order, history, facts }) =>
      versioningChecks.ranOn(order.orderId, history, facts, buildV1.buildId),
    ),
    versioningChecks.ranOn(fresh.orderId, freshClosed.history, freshClosed.facts, buildV2.buildId),
    versioningChecks.tookNewPath(fresh.orderId, freshClosed.history, freshClosed.facts, 'none'),
    versioningChecks.drained(`${deploymentName} v1`, drainage),
    versioningChecks.unversionedAgain(deploymentName, current),
  ];
  return {
    report: {
      name: 'worker-versioning',
      title: WORKER_VERSIONING_TITLE,
      passed: allPassed(checks),
      orders: [
        summaryOf(pinnedClosed[0], `pinned to ${deploymentName} v1, in flight while v2 became current`),
        summaryOf(pinnedClosed[1], `pinned to ${deploymentName} v1, packing while v2 became current`),
        summaryOf(freshClosed, `new, pinned to ${deploymentName} v2: version 2 without a patch`),
      ],
      gates: [],
      checks,
    },
    closed: [...pinnedClosed, freshClosed],
  };
}
