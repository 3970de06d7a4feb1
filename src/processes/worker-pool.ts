// A pool of workers of one role, kept at its size: a member killed on purpose is replaced at once, and so is one that
// exits by itself (counted, since a worker should ride out what the run throws at it). Members run in this process or
// in processes of their own; only the latter can be killed.
import type { WorkerRole } from '../events/events';
import type { WorkerHandle } from './worker-handle';

export interface PoolKill {
  killedPid: number;
  replacementPid: number;
}

export class WorkerPool {
  private readonly members: WorkerHandle[] = [];
  private stopping = false;
  /** Members that exited without being killed or stopped by the pool. */
  unexpectedExits = 0;
  /** Replacements under way, awaited by stop(). */
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    readonly role: WorkerRole,
    private readonly size: number,
    private readonly startWorker: () => Promise<WorkerHandle>,
  ) {}

  /** The members that run in processes of their own. */
  get pids(): number[] {
    return this.members.flatMap((member) => (member.pid === undefined ? [] : [member.pid]));
  }

  /** Starts members until the pool has its size; stop() meanwhile waits for the one starting, and stops it. */
  async fill(): Promise<void> {
    while (this.members.length < this.size && !this.stopping) await this.track(this.add());
  }

  /** Kills the member at this position (modulo the pool's size) with SIGKILL and starts its replacement. */
  async kill(position: number): Promise<PoolKill | undefined> {
    const victim = this.members[position % Math.max(1, this.members.length)];
    if (!victim?.kill || this.stopping) return undefined;
    this.members.splice(this.members.indexOf(victim), 1);
    await victim.kill();
    const replacement = await this.track(this.add());
    return { killedPid: victim.pid ?? 0, replacementPid: replacement?.pid ?? 0 };
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled(this.pending);
    await Promise.all(this.members.splice(0).map((member) => member.stop()));
  }

  private async add(): Promise<WorkerHandle | undefined> {
    if (this.stopping) return undefined;
    const member = await this.startWorker();
    this.members.push(member);
    member.exited
      .then(() => {
        if (this.stopping || !this.members.includes(member)) return undefined;
        this.members.splice(this.members.indexOf(member), 1);
        this.unexpectedExits++;
        return this.track(this.add());
      })
      // A replacement that cannot start leaves the pool smaller; the run's audit shows what that cost.
      .catch(() => undefined);
    return member;
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.pending.add(work);
    work.finally(() => this.pending.delete(work)).catch(() => undefined);
    return work;
  }
}

/**
 * Fills these pools at once. When one cannot start a worker, every pool is stopped — the workers still starting
 * too, which would otherwise come up after the command has torn down and keep it alive, idle — and its error thrown.
 */
export async function fillPools(pools: readonly WorkerPool[]): Promise<void> {
  let failure: { error: unknown } | undefined;
  await Promise.all(
    pools.map((pool) =>
      pool.fill().catch(async (error: unknown) => {
        failure ??= { error };
        await Promise.all(pools.map((member) => member.stop()));
      }),
    ),
  );
  if (failure) throw failure.error;
}
