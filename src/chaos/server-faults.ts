// Chaos's faults of the server, one path for every process it strikes: the dev server on its file, and the
// cluster's PostgreSQL, matching service and history hosts (a history host's kill waits for the failover, told by
// the shards table).
import { setTimeout as sleep } from 'node:timers/promises';
import type { EventOfType, FaultTarget } from '../events/events';
import type { HistoryShards } from '../processes/cluster/temporal-cluster';
import type { ServerProcess, ServerProcessRole } from '../processes/server-process';
import type { PlannedFault } from './plan';

/** How long a killed history host stays down at most, waiting for the other host to take its shards. */
const FAILOVER_TIMEOUT_MS = 30_000;
/**
 * How long a fault of the cluster waits for the services it strikes and relies on to run (their supervisor): its
 * longest backoff and a start, which on a loaded machine took more than half a minute.
 */
const RUNNING_TIMEOUT_MS = 60_000;
const RUNNING_EVERY_MS = 100;

type FaultableProcess = Pick<
  ServerProcess,
  'name' | 'role' | 'pid' | 'running' | 'killable' | 'kill' | 'restart'
>;

/** What the faults of the server strike — its processes — and read to tell a takeover (its history shards). */
export interface ServerUnderFaults {
  processes: readonly FaultableProcess[];
  untilShards?: HistoryShards['untilShards'];
}

/** A fault of the server as it struck, or why it could not. */
export type ServerStrike =
  | { struck: Omit<EventOfType<'chaos.fault'>, 'type' | 'plannedAtMs' | 'atMs'> }
  | { skipped: Omit<EventOfType<'chaos.fault-skipped'>, 'type' | 'plannedAtMs' | 'atMs'> };

/** Waits until every one of `processes` runs; the names of those that still do not after `timeoutMs`. */
async function untilRunning(
  processes: readonly { name: string; running: boolean }[],
  timeoutMs: number,
  signal: AbortSignal,
): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const stopped = processes.filter((process) => !process.running).map((process) => process.name);
    if (stopped.length === 0 || Date.now() > deadline) return stopped;
    await sleep(RUNNING_EVERY_MS, undefined, { signal });
  }
}

/** The role of the server's processes each fault of the server strikes. */
const STRUCK_ROLE: Partial<Record<FaultTarget, ServerProcessRole>> = {
  server: 'dev-server',
  database: 'postgresql',
  'matching-host': 'matching',
  'history-host': 'history',
};

/** The processes of the server a fault aimed at `target` may strike. */
function targetsOf(server: ServerUnderFaults, target: FaultTarget): FaultableProcess[] {
  return server.processes.filter((process) => process.role === STRUCK_ROLE[target] && process.killable);
}

/**
 * A fault of the server, one path for each of its processes: killed, and started again on its ports and state — the
 * dev server on its file; PostgreSQL, recovering from its write-ahead log; the matching service at once; a history
 * host once the other has taken its shards (the failover itself). A fault strikes only a running process, and a
 * history host only while the other hosts run to take its shards: it waits for their supervisor to start them
 * again, and is skipped (and said so) when they are still down. Nothing to strike here: undefined.
 */
export async function strikeServer(
  server: ServerUnderFaults,
  fault: PlannedFault,
  signal: AbortSignal,
  timeouts = { runningMs: RUNNING_TIMEOUT_MS, failoverMs: FAILOVER_TIMEOUT_MS },
): Promise<ServerStrike | undefined> {
  const targets = targetsOf(server, fault.target);
  if (targets.length === 0) return undefined;
  const victim = targets[fault.victim % targets.length];
  const host = fault.target === 'history-host' || fault.target === 'matching-host' ? victim.name : undefined;
  // Every process relies on the database, and a history host on the others to take its shards.
  const database = server.processes.find((process) => process.role === 'postgresql');
  const needed = new Set([
    ...(database ? [database] : []),
    ...(fault.target === 'history-host' ? targets : [victim]),
  ]);
  const notRunning = await untilRunning([...needed], timeouts.runningMs, signal);
  if (notRunning.length > 0) {
    return { skipped: { target: fault.target, ...(host ? { host } : {}), notRunning } };
  }
  const killedAt = Date.now();
  // The shards a history host owns as it dies are what another must take: one that owns none leaves no failover.
  const shardsAtKill =
    fault.target === 'history-host' && server.untilShards
      ? (await server.untilShards(() => true, timeouts.failoverMs, signal)).filter(
          (shard) => shard.owner === victim.name,
        ).length
      : undefined;
  const killedPid = victim.pid ?? 0;
  await victim.kill();
  let takeover: { shardsAtKill: number; takenOver?: boolean; takeoverMs?: number } | undefined;
  if (shardsAtKill !== undefined) takeover = { shardsAtKill };
  if (shardsAtKill && server.untilShards) {
    // Told by the shards table, not by a guess at the time membership takes to notice.
    const takenOver = await server
      .untilShards(
        (shards) => shards.every((shard) => shard.owner !== victim.name),
        timeouts.failoverMs,
        signal,
      )
      .then(
        () => true,
        (error: unknown) => {
          if (signal.aborted) throw error;
          return false;
        },
      );
    takeover = takenOver
      ? { shardsAtKill, takenOver, takeoverMs: Date.now() - killedAt }
      : { shardsAtKill, takenOver };
  }
  await victim.restart();
  return {
    struck: {
      target: fault.target,
      ...(host ? { host } : {}),
      killedPid,
      replacementPid: victim.pid,
      downMs: Date.now() - killedAt,
      ...takeover,
    },
  };
}
