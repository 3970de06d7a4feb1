// The two workers of the sample, split as there: one runs workflows only, the other activities only. Both poll
// order-task-queue, so either can be swapped for a Python sample worker. @temporalio/worker is loaded when the first
// worker is created: the commands that run none start without it.
import { hostname } from 'node:os';
import type { DataConverter } from '@temporalio/common';
import type { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import { TASK_QUEUE } from '../domain/contract';
import type { WorkerEvent, WorkerRole } from '../events/events';
import type { EffectLog } from '../services/effects';
import { reportActivityAttempts } from './activity-reporting';
import type { Teardown } from '../processes/teardown';
import type { TemporalServer } from './temporal-server';
import type { WorkflowVariant } from './workflow-bundle';
import { workflowCodeFor } from './workflow-bundle';

export interface WorkerTarget {
  connection: NativeConnection;
  namespace: string;
  /** With --encrypt: the server's codec, so that the worker reads and writes what the client does. */
  dataConverter?: DataConverter;
}

/** Where a worker on this server polls, with the server's codec when payloads are encrypted. */
export async function workerTargetOn(server: TemporalServer): Promise<WorkerTarget> {
  return {
    connection: await server.workerConnection(),
    namespace: server.namespace,
    dataConverter: server.codec && { payloadCodecs: [server.codec] },
  };
}

function identity(role: WorkerRole, variant?: string): string {
  return `order-demo-${role}${variant ? `-${variant}` : ''}@${hostname()}:${process.pid}`;
}

export interface WorkflowWorkerOptions {
  variant?: WorkflowVariant;
  /**
   * How long the server holds a workflow's next task for this worker, which has the workflow in its cache, before
   * any worker may take it (the SDK's default: 10 s). A worker that died holds it that long.
   */
  stickyQueueTimeoutMs?: number;
}

export async function createWorkflowWorker(
  target: WorkerTarget,
  { variant = 'standard', stickyQueueTimeoutMs }: WorkflowWorkerOptions = {},
): Promise<Worker> {
  const { Worker } = await import('@temporalio/worker');
  return Worker.create({
    ...target,
    taskQueue: TASK_QUEUE,
    identity: identity('workflow', variant === 'standard' ? undefined : variant),
    ...workflowCodeFor(variant),
    ...(stickyQueueTimeoutMs === undefined
      ? {}
      : { stickyQueueScheduleToStartTimeout: stickyQueueTimeoutMs }),
    // A worker that is going to be replaced keeps no workflow in its cache, so the server never routes a retry to
    // its (soon orphaned) sticky queue: the replacement gets the next attempt as soon as it is due.
    ...(variant === 'standard' ? {} : { maxCachedWorkflows: 0 }),
  });
}

export async function createActivityWorker(
  target: WorkerTarget,
  options: {
    speed: number;
    report: (event: WorkerEvent) => void;
    /** Where the external systems record the effects; without it they record nothing. */
    ledger?: EffectLog;
  },
): Promise<Worker> {
  const { Worker } = await import('@temporalio/worker');
  const workerIdentity = identity('activity');
  return Worker.create({
    ...target,
    taskQueue: TASK_QUEUE,
    identity: workerIdentity,
    activities: createActivities({ ...options, workerIdentity }),
    interceptors: { activity: [reportActivityAttempts(options.report)] },
  });
}

/**
 * One worker for workflows and activities alike: when a workflow task schedules an activity, the server can hand
 * the activity to this worker in its answer (eager activity execution), without a trip through the task queue.
 */
export async function createCombinedWorker(
  target: WorkerTarget,
  options: { speed: number; report: (event: WorkerEvent) => void; ledger?: EffectLog },
): Promise<Worker> {
  const { Worker } = await import('@temporalio/worker');
  const workerIdentity = identity('combined');
  return Worker.create({
    ...target,
    taskQueue: TASK_QUEUE,
    identity: workerIdentity,
    ...workflowCodeFor('standard'),
    activities: createActivities({ ...options, workerIdentity }),
    interceptors: { activity: [reportActivityAttempts(options.report)] },
  });
}

/** A worker that is running, with its end awaited once and its shutdown registered with the teardown. */
export class RunningWorker {
  readonly done: Promise<void>;
  private readonly forget: () => void;

  constructor(
    readonly role: WorkerRole,
    private readonly worker: Worker,
    teardown: Teardown,
  ) {
    this.done = worker.run();
    // A worker that fails on its own must not take the process down before the command reports it.
    this.done.catch(() => undefined);
    this.forget = teardown.add(`${role} worker`, () => this.stop());
  }

  /** The SDK's state of the worker: RUNNING while it polls (also while its server is unreachable). */
  get state(): string {
    return this.worker.getState();
  }

  /** How the server knows this worker: in the history, who completed each task. */
  get identity(): string {
    return this.worker.options.identity;
  }

  async stop(): Promise<void> {
    this.forget();
    if (this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.done.catch(() => undefined);
  }
}
