// The real engine's cluster: its supervisor's restarts, and the history hosts and shards the history-failover
// scenario kills and follows.

/** A shard that changed owner, with the owner's fencing token (range_id) before and after. */
export interface ShardMove {
  shardId: number;
  from: string;
  to: string;
  rangeIdBefore: number;
  rangeIdAfter: number;
}

/** Reported by the supervisor of the cluster's services: an exit nobody asked for, and the restart that follows. */
export type ClusterSupervisionEvent =
  | {
      type: 'cluster.service-exited';
      /** `history 2`, `matching`, … */
      service: string;
      pid: number;
      /** Its exit code, or null when a signal ended it. */
      exitCode: number | null;
      signal: string | null;
      /** The last lines it printed: why it exited, as it said. */
      lastLines: string[];
      /** How long the supervisor waits before starting it again (the backoff). */
      restartInMs: number;
    }
  | {
      type: 'cluster.service-restarted';
      service: string;
      /** The new process, which listens. */
      pid: number;
      /** Exits in a row this restart follows (1 after a first exit). */
      attempt: number;
    };

/** Which history host owns which shards, a host killed and started again, and the shards that moved. */
export type ShardEvent =
  | {
      /** Which history host owns which shards, as the database records it. */
      type: 'shards.owned';
      owners: Record<string, number[]>;
      /** The shard of the order this run follows, when there is one. */
      orderShard?: number;
    }
  | { type: 'history-host.killed'; host: string; pid: number; shards: number[]; while: string }
  | {
      /** Shards whose owner the database shows changed: taken over from a dead host, or handed back. */
      type: 'shards.moved';
      moves: ShardMove[];
      /** Since the kill, or since the restart. */
      afterMs: number;
      why: 'failover' | 'rebalance';
    }
  | { type: 'history-host.restarted'; host: string; pid: number; downMs: number };
