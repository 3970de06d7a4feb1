// Chaos across two regions (--server regions): the orders' calls go to the active region, the namespace fails over
// between the regions at the plan's moments — a planned handover and a forced failover in turn — and, after the run,
// every order's two copies of its history are compared and every call that ran again in the other region is named.
import type { RegionFailover } from '../events/events';
import type { RegionName } from '../processes/regions/config';
import { MASTER_REGION, REGIONS } from '../processes/regions/config';
import type { Ledger } from '../services/ledger';
import type { RegionsControl } from '../temporal/servers/regions-control';
import type { TemporalServer } from '../temporal/servers/server';
import type { Check } from '../verification/checks';
import type { Execution } from '../verification/history-events';
import { firstDifference } from '../verification/region-checks';

/** How long, after the run, an order's two copies may take to agree. */
const CONVERGE_AFTER_RUN_MS = 30_000;
/** The calls named in a check's evidence; the rest are counted. */
const NAMED_AT_MOST = 10;

/** Which region is active, as this run made it: where the orders' calls go. */
export class ActiveRegion {
  private active: RegionName = MASTER_REGION;
  private failovers = 0;

  constructor(readonly regions: RegionsControl) {}

  get name(): RegionName {
    return this.active;
  }

  /** The server as the active region's clients see it. */
  get server(): TemporalServer {
    return this.regions.serverIn(this.active);
  }

  /**
   * The namespace to the other region: planned (the handover workflow) and forced in turn. The orders' calls go to
   * the new region at once: it refuses them until it is active, and they are tried again (throughOutages), so
   * that no client writes to the old region while both may think themselves active after a forced failover.
   */
  async failOver(signal: AbortSignal): Promise<{ failover: RegionFailover; tookMs: number }> {
    const from = this.active;
    const to = REGIONS.find((region) => region !== from) ?? from;
    const how = this.failovers++ % 2 === 0 ? 'planned' : 'forced';
    const versionBefore = (await this.regions.view(from)).failoverVersion;
    const startedAt = Date.now();
    this.active = to;
    if (how === 'planned') await this.regions.handover(from, to, signal);
    else await this.regions.forceFailover(to, signal);
    const tookMs = Date.now() - startedAt;
    const versionAfter = (await this.regions.view(to)).failoverVersion;
    return { failover: { how, from, to, versionBefore, versionAfter }, tookMs };
  }
}

/**
 * After the run: every order's history the same in both regions (each waited for, bounded), and every call that a
 * worker of one region made again after a worker of the other had made it, absorbed by its idempotency key.
 */
export async function regionChecks(
  regions: RegionsControl,
  executions: readonly Execution[],
  ledger: Ledger,
  regionOfWorker: (identity: string) => RegionName | undefined,
  signal: AbortSignal,
): Promise<Check[]> {
  const differing: string[] = [];
  for (const execution of executions) {
    const { copies, converged } = await regions.untilConverged(execution, signal, CONVERGE_AFTER_RUN_MS);
    if (!converged) {
      const at = firstDifference(copies['region-a'], copies['region-b']);
      differing.push(
        `${execution.workflowId}: from event ${at} (region-a ${copies['region-a'].length} events, ` +
          `region-b ${copies['region-b'].length})`,
      );
    }
  }
  const crossRegion = ledger
    .absorbedDuplicates()
    .filter((duplicate) => regionOfWorker(duplicate.worker) !== regionOfWorker(duplicate.effect.worker));
  const named = crossRegion
    .slice(0, NAMED_AT_MOST)
    .map(
      (duplicate) =>
        `${duplicate.key} attempt ${duplicate.attempt} in ${regionOfWorker(duplicate.worker) ?? 'no known region'} ` +
        `after #${duplicate.effect.id} in ${regionOfWorker(duplicate.effect.worker) ?? 'no known region'}`,
    );
  const more = crossRegion.length - named.length;
  return [
    {
      name: 'every order’s history is the same event by event in region-a and region-b',
      passed: differing.length === 0,
      evidence:
        differing.length === 0
          ? `${executions.length} orders, each converged within ${CONVERGE_AFTER_RUN_MS / 1000}s of the run`
          : differing.join('\n'),
    },
    {
      name: 'every call made again in the other region was absorbed by its idempotency key',
      passed: crossRegion.every((duplicate) => regionOfWorker(duplicate.worker) !== undefined),
      evidence:
        crossRegion.length === 0
          ? 'no call ran in both regions'
          : `${crossRegion.length}: ${named.join('; ')}${more > 0 ? `; and ${more} more` : ''}`,
    },
  ];
}
