// Many orders at once while the plan's faults strike: worker processes killed with SIGKILL (each replaced at once)
// and the embedded server killed and restarted on its SQLite file. Every order is driven to its end through the
// outages; what each one reached, and what the external systems recorded, is then audited (verification/).
import type { WorkflowHandle } from '@temporalio/client';
import {
  ApplicationFailure,
  WorkflowExecutionAlreadyStartedError,
  WorkflowFailedError,
  WorkflowNotFoundError,
} from '@temporalio/client';
import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { approveOrder, INVALID_CARD_ERROR_TYPE, ORDER_EXPIRED, ORDER_FULFILLED } from '../domain/contract';
import { orderWith, skus } from '../domain/order';
import type { OrderOutcome, OrderRunSpec } from '../domain/order-run';
import { approvalWindowFor, orderStartOptions } from '../domain/order-run';
import { EventBus } from '../events/event-bus';
import type { ClusterSupervisionEvent, EventOfType } from '../events/events';
import type { RegionName } from '../processes/regions/config';
import { REGIONS } from '../processes/regions/config';
import { fillPools, WorkerPool } from '../processes/worker-pool';
import type { RunContext } from '../runs/runnable';
import type { Ledger } from '../services/ledger';
import { fetchHistory } from '../temporal/history';
import type { TemporalServer } from '../temporal/servers/server';
import {
  isNamespaceMovingError,
  isTransientServerError,
  readWithRetries,
} from '../temporal/transient-errors';
import { startChildWorker } from '../temporal/workers';
import type {
  ApprovalAttempts,
  ChaosAudit,
  ChaosAuditSettings,
  OrderToAudit,
} from '../verification/chaos-audit';
import { auditChaos } from '../verification/chaos-audit';
import { workflowFacts } from '../verification/workflow-facts';
import { OrderWorkflow } from '../workflows';
import type { ChaosOrder, ChaosPlan } from './plan';
import { ActiveRegion } from './regions';
import type { ServerUnderFaults } from './server-faults';
import { strikeServer } from './server-faults';

/** Every order's approval window lasts at least this long: long enough to ride out a server restart. */
export const CHAOS_MIN_APPROVAL_WINDOW_MS = 10_000;
const EXPIRED_CARD = '12/23';
const PACKED_ITEMS = 3;
const RETRY_AFTER_OUTAGE_MS = 250;

/** What driving the orders needs of the run: its server, where it reports, who stops what it starts. */
export type ChaosContext = Pick<RunContext, 'server' | 'events' | 'teardown' | 'signal' | 'ledgerFolder'>;

/** One order as it was run: what it is, its workflow, and whether the driver saw it close. */
export interface ChaosOrderRun extends ChaosOrder {
  spec: OrderRunSpec;
  workflowId: string;
  runId?: string;
  closed: boolean;
  /** How it ended, as its result told the driver (the audit reads the history). */
  outcome?: OrderOutcome;
  /** Its approval's tries, for an order approved while it runs. */
  approvalAttempts?: ApprovalAttempts;
}

/** A fault as it struck: when, whom, and what replaced it. */
export type FaultRecord = Omit<EventOfType<'chaos.fault'>, 'type'>;
/** A fault that struck nothing, and which services it needed that were not running. */
export type SkippedFault = Omit<EventOfType<'chaos.fault-skipped'>, 'type'>;

/** An event of the cluster's supervisor, with when it happened since the run began (before it: negative). */
export type SupervisionRecord = ClusterSupervisionEvent & { atMs: number };

/** What the run did, before any audit. */
export interface ChaosRun {
  orders: ChaosOrderRun[];
  faults: FaultRecord[];
  skippedFaults: SkippedFault[];
  /** Worker processes that exited without being killed (each was replaced). */
  unexpectedWorkerExits: number;
  /** The cluster's services that exited on their own, and their supervisor's restarts (none off the cluster). */
  supervision: SupervisionRecord[];
  startedAt: number;
  /** The server active at the end (on two regions, the region the last failover made active). */
  activeServer: TemporalServer;
  /** Which region a worker of the run polled, by its identity (on two regions). */
  regionOfWorker(identity: string): RegionName | undefined;
}

/** The order this entry of the plan stands for: its kind decides the card, the packing, the outage, the approval. */
export function chaosOrderSpec(order: ChaosOrder, plan: ChaosPlan, runTag: string): OrderRunSpec {
  const { speed, retryPolicy, compensate } = plan.settings;
  const orderId = `chaos-${String(order.number).padStart(3, '0')}`;
  return {
    order: orderWith({
      order_id: orderId,
      ...(order.kind === 'declined-card' ? { credit_card_expiry: EXPIRED_CARD } : {}),
      items_to_pack: order.kind === 'packing' ? skus(PACKED_ITEMS, 1) : [],
    }),
    inventoryDown: order.kind === 'inventory-outage',
    approval: order.kind === 'never-approved' ? 'none' : 'auto',
    speed,
    workflowId: `order-${orderId}-${runTag}`,
    retryPolicy,
    minApprovalWindowMs: CHAOS_MIN_APPROVAL_WINDOW_MS,
    compensate,
  };
}

/**
 * Calls `call` until the server answers, however many outages — or failovers between regions — that takes; other
 * errors end it. `acrossRegions`: a run not found is one whose start has not reached the region asked yet.
 */
async function throughOutages<T>(
  call: () => Promise<T>,
  signal: AbortSignal,
  acrossRegions = false,
): Promise<T> {
  for (;;) {
    try {
      return await readWithRetries(call, signal);
    } catch (error) {
      const again =
        isTransientServerError(error) ||
        isNamespaceMovingError(error) ||
        (acrossRegions && error instanceof WorkflowNotFoundError);
      if (signal.aborted || !again) throw error;
      await sleep(RETRY_AFTER_OUTAGE_MS, undefined, { signal });
    }
  }
}

/** The server the orders' calls go to now: the active region's, on two regions. */
type ServerNow = () => TemporalServer;

/** Starts the order; approved orders get their approval with the start (signal-with-start). */
async function startChaosOrder(serverNow: ServerNow, run: ChaosOrderRun, signal: AbortSignal) {
  const options = orderStartOptions(run.spec, run.workflowId);
  const approvedAtStart = run.kind !== 'approved-late' && run.spec.approval === 'auto';
  try {
    return await throughOutages(async (): Promise<WorkflowHandle> => {
      const { client } = serverNow();
      if (!approvedAtStart) return client.workflow.start(OrderWorkflow, options);
      return client.workflow.signalWithStart(OrderWorkflow, {
        ...options,
        signal: approveOrder,
        signalArgs: [],
      });
    }, signal);
  } catch (error) {
    // A start repeated after an outage whose first try got through: the order runs.
    if (error instanceof WorkflowExecutionAlreadyStartedError) {
      return serverNow().client.workflow.getHandle(run.workflowId);
    }
    throw error;
  }
}

async function driveOrder(
  context: ChaosContext,
  serverNow: ServerNow,
  run: ChaosOrderRun,
  startedAt: number,
): Promise<void> {
  const { signal } = context;
  // On two regions, the region asked may not have received the run yet.
  const acrossRegions = context.server.regions !== undefined;
  await sleep(Math.max(0, startedAt + run.startAtMs - Date.now()), undefined, { signal });
  await startChaosOrder(serverNow, run, signal);
  // Each call asks the region active at the time.
  const handle = () => serverNow().client.workflow.getHandle(run.workflowId);
  if (run.kind === 'approved-late') {
    // Halfway through the window: the workflow has been waiting a while, and the deadline is still ahead.
    await sleep(approvalWindowFor(run.spec) / 2, undefined, { signal });
    const tries: ApprovalAttempts = { firstAt: Date.now(), attempts: 0 };
    run.approvalAttempts = tries;
    try {
      await throughOutages(async () => {
        tries.attempts++;
        try {
          return await handle().signal(approveOrder);
        } catch (error) {
          tries.lastRefusal = { message: (error as Error).message, at: Date.now() };
          throw error;
        }
      }, signal);
      tries.acceptedAt = Date.now();
    } catch (error) {
      // Closed before its approval came: the audit tells, from the server's record, whether it was in time.
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
  }
  const outcome = await throughOutages(
    () =>
      handle()
        .result()
        .then(
          (result) =>
            result === ORDER_FULFILLED ? 'fulfilled' : result === ORDER_EXPIRED ? 'expired' : 'other',
          (error: unknown): OrderOutcome => {
            if (isTransientServerError(error) || isNamespaceMovingError(error)) throw error;
            if (acrossRegions && error instanceof WorkflowNotFoundError) throw error;
            // The workflow fails with the activity's failure, whose cause is the card's ApplicationFailure.
            const cause = error instanceof WorkflowFailedError ? error.cause?.cause : undefined;
            return cause instanceof ApplicationFailure && cause.type === INVALID_CARD_ERROR_TYPE
              ? 'card-declined'
              : 'lost';
          },
        ),
    signal,
    acrossRegions,
  );
  run.outcome = outcome;
  run.runId = (await throughOutages(() => handle().describe(), signal, acrossRegions)).runId;
  run.closed = true;
  context.events.emit({ type: 'chaos.order-closed', number: run.number, outcome });
}

type Pools = Record<'activity-worker' | 'workflow-worker', WorkerPool>;

/** Runs the plan's faults at their moments, one after the other; a worker kill strikes the active region's pools. */
async function strike(
  context: ChaosContext,
  plan: ChaosPlan,
  pools: () => Pools,
  active: ActiveRegion | undefined,
  startedAt: number,
  faults: FaultRecord[],
  skippedFaults: SkippedFault[],
): Promise<void> {
  const server: ServerUnderFaults = {
    processes: context.server.processes(),
    untilShards: context.server.historyShards?.untilShards.bind(context.server.historyShards),
  };
  for (const fault of plan.faults) {
    await sleep(Math.max(0, startedAt + fault.atMs - Date.now()), undefined, { signal: context.signal });
    const atMs = Date.now() - startedAt;
    let record: FaultRecord | undefined;
    if (fault.target === 'activity-worker' || fault.target === 'workflow-worker') {
      const kill = await pools()[fault.target].kill(fault.victim);
      if (kill) record = { target: fault.target, plannedAtMs: fault.atMs, atMs, ...kill };
    } else if (fault.target === 'region-failover') {
      if (!active) continue;
      const { failover, tookMs } = await active.failOver(context.signal);
      record = { target: fault.target, plannedAtMs: fault.atMs, atMs, failover, downMs: tookMs };
    } else {
      const strike = await strikeServer(server, fault, context.signal);
      if (!strike) continue;
      if ('skipped' in strike) {
        const skipped = { plannedAtMs: fault.atMs, atMs, ...strike.skipped };
        skippedFaults.push(skipped);
        context.events.emit({ type: 'chaos.fault-skipped', ...skipped });
        continue;
      }
      record = { plannedAtMs: fault.atMs, atMs, ...strike.struck };
    }
    if (record) {
      faults.push(record);
      context.events.emit({ type: 'chaos.fault', ...record });
    }
  }
}

/** Starts the pools, drives every order to its end while the faults strike, and stops the pools. */
export async function runChaos(context: ChaosContext, plan: ChaosPlan): Promise<ChaosRun> {
  const { settings } = plan;
  // Every order waits on the interruption signal at once.
  setMaxListeners(plan.orders.length + 10, context.signal);
  // The workers' own progress (attempts, packing) is too much to tell for a hundred orders at once.
  const workerEvents = new EventBus({ keep: false });
  // On two regions, each has pools of its own polling its own frontend, as a deployment in two regions runs them.
  const regions = context.server.regions;
  const active = regions && new ActiveRegion(regions);
  const workerRegions = new Map<string, RegionName>();
  const poolOf = (role: 'activity' | 'workflow', size: number, region?: RegionName) =>
    new WorkerPool(role, size, async () => {
      const worker = await startChildWorker(
        {
          server: region && regions ? regions.serverIn(region) : context.server,
          speed: settings.speed,
          events: workerEvents,
          teardown: context.teardown,
          ledgerFolder: context.ledgerFolder,
        },
        role,
      );
      if (region) workerRegions.set(worker.identity, region);
      return worker;
    });
  const poolsIn = (region?: RegionName): Pools => ({
    'activity-worker': poolOf('activity', settings.activityWorkers, region),
    'workflow-worker': poolOf('workflow', settings.workflowWorkers, region),
  });
  const poolSets = regions ? REGIONS.map((region) => poolsIn(region)) : [poolsIn()];
  const everyPool = poolSets.flatMap((set) => [set['activity-worker'], set['workflow-worker']]);
  const pools = () => poolSets[active ? REGIONS.indexOf(active.name) : 0];
  const stopPools = async () => {
    await Promise.all(everyPool.map((pool) => pool.stop()));
  };
  const forgetPools = context.teardown.add('worker pools', stopPools);
  await fillPools(everyPool);

  const runTag = String(Math.floor(Date.now() / 1000));
  const orders: ChaosOrderRun[] = plan.orders.map((order) => {
    const spec = chaosOrderSpec(order, plan, runTag);
    return { ...order, spec, workflowId: spec.workflowId ?? '', closed: false };
  });
  const faults: FaultRecord[] = [];
  const skippedFaults: SkippedFault[] = [];
  const { supervisor } = context.server;
  const stopTelling = supervisor?.onSupervision(({ at: _at, ...event }) => context.events.emit(event));
  const startedAt = Date.now();
  const striking = strike(context, plan, pools, active, startedAt, faults, skippedFaults);
  const serverNow = () => active?.server ?? context.server;
  const driving = Promise.all(orders.map((order) => driveOrder(context, serverNow, order, startedAt)));
  // Both must end; the first failure is the one reported.
  const [struck, driven] = await Promise.allSettled([striking, driving]);
  forgetPools();
  stopTelling?.();
  await stopPools();
  for (const outcome of [struck, driven]) if (outcome.status === 'rejected') throw outcome.reason;
  return {
    orders,
    faults,
    skippedFaults,
    supervision: (supervisor?.supervision ?? []).map(({ at, ...event }) => ({
      ...event,
      atMs: at - startedAt,
    })),
    unexpectedWorkerExits: everyPool.reduce((sum, pool) => sum + pool.unexpectedExits, 0),
    startedAt,
    activeServer: serverNow(),
    regionOfWorker: (identity) => workerRegions.get(identity),
  };
}

/** Reads every order's history (after the run: the server is up) and audits it with the ledger. */
export async function auditChaosRun(
  server: TemporalServer,
  run: ChaosRun,
  ledger: Ledger,
  settings: ChaosAuditSettings,
): Promise<ChaosAudit> {
  const orders: OrderToAudit[] = [];
  for (const order of run.orders) {
    const execution = { workflowId: order.workflowId, runId: order.runId ?? '' };
    const history = await fetchHistory(server.client, execution);
    orders.push({ ...order, facts: workflowFacts(execution, history) });
  }
  return auditChaos(orders, ledger, settings);
}
