// The replication lag of `bench --server regions`: how long after a measured order closed in the active region the
// standby region's copy of it shows it closed too, under the bench's load. The order's close time is its close
// event's, as the standby's copy records it (the event is replicated with its time; both regions run on this
// machine's clock); the moment the copy is seen closed is when the standby's describe() first answers so.
import { WorkflowNotFoundError } from '@temporalio/client';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RegionName } from '../processes/regions/config';
import type { TemporalServer } from '../temporal/servers/server';
import { isTransientServerError } from '../temporal/transient-errors';
import { percentile } from './percentile';

export const REPLICATION_LAG_SAMPLING = {
  /**
   * Every Nth measured order is followed in the standby. Every order (a describe every 50 ms for as long as each
   * lags) slowed the default bench by about a third on two cores (7.6 against 11.6 orders/s); every 5th measured no
   * slower than none (10.4 against 10.3, within the runs' noise) and leaves 100 of the default 500 orders: a p99
   * that is not simply the max.
   */
  sampleEvery: 5,
  /** How often the standby's copy is described: the lag is measured to within this and one describe's round trip. */
  pollEveryMs: 50,
  /** A copy still open this long after its order closed counts as not replicated, and is waited for no longer. */
  withinMs: 60_000,
} as const;

export interface ReplicationLagFigures {
  /** The region whose copies were followed. */
  standby: RegionName;
  sampleEvery: number;
  withinMs: number;
  /** Orders followed to the end: their copy closed, or did not within withinMs. */
  sampled: number;
  notReplicated: number;
  /** Of the copies that closed within withinMs; unset when none did. */
  p50Ms?: number;
  p99Ms?: number;
  maxMs?: number;
}

/** The figures of these lags (in any order) and of the sampled orders whose copy never closed. */
export function replicationLagFigures(
  standby: RegionName,
  lagsMs: readonly number[],
  notReplicated: number,
): ReplicationLagFigures {
  const sorted = [...lagsMs].sort((a, b) => a - b);
  const { sampleEvery, withinMs } = REPLICATION_LAG_SAMPLING;
  const figures = { standby, sampleEvery, withinMs, sampled: sorted.length + notReplicated, notReplicated };
  if (sorted.length === 0) return figures;
  return {
    ...figures,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    maxMs: sorted[sorted.length - 1],
  };
}

/** Follows a sample of the measured orders into the standby region until each copy closes (or the bound passes). */
export class ReplicationLagSampler {
  private offered = 0;
  private readonly lagsMs: number[] = [];
  private notReplicated = 0;
  private readonly following: Promise<void>[] = [];
  private failure: unknown;

  private constructor(
    private readonly standby: RegionName,
    private readonly standbyServer: TemporalServer,
    private readonly signal: AbortSignal,
  ) {}

  /** A sampler of the region other than `server`'s, when `server` is one of two regions; otherwise none. */
  static beside(server: TemporalServer, signal: AbortSignal): ReplicationLagSampler | undefined {
    const { regions } = server;
    const standby = regions?.names.find((region) => regions.serverIn(region) !== server);
    if (!regions || !standby) return undefined;
    return new ReplicationLagSampler(standby, regions.serverIn(standby), signal);
  }

  /** A measured order just closed in the active region (the bench has its result). */
  closed(workflowId: string): void {
    if (this.offered++ % REPLICATION_LAG_SAMPLING.sampleEvery !== 0) return;
    this.following.push(
      this.follow(workflowId).catch((error: unknown) => {
        this.failure ??= error;
      }),
    );
  }

  /** Resolves once every sampled order has been followed to the end (each within the bound); Ctrl+C ends it. */
  async settled(): Promise<void> {
    await Promise.all(this.following);
    if (this.failure !== undefined) throw this.failure;
  }

  /** The figures of the orders followed to the end so far. */
  figures(): ReplicationLagFigures {
    return replicationLagFigures(this.standby, this.lagsMs, this.notReplicated);
  }

  private async follow(workflowId: string): Promise<void> {
    const handle = this.standbyServer.client.workflow.getHandle(workflowId);
    const giveUpAt = Date.now() + REPLICATION_LAG_SAMPLING.withinMs;
    try {
      while (Date.now() < giveUpAt) {
        const closeTime = await handle.describe().then(
          (description) => (description.status.name === 'RUNNING' ? undefined : description.closeTime),
          (error: unknown) => {
            // Not there yet while the start of the run has not reached the standby; a busy region answers later.
            if (error instanceof WorkflowNotFoundError || isTransientServerError(error)) return undefined;
            throw error;
          },
        );
        if (closeTime) {
          this.lagsMs.push(Date.now() - closeTime.getTime());
          return;
        }
        await sleep(REPLICATION_LAG_SAMPLING.pollEveryMs, undefined, { signal: this.signal });
      }
      this.notReplicated++;
    } catch (error) {
      // Ctrl+C: this order is left out of the figures.
      if (!this.signal.aborted) throw error;
    }
  }
}
