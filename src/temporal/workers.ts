// The workers of the sample, split as there: one runs workflows only, the other activities only; both poll
// order-task-queue, so either can be swapped for a Python sample worker. A combined worker runs both (bench). Any of
// them runs in this process or in a child process of its own (which can really crash); both are WorkerHandles.
// @temporalio/worker is loaded when the first worker is created: the commands that run none start without it.
import { hostname } from 'node:os';
import type { DataConverter, WorkerDeploymentVersion } from '@temporalio/common';
import type { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import { createFraudCheckActivities } from '../activities/fraud-check';
import { TASK_QUEUE } from '../domain/contract';
import { stickyQueueTimeout } from '../domain/speed';
import type { EventBus } from '../events/event-bus';
import type { WorkerEvent, WorkerRole } from '../events/events';
import { ChildWorker } from '../processes/child-worker';
import type { Teardown } from '../processes/teardown';
import type { WorkerHandle } from '../processes/worker-handle';
import type { EffectLog } from '../services/effects';
import type { WorkflowVariant } from '../workflows/variants';
import { reportActivityAttempts } from './activity-reporting';
import { rootMessage } from './errors';
import type { TemporalServer } from './servers/server';
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

/** What a worker runs and how. */
export interface WorkerSettings {
  role: WorkerRole;
  /** Activities' simulated latencies and the sticky queue's timeout are scaled by it. */
  speed: number;
  /** The workflow code (workflow and combined workers); default: standard. */
  variant?: WorkflowVariant;
  /** Where an activity worker reports attempts and progress. */
  report?: (event: WorkerEvent) => void;
  /** Where the external systems record the effects; without it they record nothing. */
  ledger?: EffectLog;
  /** Also the fraud check that version 2 of the versioning scenario calls (not part of the sample's contract). */
  withFraudCheck?: boolean;
  /**
   * Worker Versioning: the Worker Deployment Version this worker belongs to. Each workflow it starts is pinned to
   * that version: the server sends its tasks only to workers of the same version, whatever is deployed later.
   */
  deploymentVersion?: WorkerDeploymentVersion;
  /** Default: the sample's order-task-queue. A run whose workers run code of its own has a queue of its own. */
  taskQueue?: string;
}

function identity(role: WorkerRole, variant: WorkflowVariant): string {
  return `order-demo-${role}${variant === 'standard' ? '' : `-${variant}`}@${hostname()}:${process.pid}`;
}

/** The SDK's worker for these settings, on this target (not yet running). */
export async function createWorker(target: WorkerTarget, settings: WorkerSettings): Promise<Worker> {
  const { Worker } = await import('@temporalio/worker');
  const { role, speed, variant = 'standard', deploymentVersion } = settings;
  const workerIdentity = identity(role, variant);
  const runsWorkflows = role !== 'activity';
  const runsActivities = role !== 'workflow';
  const stickyTimeout = stickyQueueTimeout(speed);
  return Worker.create({
    ...target,
    taskQueue: settings.taskQueue ?? TASK_QUEUE,
    identity: workerIdentity,
    ...(runsWorkflows ? workflowCodeFor(variant) : {}),
    // How long the server holds a workflow's next task for this worker, which has the workflow in its cache, before
    // any worker may take it (the SDK's default: 10 s). A worker that died holds it that long.
    ...(runsWorkflows && stickyTimeout !== undefined
      ? { stickyQueueScheduleToStartTimeout: stickyTimeout }
      : {}),
    // A worker that is going to be replaced keeps no workflow in its cache, so the server never routes a retry to
    // its (soon orphaned) sticky queue: the replacement gets the next attempt as soon as it is due.
    ...(variant === 'standard' ? {} : { maxCachedWorkflows: 0 }),
    ...(deploymentVersion
      ? {
          workerDeploymentOptions: {
            version: deploymentVersion,
            useWorkerVersioning: true,
            defaultVersioningBehavior: 'PINNED',
          },
        }
      : {}),
    ...(runsActivities
      ? {
          activities: {
            ...createActivities({
              speed,
              report: settings.report ?? (() => undefined),
              ledger: settings.ledger,
              workerIdentity,
            }),
            ...(settings.withFraudCheck ? createFraudCheckActivities(speed) : {}),
          },
          interceptors: { activity: [reportActivityAttempts(settings.report ?? (() => undefined))] },
        }
      : {}),
  });
}

/**
 * A worker running in this process, with its end awaited once and its shutdown registered with the teardown. On two
 * regions it is one SDK worker per region, each polling its own region's frontend, as a deployment in two regions
 * runs them: the first is the run's region's.
 */
export class InProcessWorker implements WorkerHandle {
  /** Rejects with the SDK's error when the worker fails on its own. */
  readonly done: Promise<void>;
  readonly exited: Promise<void>;
  private readonly forget: () => void;
  private readonly worker: Worker;

  constructor(
    readonly role: WorkerRole,
    private readonly workers: readonly [Worker, ...Worker[]],
    teardown: Teardown,
  ) {
    this.worker = workers[0];
    this.done = Promise.all(workers.map((worker) => worker.run())).then(() => undefined);
    // A worker that fails on its own must not take the process down before the command reports it.
    this.exited = this.done.catch(() => undefined);
    this.forget = teardown.add(`${role} worker`, () => this.stop());
  }

  /** The SDK's state of the worker: RUNNING while it polls (also while its server is unreachable). */
  get state(): string {
    return this.worker.getState();
  }

  get identity(): string {
    return this.worker.options.identity;
  }

  async stop(): Promise<void> {
    this.forget();
    for (const worker of this.workers) if (worker.getState() === 'RUNNING') worker.shutdown();
    await this.exited;
  }
}

/** What starting a worker for a run needs: its server, where it reports, who stops it, the ledger it records in. */
export interface WorkerContext {
  server: TemporalServer;
  events: EventBus;
  teardown: Teardown;
  speed: number;
  /** The ledger of in-process activity workers. */
  ledger?: EffectLog;
  /** The same ledger's folder, for activity workers in processes of their own. */
  ledgerFolder?: string;
}

/** How a run wants its in-process worker, beyond its role: the defaults are the sample's worker. */
export interface InProcessWorkerOptions extends Pick<
  WorkerSettings,
  'variant' | 'withFraudCheck' | 'deploymentVersion' | 'taskQueue'
> {
  /** How the story names its workflow code [default: the variant's name, none for the standard one]. */
  label?: string;
  /** Its activity attempts told in the story [default: true]; a run of many orders at once tells them itself. */
  narrated?: boolean;
  /** On two regions, poll the run's region only (a run that places each region's workers itself). */
  thisRegionOnly?: boolean;
}

export async function startInProcessWorker(
  context: WorkerContext,
  role: WorkerRole,
  options: InProcessWorkerOptions = {},
): Promise<InProcessWorker> {
  const { variant = 'standard', narrated = true } = options;
  const { regions } = context.server;
  const otherRegions = options.thisRegionOnly
    ? []
    : (regions?.names.filter((region) => regions.serverIn(region).address !== context.server.address) ?? []);
  const settings: WorkerSettings = {
    role,
    speed: context.speed,
    variant,
    report: narrated ? (event) => context.events.emit(event) : undefined,
    ledger: context.ledger,
    withFraudCheck: options.withFraudCheck,
    deploymentVersion: options.deploymentVersion,
    taskQueue: options.taskQueue,
  };
  const workerOn = async (server: TemporalServer) =>
    createWorker(await workerTargetOn(server), settings).catch((error: unknown) => {
      // The SDK's message alone ("Can't extract inlined source map…") does not say which piece failed.
      throw new Error(`could not start the ${role} worker: ${rootMessage(error)}`);
    });
  const own = await workerOn(context.server);
  const others = await Promise.all(
    otherRegions.map((region) => workerOn(regions?.serverIn(region) ?? context.server)),
  );
  const running = new InProcessWorker(role, [own, ...others], context.teardown);
  context.events.emit({
    type: 'worker.started',
    role,
    host: 'in-process',
    variant: options.label ?? (variant === 'standard' ? undefined : variant),
    ...(otherRegions.length > 0 ? { alsoIn: otherRegions } : {}),
  });
  return running;
}

/** A worker in a child process of its own (this CLI's `worker <role>`), which can be killed for real. */
export async function startChildWorker(context: WorkerContext, role: WorkerRole): Promise<ChildWorker> {
  const { server } = context;
  const worker = await ChildWorker.start({
    role,
    environment: server.childEnvironment(),
    encrypt: server.encryption !== undefined,
    speed: context.speed,
    events: context.events,
    teardown: context.teardown,
    ledgerFolder: role === 'workflow' ? undefined : context.ledgerFolder,
  });
  context.events.emit({ type: 'worker.started', role, host: 'child-process', pid: worker.pid });
  return worker;
}

export type WorkerHost = 'in-process' | 'child-process';

export function startWorker(
  context: WorkerContext,
  role: WorkerRole,
  host: WorkerHost,
): Promise<WorkerHandle> {
  return host === 'in-process' ? startInProcessWorker(context, role) : startChildWorker(context, role);
}
