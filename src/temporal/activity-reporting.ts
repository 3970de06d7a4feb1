import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import type { RetryPolicy } from '@temporalio/common';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import type { ActivityRetry, WorkerEvent } from '../events/events';

/** Reports the start and the end of every activity attempt, so that the activities themselves stay plain. */
export function reportActivityAttempts(report: (event: WorkerEvent) => void): ActivityInterceptorsFactory {
  return (context) => ({
    inbound: {
      async execute(input, next) {
        const { activityType: activity, attempt, retryPolicy } = context.info;
        report({ type: 'activity.started', activity, attempt });
        try {
          const result = await next(input);
          report({ type: 'activity.completed', activity, attempt, result: String(result) });
          return result;
        } catch (error) {
          if (error instanceof CancelledFailure) {
            report({ type: 'activity.cancelled', activity, attempt });
            throw error;
          }
          const failure = error instanceof ApplicationFailure ? error : undefined;
          const errorType = failure?.type ?? (error instanceof Error ? error.name : undefined);
          report({
            type: 'activity.failed',
            activity,
            attempt,
            message: error instanceof Error ? error.message : String(error),
            errorType,
            retry: expectedRetry(failure?.nonRetryable === true, errorType, attempt, retryPolicy),
          });
          throw error;
        }
      },
    },
  });
}

/**
 * What the server will decide about a failed attempt, as far as the worker can tell: the error's own flag, then
 * the retry policy's non-retryable types and maximum attempts (the server checks them in this order). Only the
 * server knows whether a schedule-to-close timeout leaves time for another attempt.
 */
export function expectedRetry(
  nonRetryable: boolean,
  errorType: string | undefined,
  attempt: number,
  policy: RetryPolicy | undefined,
): ActivityRetry {
  if (nonRetryable || (errorType !== undefined && policy?.nonRetryableErrorTypes?.includes(errorType))) {
    return 'non-retryable';
  }
  // No maximum (0 or unset) means unlimited attempts.
  if (policy?.maximumAttempts && attempt >= policy.maximumAttempts) return 'retries-exhausted';
  return 'retrying';
}
