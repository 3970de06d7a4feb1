// A running worker as everything that starts, pools, measures or stops workers sees it, whether it runs in this
// process (the SDK's Worker) or in a child process of its own (which can really crash).
import type { WorkerRole } from '../events/events';

export interface WorkerHandle {
  readonly role: WorkerRole;
  /** How the server knows it: in the history, who completed each task. */
  readonly identity: string;
  /** Its own process, when it runs in one (absent in this process). */
  readonly pid?: number;
  /** Resolves once it has stopped, however it ended. */
  readonly exited: Promise<void>;
  /** A graceful stop: the task in flight finishes first. */
  stop(): Promise<void>;
  /** A real crash (SIGKILL): only a worker in a process of its own can have one. */
  kill?(): Promise<void>;
}
