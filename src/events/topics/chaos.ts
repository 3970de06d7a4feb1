// Reported by `chaos` as its plan unfolds: the plan, each order as it closes, each fault as it strikes.
import type { OrderOutcome, RetryPolicyChoice } from '../../domain/order-run';

/**
 * What a chaos fault kills: a worker process of one role, or the server; on the cluster, a history host, the matching
 * service (each started again on its ports), or PostgreSQL (an immediate shutdown, then a restart that recovers); on
 * two regions, the namespace itself, failed over to the other region.
 */
export type FaultTarget =
  | 'activity-worker'
  | 'workflow-worker'
  | 'server'
  | 'history-host'
  | 'matching-host'
  | 'database'
  | 'region-failover';

/** A failover of the namespace between two regions, as chaos struck it. */
export interface RegionFailover {
  /** planned: the namespace-handover workflow; forced: the other region made active on its own word. */
  how: 'planned' | 'forced';
  from: string;
  to: string;
  versionBefore?: number;
  versionAfter?: number;
}

/** Reported by `chaos` as its plan unfolds. */
export type ChaosEvent =
  | {
      type: 'chaos.planned';
      seed: number;
      speed: number;
      retryPolicy: RetryPolicyChoice;
      /** Orders give back what they took when they end without delivery. */
      compensate: boolean;
      orders: number;
      /** How many orders of each kind. */
      kinds: Record<string, number>;
      /** Orders start, and faults strike, over this long. */
      windowMs: number;
      activityWorkers: number;
      workflowWorkers: number;
      plannedFaults: Record<FaultTarget, number>;
    }
  | { type: 'chaos.order-closed'; number: number; outcome: OrderOutcome }
  | {
      type: 'chaos.fault';
      target: FaultTarget;
      plannedAtMs: number;
      atMs: number;
      /** Absent for a region failover, which kills nothing. */
      killedPid?: number;
      /** The replacement's PID (a worker), or the server's new PID. */
      replacementPid?: number;
      /** How long it was down; for a region failover, until the new active region accepted writes. */
      downMs?: number;
      failover?: RegionFailover;
      /** Which one, on the cluster: `history 2`. */
      host?: string;
      /** A history host's kill: the shards it owned as it died, by the shards table. */
      shardsAtKill?: number;
      /**
       * Whether the other hosts took those shards before it was started again (the failover), and how long after
       * the kill they had; absent when it owned none (nothing to take over).
       */
      takenOver?: boolean;
      takeoverMs?: number;
    }
  | {
      /** A fault of the cluster that struck nothing: a service it strikes or relies on was not running. */
      type: 'chaos.fault-skipped';
      target: FaultTarget;
      plannedAtMs: number;
      atMs: number;
      host?: string;
      notRunning: string[];
    };
