// Two regions as the server of one run (--server regions): the run's handle is the active region's, and beside it a
// handle on each region (its clients, its workers' connection, the environment of its child workers), the failovers
// between them — planned (the namespace-handover system workflow: the namespace refuses writes until replication
// has caught up, then moves) or forced (the namespace made active in a region while the other is lost) — the loss of
// a region's server and its return, and the link each region is reached through, to cut and heal.
import { setTimeout as sleep } from 'node:timers/promises';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { Client, isGrpcServiceError, WorkflowFailedError } from '@temporalio/client';
import type { RegionName } from '../../processes/regions/config';
import { MASTER_REGION, REGIONS } from '../../processes/regions/config';
import type { RegionLink } from '../../processes/regions/region-link';
import type { ServerProcess } from '../../processes/server-process';
import type { Teardown } from '../../processes/teardown';
import type { Execution, HistoryEvent } from '../../verification/history-events';
import { firstDifference } from '../../verification/region-checks';
import { rootMessage } from '../errors';
import { fetchHistory } from '../history';
import type { RegionView, StartedRegions } from './regions';
import { GLOBAL_NAMESPACE, startRegions } from './regions';
import type { OpenServer, TemporalServer } from './server';
import { lazyWorkerConnection, serverHandle } from './server';

/** Temporal Server's own system namespace, where its worker service runs the namespace-handover workflow. */
const SYSTEM_NAMESPACE = 'temporal-system';
const SYSTEM_TASK_QUEUE = 'default-worker-tq';
const HANDOVER_WORKFLOW = 'namespace-handover';
/** The handover waits for the standby to be at most this far behind (the server clamps it to 5–120 s). */
const HANDOVER_ALLOWED_LAG_S = 5;
/** ... and gives up after this long (the server allows at most 30 s). */
const HANDOVER_TIMEOUT_S = 30;
const HANDOVER_ATTEMPTS = 3;
/**
 * A newly active region refuses writes until its namespace cache refreshes (2 s by default; ≤ 2.6 s measured), and
 * a region that comes back believes itself active for about 2 s before replication tells it otherwise.
 */
const ACTIVE_WITHIN_MS = 30_000;
const PROBE_EVERY_MS = 100;
/** A workflow that never exists: a signal to it says whether the region accepts writes (not found) or not. */
const PROBE_WORKFLOW_ID = 'order-demo-active-region-probe';
/** How long two copies of a history may take to agree once nothing stands between the regions. */
const CONVERGE_WITHIN_MS = 60_000;
const CONVERGE_POLL_MS = 200;

/** Both regions' copies of one history, and how long they took to agree (or until the wait gave up). */
export interface HistoryCopies {
  copies: Record<RegionName, HistoryEvent[]>;
  converged: boolean;
  afterMs: number;
}

export class RegionsControl {
  readonly names = REGIONS;
  private readonly handles = {} as Record<RegionName, TemporalServer>;

  constructor(
    private readonly started: StartedRegions,
    handleOf: (region: RegionName, control: RegionsControl) => TemporalServer,
  ) {
    for (const region of REGIONS) this.handles[region] = handleOf(region, this);
  }

  get namespace(): string {
    return this.started.namespace;
  }

  /** The server as one region's clients and workers see it. */
  serverIn(region: RegionName): TemporalServer {
    return this.handles[region];
  }

  /** A region's Temporal Server process (every service in one). */
  processOf(region: RegionName): ServerProcess {
    return this.started.regions.regions[region];
  }

  processes(): readonly ServerProcess[] {
    return this.started.regions.processes();
  }

  /** The link the peer reaches `region` through: cut, replication from `region` to its peer stops. */
  linkTo(region: RegionName): RegionLink {
    return this.started.links[region];
  }

  /** What each region says of the namespace now; a region that is down says nothing. */
  views(): Promise<RegionView[]> {
    return this.started.views();
  }

  view(region: RegionName): Promise<RegionView> {
    return this.started.view(region);
  }

  /**
   * The planned failover: Temporal Server's namespace-handover workflow, run by `from` (active), puts the namespace
   * in handover (writes refused), waits for `to` to have replicated all but a few seconds, then makes `to` active.
   */
  async handover(from: RegionName, to: RegionName, signal: AbortSignal): Promise<void> {
    const system = new Client({ connection: this.started.connections[from], namespace: SYSTEM_NAMESPACE });
    for (let attempt = 1; ; attempt++) {
      try {
        await system.workflow.execute(HANDOVER_WORKFLOW, {
          taskQueue: SYSTEM_TASK_QUEUE,
          workflowId: `handover-${this.namespace}-to-${to}-${Date.now()}`,
          args: [
            {
              Namespace: this.namespace,
              RemoteCluster: to,
              AllowedLaggingSeconds: HANDOVER_ALLOWED_LAG_S,
              HandoverTimeoutSeconds: HANDOVER_TIMEOUT_S,
            },
          ],
        });
        break;
      } catch (error) {
        // A handover whose standby did not catch up in time fails and leaves the namespace where it was: a busy
        // machine gets another try.
        if (!(error instanceof WorkflowFailedError) || attempt >= HANDOVER_ATTEMPTS) throw error;
      }
    }
    await this.untilAcceptsWrites(to, signal);
  }

  /** The forced failover: `to` made active on its own word, whatever the other region (lost) says. */
  async forceFailover(to: RegionName, signal: AbortSignal): Promise<void> {
    await this.started.connections[to].workflowService.updateNamespace({
      namespace: this.namespace,
      replicationConfig: { activeClusterName: to },
    });
    await this.untilAcceptsWrites(to, signal);
  }

  /** `region`'s copy of a history; none while the run's start has not reached it or the region does not answer. */
  copyIn(region: RegionName, execution: Execution): Promise<HistoryEvent[]> {
    return fetchHistory(this.handles[region].client, execution).catch(() => []);
  }

  /**
   * Both copies of the history once they agree event by event, or as they are after `withinMs` (replication may
   * not resume after a partition: the wait is bounded, and says whether they converged).
   */
  async untilConverged(
    execution: Execution,
    signal: AbortSignal,
    withinMs = CONVERGE_WITHIN_MS,
  ): Promise<HistoryCopies> {
    const startedAt = Date.now();
    for (;;) {
      const [a, b] = await Promise.all(REGIONS.map((region) => this.copyIn(region, execution)));
      const afterMs = Date.now() - startedAt;
      const converged = a.length > 0 && firstDifference(a, b) === undefined;
      if (converged || afterMs > withinMs)
        return { copies: { 'region-a': a, 'region-b': b }, converged, afterMs };
      await sleep(CONVERGE_POLL_MS, undefined, { signal });
    }
  }

  /** Resolves once `region` accepts writes in the namespace: the failover has reached its caches. */
  async untilAcceptsWrites(region: RegionName, signal: AbortSignal): Promise<void> {
    const deadline = Date.now() + ACTIVE_WITHIN_MS;
    let last: unknown;
    while (Date.now() < deadline) {
      signal.throwIfAborted();
      try {
        await this.started.connections[region].workflowService.signalWorkflowExecution({
          namespace: this.namespace,
          workflowExecution: { workflowId: PROBE_WORKFLOW_ID },
          signalName: 'probe',
        });
        return;
      } catch (error) {
        if (isGrpcServiceError(error) && error.code === GrpcStatus.NOT_FOUND) return;
        last = error;
      }
      await sleep(PROBE_EVERY_MS, undefined, { signal });
    }
    throw new Error(
      `${region} did not accept writes within ${ACTIVE_WITHIN_MS / 1000}s: ${rootMessage(last)}`,
    );
  }
}

/** `--server regions`: both regions started for the run, the run's handle the master region's (active at first). */
export const openRegions: OpenServer = async (settings, options, teardown: Teardown, progress) => {
  const namespace = settings.namespace.source === 'default' ? GLOBAL_NAMESPACE : settings.namespace.value;
  const started = await startRegions({}, teardown, progress, namespace);
  const verbose = options.verbose ?? false;
  const control = new RegionsControl(started, (region, regions) =>
    serverHandle({
      kind: 'regions',
      settings: { ...settings, namespace: { value: namespace, source: settings.namespace.source } },
      address: started.regions.address(region),
      connection: started.connections[region],
      workerConnection: lazyWorkerConnection({ address: started.regions.address(region) }, verbose, teardown),
      encryption: options.encryption,
      regions,
    }),
  );
  return control.serverIn(MASTER_REGION);
};
