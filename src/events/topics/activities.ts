// The activities' attempts, as the activity worker reports them, and what the server does about them.

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

/** What the server records of the activities: retries, time-outs, attempts no worker could run, compensations. */
export type ActivityScheduleEvent =
  | { type: 'activity.retry-scheduled'; activity: string; nextAttempt: number; delayMs: number }
  | {
      type: 'activity.timed-out';
      activity: string;
      attempt: number;
      timeoutType: string;
      nextAttempt: number;
    }
  /**
   * An attempt failed on a worker that does not have this activity (the Python sample's has no compensations): the
   * server retries it until a worker that has it takes it.
   */
  | { type: 'activity.unregistered'; activity: string; attempt: number; worker?: string; message: string }
  /** The workflow gives back what a step took: a compensation scheduled. */
  | { type: 'compensation.scheduled'; activity: string };
