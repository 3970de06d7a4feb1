// Worker Versioning through the server's Worker Deployment API: which version of a deployment gets new workflows
// (its current version), whether a version still has pinned workflows open (its drainage), and what describe() says a
// workflow is pinned to. The TypeScript client has no wrapper for these calls yet: they are the raw gRPC requests.
import { setTimeout as sleep } from 'node:timers/promises';
import { status as GrpcStatus } from '@grpc/grpc-js';
import type { Client, WorkflowExecutionDescription } from '@temporalio/client';
import { isGrpcServiceError } from '@temporalio/client';
import type { WorkerDeploymentVersion } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { rootMessage } from './errors';

const { VersionDrainageStatus, VersioningBehavior } = temporal.api.enums.v1;

/** How long a new version may take to register (its workers' first polls), or a record to be readable again. */
const REGISTRATION_TIMEOUT_MS = 30_000;
const ASK_AGAIN_MS = 200;

/**
 * Why this server cannot do Worker Versioning, or undefined when it can: asked by describing a deployment, which a
 * server without the API (or with it switched off, `system.enableDeploymentVersions`) refuses.
 */
export async function workerVersioningUnavailable(
  client: Client,
  deploymentName: string,
): Promise<string | undefined> {
  try {
    await client.workflowService.describeWorkerDeployment({
      namespace: client.options.namespace,
      deploymentName,
    });
    return undefined;
  } catch (error) {
    if (isGrpcServiceError(error) && error.code === GrpcStatus.NOT_FOUND) return undefined;
    return `the server refuses the Worker Deployment API (${rootMessage(error)})`;
  }
}

/**
 * The answer of a Worker Deployment call, asked again while the server does not know the deployment or version yet
 * (its workers have not polled) or for a moment (its record is being rewritten): both pass within seconds.
 */
async function whenKnown<T>(call: () => Promise<T>, signal: AbortSignal): Promise<T> {
  const deadline = Date.now() + REGISTRATION_TIMEOUT_MS;
  for (;;) {
    try {
      return await call();
    } catch (error) {
      const notKnownYet =
        isGrpcServiceError(error) &&
        (error.code === GrpcStatus.NOT_FOUND || error.code === GrpcStatus.FAILED_PRECONDITION);
      if (!notKnownYet || Date.now() > deadline) throw error;
      await sleep(ASK_AGAIN_MS, undefined, { signal });
    }
  }
}

/**
 * Makes `buildId` the deployment's current version — the one every new workflow of its task queues starts on — or,
 * with none, sends new workflows to unversioned workers again.
 */
export async function setCurrentVersion(
  client: Client,
  deploymentName: string,
  buildId: string | undefined,
  signal: AbortSignal,
): Promise<void> {
  await whenKnown(
    () =>
      client.workflowService.setWorkerDeploymentCurrentVersion({
        namespace: client.options.namespace,
        deploymentName,
        buildId: buildId ?? '',
        // Unversioned workers are not a version the server could check the task queues of.
        ignoreMissingTaskQueues: buildId === undefined,
        identity: 'order-demo',
      }),
    signal,
  );
}

/** The deployment's current version, as the server routes new workflows: its build ID, or undefined (unversioned). */
export async function currentBuildId(
  client: Client,
  deploymentName: string,
  signal: AbortSignal,
): Promise<string | undefined> {
  const { workerDeploymentInfo } = await whenKnown(
    () =>
      client.workflowService.describeWorkerDeployment({
        namespace: client.options.namespace,
        deploymentName,
      }),
    signal,
  );
  return workerDeploymentInfo?.routingConfig?.currentDeploymentVersion?.buildId || undefined;
}

/** The Worker Deployments of the namespace whose names start with `prefix`. */
export async function deploymentsNamed(client: Client, prefix: string): Promise<string[]> {
  const names: string[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await client.workflowService.listWorkerDeployments({
      namespace: client.options.namespace,
      nextPageToken,
    });
    names.push(
      ...(page.workerDeployments ?? []).flatMap(({ name }) => (name?.startsWith(prefix) ? [name] : [])),
    );
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
  return names;
}

/**
 * Whether any worker has polled a task queue of the deployment's versions lately: the server keeps its pollers for
 * minutes after they stop (and refuses to delete a version until then).
 */
async function polledLately(client: Client, versions: readonly WorkerDeploymentVersion[]): Promise<boolean> {
  const { namespace } = client.options;
  for (const deploymentVersion of versions) {
    const { workerDeploymentVersionInfo } = await client.workflowService.describeWorkerDeploymentVersion({
      namespace,
      deploymentVersion,
    });
    for (const taskQueue of workerDeploymentVersionInfo?.taskQueueInfos ?? []) {
      const { pollers } = await client.workflowService.describeTaskQueue({
        namespace,
        taskQueue: { name: taskQueue.name },
        taskQueueType: taskQueue.type,
      });
      if ((pollers ?? []).length > 0) return true;
    }
  }
  return false;
}

/**
 * Removes a deployment no worker polls any more — its routing back to unversioned workers, its versions, then
 * itself — and says whether it did: one that a worker polls, or polled a moment ago, is left as it is.
 */
export async function removeUnpolledDeployment(
  client: Client,
  deploymentName: string,
  signal: AbortSignal,
): Promise<boolean> {
  const { namespace } = client.options;
  try {
    const { workerDeploymentInfo } = await client.workflowService.describeWorkerDeployment({
      namespace,
      deploymentName,
    });
    const versions = (workerDeploymentInfo?.versionSummaries ?? []).flatMap(({ deploymentVersion }) =>
      deploymentVersion?.buildId ? [{ deploymentName, buildId: deploymentVersion.buildId }] : [],
    );
    if (await polledLately(client, versions)) return false;
    if (workerDeploymentInfo?.routingConfig?.currentDeploymentVersion?.buildId) {
      await setCurrentVersion(client, deploymentName, undefined, signal);
    }
    for (const deploymentVersion of versions) {
      // Its pinned workflows left open have no worker left to drain them.
      await client.workflowService.deleteWorkerDeploymentVersion({
        namespace,
        deploymentVersion,
        skipDrainage: true,
        identity: 'order-demo',
      });
    }
    await client.workflowService.deleteWorkerDeployment({
      namespace,
      deploymentName,
      identity: 'order-demo',
    });
    return true;
  } catch (error) {
    // Removed meanwhile by another run, or polled again (the server refuses to delete a polled version).
    const inUseOrGone =
      isGrpcServiceError(error) &&
      (error.code === GrpcStatus.NOT_FOUND || error.code === GrpcStatus.FAILED_PRECONDITION);
    if (inUseOrGone) return false;
    throw error;
  }
}

export type Drainage = 'unspecified' | 'draining' | 'drained';

/** Whether pinned workflows of this version are still open, as the server last found (it checks periodically). */
export async function drainageOf(
  client: Client,
  version: WorkerDeploymentVersion,
  signal: AbortSignal,
): Promise<Drainage> {
  const { workerDeploymentVersionInfo } = await whenKnown(
    () =>
      client.workflowService.describeWorkerDeploymentVersion({
        namespace: client.options.namespace,
        deploymentVersion: version,
      }),
    signal,
  );
  switch (workerDeploymentVersionInfo?.drainageInfo?.status) {
    case VersionDrainageStatus.VERSION_DRAINAGE_STATUS_DRAINING:
      return 'draining';
    case VersionDrainageStatus.VERSION_DRAINAGE_STATUS_DRAINED:
      return 'drained';
    default:
      return 'unspecified';
  }
}

/** What describe() says a workflow is pinned to: its behavior and the version that completed its last task. */
export interface Pinning {
  behavior: 'pinned' | 'auto-upgrade' | 'unversioned';
  version?: WorkerDeploymentVersion;
}

export function pinningOf(description: WorkflowExecutionDescription): Pinning {
  const info = description.raw.workflowExecutionInfo?.versioningInfo;
  const version = info?.deploymentVersion;
  const behavior =
    info?.behavior === VersioningBehavior.VERSIONING_BEHAVIOR_PINNED
      ? 'pinned'
      : info?.behavior === VersioningBehavior.VERSIONING_BEHAVIOR_AUTO_UPGRADE
        ? 'auto-upgrade'
        : 'unversioned';
  return {
    behavior,
    version:
      version?.deploymentName && version.buildId
        ? { deploymentName: version.deploymentName, buildId: version.buildId }
        : undefined,
  };
}
