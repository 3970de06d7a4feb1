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
import { fillPools, WorkerPool } from '../processes/worker-pool';
import type { RunContext } from '../runs/runnable';
import type { Ledger } from '../services/ledger';
import { fetchHistory } from '../temporal/history';
import type { TemporalServer } from '../temporal/servers/server';
import { isTransientServerError, readWithRetries } from '../temporal/transient-errors';
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

/** Calls `call` until the server answers, however many outages that takes; other errors end it. */
async function throughOutages<T>(call: () => Promise<T>, signal: AbortSignal): Promise<T> {
  for (;;) {
    try {
      return await readWithRetries(call, signal);
    } catch (error) {
      if (signal.aborted || !isTransientServerError(error)) throw error;
      await sleep(RETRY_AFTER_OUTAGE_MS, undefined, { signal });
    }
  }
}

/** Starts the order; approved orders get their approval with the start (signal-with-start). */
async function startChaosOrder(server: TemporalServer, run: ChaosOrderRun, signal: AbortSignal) {
  const options = orderStartOptions(run.spec, run.workflowId);
  const approvedAtStart = run.kind !== 'approved-late' && run.spec.approval === 'auto';
  try {
    return await throughOutages(async (): Promise<WorkflowHandle> => {
      if (!approvedAtStart) return server.client.workflow.start(OrderWorkflow, options);
      return server.client.workflow.signalWithStart(OrderWorkflow, {
        ...options,
        signal: approveOrder,
        signalArgs: [],
      });
    }, signal);
  } catch (error) {
    // A start repeated after an outage whose first try got through: the order runs.
    if (error instanceof WorkflowExecutionAlreadyStartedError) {
      return server.client.workflow.getHandle(run.workflowId);
    }
    throw error;
  }
}

async function driveOrder(context: ChaosContext, run: ChaosOrderRun, startedAt: number): Promise<void> {
  const { signal, server } = context;
  await sleep(Math.max(0, startedAt + run.startAtMs - Date.now()), undefined, { signal });
  const handle = await startChaosOrder(server, run, signal);
  if (run.kind === 'approved-late') {
    // Halfway through the window: the workflow has been waiting a while, and the deadline is still ahead.
    await sleep(approvalWindowFor(run.spec) / 2, undefined, { signal });
    const tries: ApprovalAttempts = { firstAt: Date.now(), attempts: 0 };
    run.approvalAttempts = tries;
    try {
      await throughOutages(async () => {
        tries.attempts++;
        try {
          return await handle.signal(approveOrder);
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
      handle.result().then(
        (result) =>
          result === ORDER_FULFILLED ? 'fulfilled' : result === ORDER_EXPIRED ? 'expired' : 'other',
        (error: unknown): OrderOutcome => {
          if (isTransientServerError(error)) throw error;
          // The workflow fails with the activity's failure, whose cause is the card's ApplicationFailure.
          const cause = error instanceof WorkflowFailedError ? error.cause?.cause : undefined;
          return cause instanceof ApplicationFailure && cause.type === INVALID_CARD_ERROR_TYPE
            ? 'card-declined'
            : 'lost';
        },
      ),
    signal,
  );
  run.outcome = outcome;
  run.runId = (await throughOutages(() => handle.describe(), signal)).runId;
  run.closed = true;
  context.events.emit({ type: 'chaos.order-closed', number: run.number, outcome });
}

/** Runs the plan's faults at their moments, one after the other. */
async function strike(
  context: ChaosContext,
  plan: ChaosPlan,
  pools: Record<'activity-worker' | 'workflow-worker', WorkerPool>,
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
      const kill = await pools[fault.target].kill(fault.victim);
      if (kill) record = { target: fault.target, plannedAtMs: fault.atMs, atMs, ...kill };
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
  const poolOf = (role: 'activity' | 'workflow', size: number) =>
    new WorkerPool(role, size, () =>
      startChildWorker(
        {
          server: context.server,
          speed: settings.speed,
          events: workerEvents,
          teardown: context.teardown,
          ledgerFolder: context.ledgerFolder,
        },
        role,
      ),
    );
  const pools = {
    'activity-worker': poolOf('activity', settings.activityWorkers),
    'workflow-worker': poolOf('workflow', settings.workflowWorkers),
  };
  const forgetPools = context.teardown.add('worker pools', async () => {
    await Promise.all([pools['activity-worker'].stop(), pools['workflow-worker'].stop()]);
  });
  await fillPools([pools['activity-worker'], pools['workflow-worker']]);

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
  const striking = strike(context, plan, pools, startedAt, faults, skippedFaults);
  const driving = Promise.all(orders.map((order) => driveOrder(context, order, startedAt)));
  // Both must end; the first failure is the one reported.
  const [struck, driven] = await Promise.allSettled([striking, driving]);
  forgetPools();
  stopTelling?.();
  await Promise.all([pools['activity-worker'].stop(), pools['workflow-worker'].stop()]);
  for (const outcome of [struck, driven]) if (outcome.status === 'rejected') throw outcome.reason;
  return {
    orders,
    faults,
    skippedFaults,
    supervision: (supervisor?.supervision ?? []).map(({ at, ...event }) => ({
      ...event,
      atMs: at - startedAt,
    })),
    unexpectedWorkerExits:
      pools['activity-worker'].unexpectedExits + pools['workflow-worker'].unexpectedExits,
    startedAt,
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
