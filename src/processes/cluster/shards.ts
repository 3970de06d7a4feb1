// The history shards as the cluster's database records them: the `shards` table holds each shard's owner and
// range_id, which a new owner increments when it takes the shard (only a change of the membership ring moves a
// shard), and `executions` the shard each workflow's state lives in.
import { setTimeout as sleep } from 'node:timers/promises';
import protobuf from 'protobufjs';
import type { ShardMove } from '../../events/events';
import { TEMPORAL_DATABASE } from './config';
import type { PostgresProcess } from './postgres-process';

/** Which history host owns a shard, as the `shards` table records it. */
export interface ShardOwnership {
  shardId: number;
  /** Incremented by each owner that takes the shard (its fencing token). */
  rangeId: number;
  /** The owner's RPC address, as it wrote it. */
  ownerAddress: string;
  /** The history host of that address (`history 1`), or the address itself. */
  owner: string;
}

/** The part of persistence's ShardInfo that says who owns the shard. */
const ShardInfo = new protobuf.Type('ShardInfo')
  .add(new protobuf.Field('shardId', 1, 'int32'))
  .add(new protobuf.Field('rangeId', 2, 'int64'))
  .add(new protobuf.Field('owner', 3, 'string'));

/** The owner recorded in a shard's row (`127.0.0.1:7234-3-<uuid>`: the host's address, then its own suffix). */
export function shardOwnerAddress(data: Uint8Array): string {
  const { owner } = ShardInfo.toObject(ShardInfo.decode(data)) as { owner?: string };
  return /^[^-]+/.exec(owner ?? '')?.[0] ?? '';
}

/** The shards whose owner differs between two readings of the shards table. */
export function shardMoves(before: readonly ShardOwnership[], after: readonly ShardOwnership[]): ShardMove[] {
  const earlier = new Map(before.map((shard) => [shard.shardId, shard]));
  return after.flatMap((shard) => {
    const was = earlier.get(shard.shardId);
    return was && was.owner !== shard.owner
      ? [
          {
            shardId: shard.shardId,
            from: was.owner,
            to: shard.owner,
            rangeIdBefore: was.rangeId,
            rangeIdAfter: shard.rangeId,
          },
        ]
      : [];
  });
}

/** The shards each history host owns, by host name (every host listed, owning none or some). */
export function shardsByOwner(
  hosts: readonly string[],
  shards: readonly ShardOwnership[],
): Record<string, number[]> {
  const owners: Record<string, number[]> = Object.fromEntries(hosts.map((host) => [host, []]));
  for (const shard of shards) (owners[shard.owner] ??= []).push(shard.shardId);
  return owners;
}

const SHARDS_EVERY_MS = 100;

/** Every shard with its owner and range_id, each owner named by the history host at its address. */
export async function readShards(
  database: PostgresProcess,
  historyHosts: readonly { name: string; address: string }[],
): Promise<ShardOwnership[]> {
  const rows = await database.query<{ shard_id: number; range_id: string; data: Buffer }>(
    TEMPORAL_DATABASE,
    'SELECT shard_id, range_id, data FROM shards ORDER BY shard_id',
  );
  const hostAt = new Map(historyHosts.map((host) => [host.address, host.name]));
  return rows.map((row) => {
    const ownerAddress = shardOwnerAddress(row.data);
    return {
      shardId: row.shard_id,
      rangeId: Number(row.range_id),
      ownerAddress,
      owner: hostAt.get(ownerAddress) ?? ownerAddress,
    };
  });
}

/**
 * Reads the shards until `done` holds for them, and resolves with that reading; rejects after `timeoutMs` (or on
 * abort). A reading that fails (the database restarting) is tried again.
 */
export async function untilShards(
  read: () => Promise<ShardOwnership[]>,
  done: (shards: ShardOwnership[]) => boolean,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<ShardOwnership[]> {
  const deadline = Date.now() + timeoutMs;
  let last: ShardOwnership[] | undefined;
  for (;;) {
    signal?.throwIfAborted();
    const shards = await read().catch(() => undefined);
    if (shards && done(shards)) return shards;
    last = shards ?? last;
    if (Date.now() > deadline) {
      const owners = last?.map((shard) => `${shard.shardId} ${shard.owner || 'nobody'}`).join(', ');
      throw new Error(
        `the shards did not settle within ${timeoutMs / 1000}s (last read: ${owners ?? 'the table could not be read'})`,
      );
    }
    await sleep(SHARDS_EVERY_MS, undefined, { signal });
  }
}

/** The shard a workflow's state lives in (its row in `executions`). */
export async function shardOf(database: PostgresProcess, workflowId: string): Promise<number | undefined> {
  const rows = await database.query<{ shard_id: number }>(
    TEMPORAL_DATABASE,
    'SELECT shard_id FROM executions WHERE workflow_id = $1 LIMIT 1',
    [workflowId],
  );
  return rows[0]?.shard_id;
}
