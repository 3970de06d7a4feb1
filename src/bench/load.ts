// The load behind `bench`: many orders through the real OrderWorkflow and activities, a given number in flight at
// once, each approved with its start (signal-with-start), timed from start to result. The figures count only the
// orders after the warm-up; CPU and peak memory are read from the server's and the workers' processes.
import { approveOrder, ORDER_FULFILLED } from '../domain/contract';
import { orderWith, skus } from '../domain/order';
import type { OrderRunSpec } from '../domain/order-run';
import { orderStartOptions } from '../domain/order-run';
import { EventBus } from '../events/event-bus';
import type { ProcessUsage } from '../processes/resource-usage';
import { processUsage, treeUsage } from '../processes/resource-usage';
import { fillPools, WorkerPool } from '../processes/worker-pool';
import type { RunContext } from '../runs/runnable';
import { startWorker } from '../temporal/workers';
import type { WorkerRole } from '../events/events';
import { OrderWorkflow } from '../workflows';
import { percentile } from './percentile';
import type { ReplicationLagFigures } from './replication-lag';
import { ReplicationLagSampler } from './replication-lag';

export interface BenchSettings {
  /** Measured orders, after the warm-up. */
  orders: number;
  warmup: number;
  concurrency: number;
  /**
   * combined: each worker runs workflows and activities (eager activity execution); split: workflow workers and
   * activity workers, as in the sample.
   */
  placement: WorkerPlacement;
  /** Worker processes of each role (split), or of both (combined). */
  workflowWorkers: number;
  activityWorkers: number;
  inProcess: boolean;
  speed: number;
  pack: number;
}

export type WorkerPlacement = 'combined' | 'split';
export const WORKER_PLACEMENTS: readonly WorkerPlacement[] = ['combined', 'split'];

/** What a load needs of the run: its server, where it reports, who stops its workers, Ctrl+C. */
export type LoadContext = Pick<RunContext, 'server' | 'events' | 'teardown' | 'signal'>;

interface OrderTiming {
  number: number;
  workflowId: string;
  startedAt: number;
  closedAt?: number;
  outcome?: string;
}

export interface MeasuredProcess {
  name: string;
  pid: number;
  /** A process of the server (the dev server, a service of the cluster, PostgreSQL) rather than of the load. */
  server: boolean;
  /** Share of one core over the measured window, in percent. */
  cpuPercent: number;
  peakRssBytes: number;
}

export interface BenchFigures {
  settings: BenchSettings;
  completed: number;
  measured: number;
  windowMs: number;
  ordersPerSecond: number;
  activityTasksPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  failures: { workflowId: string; outcome: string }[];
  resources: MeasuredProcess[];
  /**
   * The state transitions the server recorded for one measured order (describe()'s stateTransitionCount), and
   * that times orders per second: the unit of Temporal's own benchmarks. Unset when no order was measured.
   */
  stateTransitionsPerOrder?: number;
  stateTransitionsPerSecond?: number;
  /** On two regions: how far the standby's copies of the measured orders trailed their close (a sample of them). */
  replicationLag?: ReplicationLagFigures;
  /** Ctrl+C came before every order finished: the figures are those so far. */
  interrupted: boolean;
}

/**
 * The least a rate is measured over. Fewer orders: one order more or less would move it by more than 5%. A shorter
 * window: the CPU figures, read in ticks of 10 ms, would move by more than 1% of a core, and the window's own ends
 * (Date.now(), to the millisecond) by more than 0.2%; below it, orders that close within moments of each other
 * make thousands per second of nothing.
 */
export const MEASURABLE_RATE = { orders: 20, windowMs: 1000 } as const;

/** Why these figures make no rate (too few orders, too short a window), or undefined when they make one. */
export function unmeasurableRate({
  measured,
  windowMs,
}: Pick<BenchFigures, 'measured' | 'windowMs'>): string | undefined {
  if (measured >= MEASURABLE_RATE.orders && windowMs >= MEASURABLE_RATE.windowMs) return undefined;
  return (
    `${measured} order${measured === 1 ? '' : 's'} over ${windowMs} ms: a rate needs at least ` +
    `${MEASURABLE_RATE.orders} over ${MEASURABLE_RATE.windowMs / 1000} s`
  );
}

function benchOrder(number: number, settings: BenchSettings, runTag: string): OrderRunSpec {
  const orderId = `bench-${number}`;
  return {
    order: orderWith({ order_id: orderId, items_to_pack: skus(settings.pack, 1) }),
    inventoryDown: false,
    approval: 'auto',
    speed: settings.speed,
    workflowId: `order-${orderId}-${runTag}`,
  };
}

/** A process whose CPU and memory the figures show; PostgreSQL's with its backends. */
interface MeasuredPid {
  pid: number;
  server: boolean;
  withChildren: boolean;
}

/** The processes whose CPU and memory the figures show, by name. */
type Measured = Map<string, MeasuredPid>;

function snapshot(processes: Measured): Map<string, ProcessUsage | undefined> {
  return new Map(
    [...processes].map(([name, { pid, withChildren }]) => [
      name,
      withChildren ? treeUsage(pid) : processUsage(pid),
    ]),
  );
}

/** One load: its workers, its orders, their timings, and the figures they make. */
export class Load {
  private readonly timings: OrderTiming[] = [];
  private closed = 0;
  private measuredFrom: { at: number; usage: Map<string, ProcessUsage | undefined> } | undefined;
  /** The processes' usage as the last order closed: what the server does after (replicating it) is not the load's. */
  private measuredUntil: Map<string, ProcessUsage | undefined> | undefined;
  private readonly processes: Measured = new Map();
  private pools: WorkerPool[] = [];
  private startedAt = 0;
  private transitionsPerOrder: number | undefined;
  private readonly replicationLag: ReplicationLagSampler | undefined;
  /** Rejects on Ctrl+C: the orders in flight stop being waited for. */
  private readonly interrupted: Promise<never>;

  constructor(
    private readonly context: LoadContext,
    readonly settings: BenchSettings,
  ) {
    const { signal } = context;
    this.interrupted = new Promise<never>((_, reject) => {
      signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
    });
    this.interrupted.catch(() => undefined);
    this.replicationLag = ReplicationLagSampler.beside(context.server, signal);
  }

  get total(): number {
    return this.settings.warmup + this.settings.orders;
  }

  /** Orders closed so far. */
  get completed(): number {
    return this.closed;
  }

  /** Starts the workers: in this process, or pools of child processes. */
  async startWorkers(): Promise<void> {
    const { server, teardown } = this.context;
    const { speed, placement, inProcess } = this.settings;
    for (const process of server.processes()) {
      if (!process.pid || process.role === 'web-ui') continue;
      const withChildren = process.role === 'postgresql';
      const name =
        process.role === 'dev-server' ? 'server' : withChildren ? 'postgresql + backends' : process.name;
      this.processes.set(name, { pid: process.pid, server: true, withChildren });
    }
    const events = new EventBus({ keep: false });
    const context = { server, teardown, speed, events };
    const pool = (role: WorkerRole, size: number) =>
      new WorkerPool(role, inProcess ? 1 : size, () =>
        startWorker(context, role, inProcess ? 'in-process' : 'child-process'),
      );
    this.pools =
      placement === 'combined'
        ? [pool('combined', this.settings.workflowWorkers)]
        : [pool('workflow', this.settings.workflowWorkers), pool('activity', this.settings.activityWorkers)];
    await fillPools(this.pools);
    const ours = (pid: number) => ({ pid, server: false, withChildren: false });
    if (inProcess) {
      this.processes.set('workers and load generator (this process)', ours(process.pid));
      return;
    }
    this.processes.set('load generator (this process)', ours(process.pid));
    for (const member of this.pools) {
      member.pids.forEach((pid, index) =>
        this.processes.set(`${member.role} worker ${index + 1}`, ours(pid)),
      );
    }
  }

  /** Reads how many state transitions the server recorded for the last measured order (see BenchFigures). */
  async countStateTransitions(): Promise<void> {
    const last = this.timings
      .filter((timing) => timing.number > this.settings.warmup && timing.closedAt)
      .at(-1);
    if (!last) return;
    const description = await this.context.server.client.workflow.getHandle(last.workflowId).describe();
    const count = description.raw.workflowExecutionInfo?.stateTransitionCount;
    if (count !== undefined && count !== null) this.transitionsPerOrder = Number(count);
  }

  /** Waits until the standby region has the sampled orders closed too (each only so long: see replication-lag.ts). */
  async untilReplicated(): Promise<void> {
    await this.replicationLag?.settled();
  }

  async stopWorkers(): Promise<void> {
    await Promise.all(this.pools.map((pool) => pool.stop()));
  }

  /** Runs every order, `concurrency` at a time; stops taking new ones on Ctrl+C. */
  async run(): Promise<void> {
    const { signal } = this.context;
    const runTag = String(Date.now());
    this.startedAt = Date.now();
    if (this.settings.warmup === 0)
      this.measuredFrom = { at: this.startedAt, usage: snapshot(this.processes) };
    let next = 1;
    const lane = async () => {
      while (next <= this.total && !signal.aborted) {
        const number = next++;
        await this.runOrder(benchOrder(number, this.settings, runTag), number);
        this.context.events.emit({
          type: 'bench.order-closed',
          completed: this.completed,
          total: this.total,
        });
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.settings.concurrency, this.total) }, lane));
    this.measuredUntil = snapshot(this.processes);
  }

  private async runOrder(spec: OrderRunSpec, number: number): Promise<void> {
    const timing: OrderTiming = { number, workflowId: spec.workflowId ?? '', startedAt: Date.now() };
    this.timings.push(timing);
    try {
      const handle = await this.context.server.client.workflow.signalWithStart(OrderWorkflow, {
        ...orderStartOptions(spec, timing.workflowId),
        signal: approveOrder,
        signalArgs: [],
      });
      const result = await Promise.race([handle.result(), this.interrupted]);
      timing.outcome = String(result);
    } catch (error) {
      if (this.context.signal.aborted) return;
      timing.outcome = error instanceof Error ? error.message : String(error);
    }
    timing.closedAt = Date.now();
    this.closed++;
    if (number > this.settings.warmup && timing.outcome === ORDER_FULFILLED) {
      this.replicationLag?.closed(timing.workflowId);
    }
    if (this.closed === this.settings.warmup && !this.measuredFrom) {
      this.measuredFrom = { at: timing.closedAt, usage: snapshot(this.processes) };
    }
  }

  /** The figures of the orders measured so far (all of them, once run() has resolved). */
  figures(): BenchFigures {
    const now = Date.now();
    const closed = this.timings.filter((timing) => timing.closedAt !== undefined);
    const measured = closed.filter((timing) => timing.number > this.settings.warmup);
    const from = this.measuredFrom?.at ?? now;
    // Not Math.max(...): a hundred thousand arguments overflow the call stack.
    const until = measured.reduce((latest, timing) => Math.max(latest, timing.closedAt ?? 0), from);
    const windowMs = Math.max(1, until - from);
    const latencies = measured
      .map((timing) => (timing.closedAt ?? 0) - timing.startedAt)
      .sort((a, b) => a - b);
    const activitiesPerOrder = this.settings.pack > 0 ? 4 : 3;
    const ordersPerSecond = (measured.length * 1000) / windowMs;
    const end = this.measuredUntil ?? snapshot(this.processes);
    const resources = [...this.processes].map(([name, { pid, server }]) => {
      const start = this.measuredFrom?.usage.get(name);
      const last = end.get(name);
      return {
        name,
        pid,
        server,
        cpuPercent: start && last ? Math.round(((last.cpuMs - start.cpuMs) * 100) / windowMs) : 0,
        peakRssBytes: last?.peakRssBytes ?? 0,
      };
    });
    return {
      settings: this.settings,
      completed: closed.length,
      measured: measured.length,
      windowMs,
      ordersPerSecond,
      activityTasksPerSecond: ordersPerSecond * activitiesPerOrder,
      latencyMs: {
        p50: percentile(latencies, 0.5),
        p95: percentile(latencies, 0.95),
        p99: percentile(latencies, 0.99),
        max: latencies.at(-1) ?? 0,
      },
      failures: closed
        .filter((timing) => timing.outcome !== ORDER_FULFILLED)
        .map((timing) => ({ workflowId: timing.workflowId, outcome: timing.outcome ?? 'unknown' })),
      resources,
      stateTransitionsPerOrder: this.transitionsPerOrder,
      stateTransitionsPerSecond:
        this.transitionsPerOrder === undefined ? undefined : ordersPerSecond * this.transitionsPerOrder,
      replicationLag: this.replicationLag?.figures(),
      interrupted: this.context.signal.aborted,
    };
  }
}

/** How many worker processes these settings start (none in-process). */
export function workerProcesses(settings: BenchSettings): number {
  if (settings.inProcess) return 0;
  return settings.placement === 'combined'
    ? settings.workflowWorkers
    : settings.workflowWorkers + settings.activityWorkers;
}
