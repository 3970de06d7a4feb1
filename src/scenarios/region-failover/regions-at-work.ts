// What every act of region-failover works with: both regions' servers, their workers — region-a's in child processes
// of their own (so that they are lost with their region), region-b's in this process — each order's handle in the
// region that serves it, and the waits on the regions' copies of a history.
import { setTimeout as sleep } from 'node:timers/promises';
import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { ChildWorker } from '../../processes/child-worker';
import type { RegionName } from '../../processes/regions/config';
import { regionOfVersion } from '../../processes/regions/config';
import { fetchHistory } from '../../temporal/history';
import type { HistoryCopies, RegionsControl } from '../../temporal/servers/regions-control';
import type { TemporalServer } from '../../temporal/servers/server';
import type { InProcessWorker } from '../../temporal/workers';
import { startChildWorker, startInProcessWorker } from '../../temporal/workers';
import type { Execution, HistoryEvent } from '../../verification/history-events';
import { decodeFirstPayload } from '../../verification/history-events';
import { ACTIVITY } from '../../domain/contract';
import type { PackingCheckpoint } from '../../domain/packing';
import { isResumableCheckpoint } from '../../domain/packing';
import type { ScenarioContext } from '../scenario';

const POLL_EVERY_MS = 200;
/** What an act waits for in a region happens within seconds; this long, and the act gives up saying what it awaited. */
const WAIT_AT_MOST_MS = 120_000;

/** Polls `read` until it gives something, or gives up after WAIT_AT_MOST_MS saying what it waited for. */
async function pollUntil<T>(
  work: RegionsAtWork,
  what: string,
  read: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + WAIT_AT_MOST_MS;
  for (;;) {
    const found = await read();
    if (found !== undefined) return found;
    if (Date.now() > deadline) {
      throw new Error(
        `${what} did not happen within ${WAIT_AT_MOST_MS / 1000}s: the machine may be too busy for this --speed`,
      );
    }
    await sleep(POLL_EVERY_MS, undefined, { signal: work.context.signal });
  }
}

export interface RegionsAtWork {
  context: ScenarioContext;
  regions: RegionsControl;
  /** region-a's workers, child processes lost with their region in act 2. */
  lost: { workflow: ChildWorker; activity: ChildWorker };
  /** region-b's workers, in this process. */
  kept: { workflow: InProcessWorker; activity: InProcessWorker };
}

export const regionOf = (version: number): string | undefined => regionOfVersion(version);

/** The run's context with the server as `region`'s clients see it. */
export function contextIn(work: RegionsAtWork, region: RegionName): ScenarioContext {
  return { ...work.context, server: work.regions.serverIn(region) };
}

export function server(work: RegionsAtWork, region: RegionName): TemporalServer {
  return work.regions.serverIn(region);
}

/** The same order, as `region`'s client reaches it. */
export function handleIn(
  work: RegionsAtWork,
  region: RegionName,
  execution: Execution,
): WorkflowHandleWithFirstExecutionRunId {
  const handle = server(work, region).client.workflow.getHandle(execution.workflowId, execution.runId, {
    firstExecutionRunId: execution.runId,
  });
  return Object.assign(handle, { firstExecutionRunId: execution.runId });
}

export function executionOf(handle: WorkflowHandleWithFirstExecutionRunId): Execution {
  return { workflowId: handle.workflowId, runId: handle.firstExecutionRunId };
}

export async function startRegionalWorkers(
  context: ScenarioContext,
  regions: RegionsControl,
): Promise<RegionsAtWork> {
  const inA = { ...context, server: regions.serverIn('region-a') };
  const inB = { ...context, server: regions.serverIn('region-b') };
  return {
    context,
    regions,
    lost: {
      workflow: await startChildWorker(inA, 'workflow'),
      activity: await startChildWorker(inA, 'activity'),
    },
    kept: {
      workflow: await startInProcessWorker(inB, 'workflow', { thisRegionOnly: true }),
      activity: await startInProcessWorker(inB, 'activity', { thisRegionOnly: true }),
    },
  };
}

/** Which region a worker of this run polls, by the identity the ledger and the history record. */
export function regionOfWorker(work: RegionsAtWork, identity: string): RegionName | undefined {
  if ([work.lost.workflow.identity, work.lost.activity.identity].includes(identity)) return 'region-a';
  if ([work.kept.workflow.identity, work.kept.activity.identity].includes(identity)) return 'region-b';
  return undefined;
}

export function historyIn(
  work: RegionsAtWork,
  region: RegionName,
  execution: Execution,
): Promise<HistoryEvent[]> {
  return fetchHistory(server(work, region).client, execution);
}

/** Resolves with the history once `region`'s copy shows what `shows` looks for. */
export async function untilHistoryShows(
  work: RegionsAtWork,
  region: RegionName,
  execution: Execution,
  shows: (events: HistoryEvent[]) => boolean,
): Promise<HistoryEvent[]> {
  return pollUntil(work, `${execution.workflowId}: what the act awaits in ${region}'s history`, async () => {
    const events = await historyIn(work, region, execution);
    return shows(events) ? events : undefined;
  });
}

/** Both regions' copies of the history once they agree, told; as they are if they do not within the bound. */
export async function untilConverged(work: RegionsAtWork, execution: Execution): Promise<HistoryCopies> {
  const copies = await work.regions.untilConverged(execution, work.context.signal);
  if (copies.converged) {
    work.context.events.emit({
      type: 'regions.converged',
      workflowId: execution.workflowId,
      events: copies.copies['region-a'].length,
      afterMs: copies.afterMs,
    });
  }
  return copies;
}

/** What each region says the namespace's failover version is, for the story of a failover. */
export async function failoverVersion(work: RegionsAtWork, region: RegionName): Promise<number | undefined> {
  return (await work.regions.view(region)).failoverVersion;
}

/** Resolves once `region`'s copy of the packing's state holds a checkpoint at or past item `index`. */
export async function untilCheckpointIn(
  work: RegionsAtWork,
  region: RegionName,
  execution: Execution,
  index: number,
): Promise<PackingCheckpoint> {
  const handle = handleIn(work, region, execution);
  const what = `${execution.workflowId}: a packing checkpoint past item ${index} in ${region}`;
  return pollUntil(work, what, async () => {
    // Not there yet while the start of the run has not reached this region.
    const raw = await handle.describe().then(
      (description) => description.raw,
      (error: unknown) => {
        if (error instanceof WorkflowNotFoundError) return undefined;
        throw error;
      },
    );
    const packing = raw?.pendingActivities?.find(
      (activity) => activity.activityType?.name === ACTIVITY.packOrderItems,
    );
    const details = decodeFirstPayload(packing?.heartbeatDetails);
    return isResumableCheckpoint(details) && details.last_processed_idx >= index ? details : undefined;
  });
}
