// The workers as the runtime starts and stops them, and what the worker-crash scenario reads of a worker that
// replaced a dead one.

/** Which tasks a worker polls for; combined (both in one worker) lets the server hand activities over eagerly (bench). */
export type WorkerRole = 'workflow' | 'activity' | 'combined';

export type WorkerLifecycleEvent =
  | {
      type: 'worker.started';
      role: WorkerRole;
      host: 'in-process' | 'child-process';
      pid?: number;
      variant?: string;
      /** On two regions: the other regions it also polls, each its own region's frontend. */
      alsoIn?: string[];
    }
  | { type: 'worker.stopped'; role: WorkerRole }
  | { type: 'worker.killed'; role: WorkerRole; pid: number; signal: string }
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
    };
