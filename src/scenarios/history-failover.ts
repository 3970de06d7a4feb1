// A history host of the real engine dies mid-order: the cluster (--server cluster) runs two history hosts that share
// the history shards; the one that owns the order's shard is killed (SIGKILL) while packing is in flight, or while
// the workflow waits on its approval timer. Membership notices, the surviving host takes the dead host's shards
// (the database's shards table shows each new owner and its higher range_id), and the order completes; the host
// is then started again on its ports and the shards rebalance back to it.
import { ACTIVITY } from '../domain/contract';
import { orderWith, skus } from '../domain/order';
import type { OrderRunSpec } from '../domain/order-run';
import { HISTORY_SHARDS } from '../processes/cluster/config';
import type { ShardOwnership } from '../processes/cluster/shards';
import { shardMoves, shardsByOwner } from '../processes/cluster/shards';
import type { HistoryShards } from '../processes/cluster/temporal-cluster';
import type { ServerProcess } from '../processes/server-process';
import { option } from '../runs/options';
import { NEEDS_CLUSTER, requireCluster } from '../runs/runnable';
import { rootMessage } from '../temporal/errors';
import { fetchHistory } from '../temporal/history';
import type { FailoverRecord } from '../verification/failover-checks';
import { historyFailoverChecks } from '../verification/failover-checks';
import type { HistoryEvent } from '../verification/history-events';
import { followOrder, startOrder } from '../temporal/order-client/start-and-follow';
import { orderReport, startInProcessWorkers, untilHeartbeating } from './order-steps';
import type { Scenario, ScenarioContext } from './scenario';

export const HISTORY_FAILOVER_ORDER_ID = 'history-failover-demo';
const ITEMS_TO_PACK = 3;
/**
 * The approval window must outlast a failover, the restart and the rebalance: several seconds each on 2 cores, and a
 * failover took 26 s once, while the hosts' views of the ring still differed.
 */
const MIN_APPROVAL_WINDOW_MS = 60_000;
/**
 * How long membership may take to notice the dead host and the survivor to take its shards, or to hand them back:
 * seconds, and half a minute while the hosts’ views of the ring still differed (see the cluster’s acquire timer).
 */
const SHARDS_MOVE_TIMEOUT_MS = 90_000;

const options = {
  moment: option.choice({
    choices: ['packing', 'approval-timer'] as const,
    default: 'packing',
    description:
      'When the history host dies: packing (an activity in flight, heartbeating) or approval-timer (the workflow ' +
      'waits on its timer).',
  }),
};

/**
 * How long the shards table must stay the same to be taken as settled: longer than the history hosts' acquire
 * interval (2 s, see the cluster's dynamic config), after which a host takes any shard the ring gives it.
 */
const STEADY_MS = 3_000;

/** A wait's end: `holds` true of every reading for STEADY_MS, with no owner changing; since() is when it began. */
function steadyWhile(holds: (shards: ShardOwnership[]) => boolean): {
  done: (shards: ShardOwnership[]) => boolean;
  since: () => number;
} {
  let owners = '';
  let since = Date.now();
  return {
    done(shards) {
      const now = shards.map((shard) => `${shard.shardId} ${shard.owner}`).join(', ');
      if (!holds(shards)) owners = '';
      else if (now !== owners) [owners, since] = [now, Date.now()];
      else return Date.now() - since >= STEADY_MS;
      return false;
    },
    since: () => since,
  };
}

/** An error of a wait on the shards, saying which wait it was (an abort stays as it is). */
function stage(what: string, signal: AbortSignal): (error: unknown) => never {
  return (error) => {
    if (signal.aborted) throw error;
    throw new Error(`${what}: ${rootMessage(error)}`);
  };
}

/** The order's shard once its row is written, and every shard once the history hosts own them all. */
async function orderShard(
  cluster: HistoryShards,
  workflowId: string,
  signal: AbortSignal,
): Promise<{ shard: number; shards: ShardOwnership[] }> {
  const running = new Set(cluster.historyHosts.filter((host) => host.running).map((host) => host.name));
  const shards = await cluster
    .untilShards(
      (owned) => owned.length === HISTORY_SHARDS && owned.every((shard) => running.has(shard.owner)),
      SHARDS_MOVE_TIMEOUT_MS,
      signal,
    )
    .catch(stage('the running history hosts owning every shard', signal));
  const shard = await cluster.shardOf(workflowId);
  if (shard === undefined) throw new Error(`the database holds no execution of ${workflowId}`);
  return { shard, shards };
}

/**
 * Kills `killed`, waits for `survivor` to own every shard it had, starts it again and waits for them to come back;
 * what the shards table showed at each step becomes the record the checks read.
 */
async function failOver(
  context: ScenarioContext,
  cluster: HistoryShards,
  hosts: { killed: ServerProcess; survivor: ServerProcess; orderShard: number },
  moment: string,
): Promise<Omit<FailoverRecord, 'orderShard'>> {
  const { killed, survivor } = hosts;
  const { signal, events } = context;
  const before = await cluster.shards();
  const killedOwned = before.filter((shard) => shard.owner === killed.name).map((shard) => shard.shardId);
  const pid = killed.pid ?? 0;
  const killedAt = Date.now();
  await killed.kill();
  events.emit({ type: 'history-host.killed', host: killed.name, pid, shards: killedOwned, while: moment });
  const ownerIs = (shards: ShardOwnership[], host: string) =>
    killedOwned.every((id) => shards.find((shard) => shard.shardId === id)?.owner === host);
  const afterFailover = await cluster
    .untilShards((shards) => ownerIs(shards, survivor.name), SHARDS_MOVE_TIMEOUT_MS, signal)
    .catch(stage(`${survivor.name} taking the shards of ${killed.name}`, signal));
  const failover = shardMoves(before, afterFailover);
  events.emit({ type: 'shards.moved', moves: failover, afterMs: Date.now() - killedAt, why: 'failover' });
  await killed.start();
  const restartedAt = Date.now();
  events.emit({
    type: 'history-host.restarted',
    host: killed.name,
    pid: killed.pid ?? 0,
    downMs: restartedAt - killedAt,
  });
  // Same address, same place on the ring: it takes back the shards the ring gives it. Not always each one it owned:
  // while the hosts' views of the ring still differed at the kill, a host may have held a shard that is the other's.
  const rebalancing = steadyWhile((shards) => shards.some((shard) => shard.owner === killed.name));
  const afterRebalance = await cluster
    .untilShards(rebalancing.done, SHARDS_MOVE_TIMEOUT_MS, signal)
    .catch(stage(`${killed.name}, started again, taking back its shards`, signal));
  const rebalance = shardMoves(afterFailover, afterRebalance);
  events.emit({
    type: 'shards.moved',
    moves: rebalance,
    afterMs: rebalancing.since() - restartedAt,
    why: 'rebalance',
  });
  return { killed: killed.name, survivor: survivor.name, killedOwned, failover, rebalance };
}

export const historyFailover: Scenario<typeof options> = {
  name: 'history-failover',
  title: 'A history host of the cluster dies mid-order: its shards move to the other host',
  summary:
    'A history host is killed mid-order; the other takes its shards, the order completes, the shards rebalance.',
  lesson:
    'In a Temporal cluster every workflow lives in one history shard, and each shard is owned by one history host ' +
    'at a time. Here the host that owns the order’s shard is killed outright mid-order. Membership notices, the ' +
    'surviving host takes the shard — fencing the dead owner off with a higher range_id, as the database records — ' +
    'and carries on from the state in PostgreSQL: nothing is lost or done twice, and the order completes. Started ' +
    'again, the host gets its shards back.',
  options,
  validate: (_, server) => requireCluster(historyFailover.name, server),
  async run(context, { moment }) {
    const cluster = context.server.historyShards;
    if (!cluster) throw new Error(`history-failover cannot run here: ${NEEDS_CLUSTER}`);
    const spec: OrderRunSpec = {
      order: orderWith({ order_id: HISTORY_FAILOVER_ORDER_ID, items_to_pack: skus(ITEMS_TO_PACK, 1) }),
      inventoryDown: false,
      approval: 'auto',
      speed: context.speed,
      minApprovalWindowMs: MIN_APPROVAL_WINDOW_MS,
    };
    const workers = await startInProcessWorkers(context);
    const handle = await startOrder(context, spec);
    const execution = { workflowId: handle.workflowId, runId: handle.firstExecutionRunId };
    const { shard, shards } = await orderShard(cluster, handle.workflowId, context.signal);
    context.events.emit({
      type: 'shards.owned',
      owners: shardsByOwner(
        cluster.historyHosts.map((host) => host.name),
        shards,
      ),
      orderShard: shard,
    });
    const owner = shards.find((candidate) => candidate.shardId === shard)?.owner;
    const killed = cluster.historyHosts.find((host) => host.name === owner);
    const survivor = cluster.historyHosts.find((host) => host !== killed);
    if (!killed || !survivor)
      throw new Error(`shard ${shard} is owned by ${owner}, no history host of this cluster`);
    let beforeKill: HistoryEvent[] = [];
    let record: Omit<FailoverRecord, 'orderShard'> | undefined;
    const kill = async (when: string) => {
      beforeKill = await fetchHistory(context.server.client, execution);
      record = await failOver(context, cluster, { killed, survivor, orderShard: shard }, when);
    };
    const following = followOrder(context, handle, spec, {
      activitiesFromHistory: false,
      whenWaitingForApproval:
        moment === 'approval-timer' ? () => kill('the workflow waits on its approval timer') : undefined,
    });
    following.catch(() => undefined);
    if (moment === 'packing') {
      await untilHeartbeating(handle, ACTIVITY.packOrderItems, context.signal);
      await kill(`${ACTIVITY.packOrderItems} is in flight`);
    }
    const outcome = await following;
    const after = await fetchHistory(context.server.client, execution);
    await workers.activity.stop();
    await workers.workflow.stop();
    if (!record) throw new Error('the order closed before the history host was killed');
    return orderReport(
      context,
      historyFailover.name,
      spec,
      outcome,
      historyFailoverChecks(outcome.facts, beforeKill, after, { ...record, orderShard: shard }),
    );
  },
};
