import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { ApplicationFailure } from '@temporalio/common';
import type { WorkerEvent } from '../narration/events';

/** Reports the start and the end of every activity attempt, so that the activities themselves stay plain. */
export function reportActivityAttempts(report: (event: WorkerEvent) => void): ActivityInterceptorsFactory {
  return (context) => ({
    inbound: {
      async execute(input, next) {
        const { activityType: activity, attempt } = context.info;
        report({ type: 'activity.started', activity, attempt });
        try {
          const result = await next(input);
          report({ type: 'activity.completed', activity, attempt, result: String(result) });
          return result;
        } catch (error) {
          const failure = error instanceof ApplicationFailure ? error : undefined;
          report({
            type: 'activity.failed',
            activity,
            attempt,
            message: error instanceof Error ? error.message : String(error),
            errorType: failure?.type ?? (error instanceof Error ? error.name : undefined),
            nonRetryable: failure?.nonRetryable ?? false,
          });
          throw error;
        }
      },
    },
  });
}
