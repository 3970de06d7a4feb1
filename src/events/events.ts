// The one typed channel through which everything that happens reaches the narrator and the JSON output.
// Producers: the activities (progress), the activity worker's interceptor (attempts), the workflow watcher (what
// the server records), the runtime (server, workers) and the scenario driver (signals, crashes).
import type { EffectAction, ServiceName } from '../domain/effects';
import type { OrderOutcome, RetryPolicyChoice } from '../domain/order-run';
import type { Divergence, ReplayVerdict } from '../domain/replay-verdict';

export type ServerKind = 'dev-server' | 'time-skipping' | 'cluster' | 'external';
/**
 * What a chaos fault kills: a worker process of one role, or the server; on the cluster, a history host, the matching
 * service (each started again on its ports), or PostgreSQL (an immediate shutdown, then a restart that recovers).
 */
export type FaultTarget =
  'activity-worker' | 'workflow-worker' | 'server' | 'history-host' | 'matching-host' | 'database';

/** A shard that changed owner, with the owner's fencing token (range_id) before and after. */
export interface ShardMove {
  shardId: number;
  from: string;
  to: string;
  rangeIdBefore: number;
  rangeIdAfter: number;
}

/** Reported by `chaos` as its plan unfolds. */
export type ChaosEvent =
  | {
      type: 'chaos.planned';
      seed: number;
      speed: number;
      retryPolicy: RetryPolicyChoice;
      /** Orders give back what they took when they end without delivery. */
      compensate: boolean;
      orders: number;
      /** How many orders of each kind. */
      kinds: Record<string, number>;
      /** Orders start, and faults strike, over this long. */
      windowMs: number;
      activityWorkers: number;
      workflowWorkers: number;
      plannedFaults: Record<FaultTarget, number>;
    }
  | { type: 'chaos.order-closed'; number: number; outcome: OrderOutcome }
  | {
      type: 'chaos.fault';
      target: FaultTarget;
      plannedAtMs: number;
      atMs: number;
      killedPid: number;
      /** The replacement's PID (a worker), or the server's new PID. */
      replacementPid?: number;
      downMs?: number;
      /** Which one, on the cluster: `history 2`. */
      host?: string;
      /** A history host's kill: the shards it owned as it died, by the shards table. */
      shardsAtKill?: number;
      /**
       * Whether the other hosts took those shards before it was started again (the failover), and how long after
       * the kill they had; absent when it owned none (nothing to take over).
       */
      takenOver?: boolean;
      takeoverMs?: number;
    }
  | {
      /** A fault of the cluster that struck nothing: a service it strikes or relies on was not running. */
      type: 'chaos.fault-skipped';
      target: FaultTarget;
      plannedAtMs: number;
      atMs: number;
      host?: string;
      notRunning: string[];
    };

/** Reported by the supervisor of the cluster's services: an exit nobody asked for, and the restart that follows. */
export type ClusterSupervisionEvent =
  | {
      type: 'cluster.service-exited';
      /** `history 2`, `matching`, … */
      service: string;
      pid: number;
      /** Its exit code, or null when a signal ended it. */
      exitCode: number | null;
      signal: string | null;
      /** The last lines it printed: why it exited, as it said. */
      lastLines: string[];
      /** How long the supervisor waits before starting it again (the backoff). */
      restartInMs: number;
    }
  | {
      type: 'cluster.service-restarted';
      service: string;
      /** The new process, which listens. */
      pid: number;
      /** Exits in a row this restart follows (1 after a first exit). */
      attempt: number;
    };

/** Reported by `bench` as its loads run. */
export type BenchEvent =
  | { type: 'bench.load-started'; load: number; loads: number; orders: number; workerProcesses: number }
  | { type: 'bench.order-closed'; completed: number; total: number };

/** Reported by the versioning scenario as its acts unfold, each fact read from the server. */
export type VersioningEvent =
  | { type: 'act.started'; act: number; acts: number; title: string }
  | { type: 'act.skipped'; act: number; acts: number; title: string; reason: string }
  | {
      /** An order in flight reached a stage where new code will meet its history. */
      type: 'order.reached';
      orderId: string;
      version: string;
      stage: string;
      eventId: number;
    }
  | {
      /** A worker replayed an order's history with code that decides otherwise: WorkflowTaskFailed. */
      type: 'workflow-task.nondeterministic';
      orderId: string;
      eventId: number;
      cause: string;
      divergence: Divergence;
    }
  | {
      /** What the server holds of an order whose workflow tasks keep failing. */
      type: 'order.stuck';
      orderId: string;
      status: string;
      workflowTaskAttempt: number;
      completedActivities: string[];
      signals: number;
    }
  | {
      type: 'order.closed';
      orderId: string;
      version: string;
      result: string;
      /** The activities its history scheduled, in order. */
      activities: string[];
      patch?: { patchId: string; deprecated: boolean };
    }
  | {
      /** Histories replayed against code about to be deployed; `open`: runs a worker may still replay. */
      type: 'replay-gate.checked';
      against: string;
      verdicts: (ReplayVerdict & { open: boolean })[];
    }
  | { type: 'deployment.current-version'; deploymentName: string; buildId?: string; taskQueue: string }
  | { type: 'deployment.drained'; deploymentName: string; buildId: string }
  | {
      type: 'order.pinned';
      orderId: string;
      behavior: string;
      deploymentName?: string;
      buildId?: string;
    };

/** Which tasks a worker polls for; combined (both in one worker) lets the server hand activities over eagerly (bench). */
export type WorkerRole = 'workflow' | 'activity' | 'combined';

/** Reported by the activities themselves. */
export type ActivityProgressEvent =
  | { type: 'packing.slip-acquired'; attempt: number; slipId: string; total: number }
  | { type: 'packing.resumed'; attempt: number; slipId: string; fromIndex: number; total: number }
  | {
      type: 'packing.item-packed';
      attempt: number;
      slipId: string;
      index: number;
      sku: string;
      total: number;
    }
  | {
      /** An external system recognised a call it had already served, by its idempotency key: no second effect. */
      type: 'ledger.duplicate-absorbed';
      service: ServiceName;
      action: EffectAction;
      key: string;
      description: string;
    };

/**
 * Whether the server tries an activity again after a failed attempt and, if not, why not (its RetryState): the
 * error is non-retryable, the retry policy's maximum attempts are used up, the schedule-to-close timeout leaves no
 * time for another attempt, or another reason (no retry policy, cancellation).
 */
export type ActivityRetry =
  'retrying' | 'non-retryable' | 'retries-exhausted' | 'out-of-time' | 'not-retried';

/** Reported by the activity worker around every attempt. */
export type ActivityAttemptEvent =
  | { type: 'activity.started'; activity: string; attempt: number }
  | { type: 'activity.completed'; activity: string; attempt: number; result: string }
  /** The attempt stopped because the workflow asked it to (the request came with a heartbeat's answer). */
  | { type: 'activity.cancelled'; activity: string; attempt: number }
  | {
      type: 'activity.failed';
      activity: string;
      attempt: number;
      message: string;
      errorType?: string;
      /** Set when the server timed the attempt out: START_TO_CLOSE, HEARTBEAT, ... */
      timeoutType?: string;
      retry: ActivityRetry;
    };

/** Everything an activity worker reports, in-process or from a child process. */
export type WorkerEvent = ActivityProgressEvent | ActivityAttemptEvent;

export type ProgressEvent =
  | WorkerEvent
  | ChaosEvent
  | ClusterSupervisionEvent
  | BenchEvent
  | VersioningEvent
  | { type: 'server.starting'; kind: ServerKind; executable?: string; executableSource?: string }
  /** A stage of a start that takes several: the cluster's database, schemas, services; its first build. */
  | { type: 'server.step'; text: string }
  | {
      type: 'server.ready';
      kind: ServerKind;
      address: string;
      namespace: string;
      uiUrl?: string;
      /** The codec server the Web UI decrypts payloads through, when one runs. */
      codecEndpoint?: string;
    }
  | {
      type: 'worker.started';
      role: WorkerRole;
      host: 'in-process' | 'child-process';
      pid?: number;
      variant?: string;
    }
  | { type: 'worker.stopped'; role: WorkerRole }
  | { type: 'worker.killed'; role: WorkerRole; pid: number; signal: string }
  | {
      type: 'workflow.started';
      workflowId: string;
      runId: string;
      orderId: string;
      inventoryDown: boolean;
      itemsToPack: number;
      uiUrl?: string;
    }
  | { type: 'activity.retry-scheduled'; activity: string; nextAttempt: number; delayMs: number }
  | { type: 'approval.waiting'; windowMs: number }
  | {
      type: 'approval.manual';
      workflowId: string;
      /** The arguments of this CLI's approve command that approves it. */
      approveArguments: string[];
    }
  | { type: 'signal.sent'; signal: string; workflowId: string }
  | { type: 'signal.received'; signal: string }
  /** The server accepted an update: its validator let it in, and it is in the history. */
  | { type: 'update.accepted'; update: string }
  /** Someone asked for the workflow's cancellation (this CLI's `cancel`), and the server recorded it. */
  | {
      type: 'cancel.sent';
      workflowId: string;
      /** How often the activity in flight sends heartbeats, whose answers bring it the request. */
      heartbeatEveryMs?: number;
    }
  | { type: 'cancel.received' }
  /** The workflow gives back what a step took: a compensation scheduled. */
  | { type: 'compensation.scheduled'; activity: string }
  /**
   * An attempt failed on a worker that does not have this activity (the Python sample's has no compensations): the
   * server retries it until a worker that has it takes it.
   */
  | { type: 'activity.unregistered'; activity: string; attempt: number; worker?: string; message: string }
  /** One of this CLI's commands, run as its own process (a person in another terminal), and what it answered. */
  | { type: 'command.ran'; arguments: string[]; exitCode: number | null; output: string }
  | { type: 'approval.expired' }
  | { type: 'workflow-task.failed'; message: string; attempt?: number }
  | { type: 'workflow-task.retrying'; attempt: number }
  | { type: 'checkpoint.recorded'; attempt: number; index: number; sku: string; slipId: string }
  | {
      type: 'activity.timed-out';
      activity: string;
      attempt: number;
      timeoutType: string;
      nextAttempt: number;
    }
  | {
      type: 'heartbeat-timeout.waiting';
      heartbeatTimeoutMs: number;
      remainingMs: number;
      throttleMs: number;
      serverIndex: number;
      serverSku: string;
      workerIndex: number;
      slipId: string;
    }
  | {
      type: 'failure.located';
      workflowId: string;
      runId: string;
      address: string;
      namespace: string;
      /** The codec server that decrypts the history's payloads, when one runs. */
      codecEndpoint?: string;
      eventId: number;
      message: string;
      activity?: string;
      attempt?: number;
      errorType?: string;
      nonRetryable?: boolean;
    }
  | {
      /** A workflow worker died with the workflow in its cache: its next task goes to that worker's sticky queue. */
      type: 'sticky-queue.waiting';
      crashedIdentity: string;
      replacementIdentity: string;
      timeoutMs: number;
    }
  | {
      /** What the history shows a new workflow worker did with a workflow it had never seen. */
      type: 'workflow.replayed';
      identity: string;
      /** The events before the crash, which the new worker replayed to rebuild the workflow's state. */
      replayedEvents: number;
      /** The WorkflowTaskStarted the new worker received, with the whole history up to it. */
      receivedUpToEventId: number;
      stickyTimedOut: boolean;
      activitiesScheduled: Record<string, number>;
      timersStarted: number;
    }
  | { type: 'server.killed'; pid: number; dbFilename: string; while: string }
  | {
      type: 'server.restarted';
      pid: number;
      address: string;
      downMs: number;
      workers: { role: WorkerRole; host: 'in-process' | 'child-process'; state: string }[];
    }
  | {
      /** Which history host owns which shards, as the database records it. */
      type: 'shards.owned';
      owners: Record<string, number[]>;
      /** The shard of the order this run follows, when there is one. */
      orderShard?: number;
    }
  | { type: 'history-host.killed'; host: string; pid: number; shards: number[]; while: string }
  | {
      /** Shards whose owner the database shows changed: taken over from a dead host, or handed back. */
      type: 'shards.moved';
      moves: ShardMove[];
      /** Since the kill, or since the restart. */
      afterMs: number;
      why: 'failover' | 'rebalance';
    }
  | { type: 'history-host.restarted'; host: string; pid: number; downMs: number }
  | { type: 'workflow.completed'; result: string }
  | { type: 'workflow.cancelled' }
  | { type: 'workflow.failed'; message: string; cause?: string; causeType?: string; activity?: string }
  | { type: 'note'; text: string };

export type ProgressEventType = ProgressEvent['type'];

/** An event as recorded: with its time in milliseconds since the run began. */
export type TimedEvent = ProgressEvent & { at: number };

export type EventOfType<T extends ProgressEventType> = Extract<ProgressEvent, { type: T }>;
