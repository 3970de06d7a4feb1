// The claims of the history-failover scenario, each backed by the cluster's own record: who owned the order's shard
// and what moved where, with the owners' fencing tokens (range_id), from the database's shards table; and the
// order's history after the failover.
import type { ShardMove } from '../events/events';
import type { Check } from './checks';
import { historyKept, scheduledOnce, timerStartedOnce } from './crash-checks';
import type { HistoryEvent } from './history-events';
import type { WorkflowFacts } from './workflow-facts';

export interface FailoverRecord {
  /** The history host killed, and the one that survived. */
  killed: string;
  survivor: string;
  /** The shard the order's state lives in. */
  orderShard: number;
  /** The shards the killed host owned when it was killed. */
  killedOwned: number[];
  /** What the shards table showed once the survivor had taken over, and once the restarted host took shards back. */
  failover: ShardMove[];
  rebalance: ShardMove[];
}

function describeMoves(moves: readonly ShardMove[]): string {
  return (
    moves
      .map(
        (move) =>
          `shard ${move.shardId} ${move.from} → ${move.to}, range_id ${move.rangeIdBefore} → ${move.rangeIdAfter}`,
      )
      .join('; ') || 'no shard changed owner'
  );
}

/** A move made by a new owner's takeover: the owner changed, and it fenced the old one off with a higher range_id. */
function takenOver(move: ShardMove | undefined, from: string, to: string): boolean {
  return move !== undefined && move.from === from && move.to === to && move.rangeIdAfter > move.rangeIdBefore;
}

export function historyFailoverChecks(
  facts: WorkflowFacts,
  beforeKill: readonly HistoryEvent[],
  after: readonly HistoryEvent[],
  record: FailoverRecord,
): Check[] {
  const { killed, survivor, orderShard, killedOwned, failover, rebalance } = record;
  const moved = new Map(failover.map((move) => [move.shardId, move]));
  return [
    {
      name: `the order's shard was owned by the history host that was killed`,
      passed: killedOwned.includes(orderShard),
      evidence: `shards table before the kill: shard ${orderShard} (the order's) owned by ${killedOwned.includes(orderShard) ? killed : 'another host'}; ${killed} owned ${killedOwned.join(', ')}`,
    },
    {
      name: `every shard of the killed host moved to the surviving host, which fenced it with a higher range_id`,
      passed:
        killedOwned.length > 0 && killedOwned.every((shard) => takenOver(moved.get(shard), killed, survivor)),
      evidence: `shards table after the failover: ${describeMoves(failover)}`,
    },
    {
      name: 'once started again, the killed host took shards back (the ring rebalanced)',
      passed: rebalance.length > 0 && rebalance.every((move) => takenOver(move, survivor, killed)),
      evidence: `shards table after the restart: ${describeMoves(rebalance)}`,
    },
    historyKept(beforeKill, after, 'the failover'),
    scheduledOnce(facts),
    timerStartedOnce(facts),
  ];
}
