// Reported by the versioning scenario as its acts unfold, each fact read from the server.
import type { Divergence, ReplayVerdict } from '../../domain/replay-verdict';

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
