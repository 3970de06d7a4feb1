// The activity attempts the history does not keep: it writes one ActivityTaskStarted, for the attempt that ended
// the activity, so the times, failures, heartbeats and workers of earlier attempts exist only in what describe()
// shows while the activity is pending. This records them from each description, for the timeline.
import type { WorkflowExecutionDescription } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { ObservedAttempt } from '../verification/timeline';
import { decodeFirstPayload, protoMs, summarizeFailure } from '../verification/history-events';

type PendingActivity = NonNullable<WorkflowExecutionDescription['raw']['pendingActivities']>[number];

const { PENDING_ACTIVITY_STATE_STARTED } = temporal.api.enums.v1.PendingActivityState;

export class AttemptRecorder {
  private readonly attempts = new Map<string, ObservedAttempt>();

  /** Every attempt seen so far, by activity and attempt number. */
  get observed(): ObservedAttempt[] {
    return [...this.attempts.values()].sort(
      (a, b) => a.activityId.localeCompare(b.activityId) || a.attempt - b.attempt,
    );
  }

  observe({ raw }: WorkflowExecutionDescription): void {
    for (const pending of raw.pendingActivities ?? []) this.observePending(pending);
  }

  private observePending(pending: PendingActivity): void {
    const current = this.attempt(pending, pending.attempt ?? 1);
    const startedAt = protoMs(pending.lastStartedTime);
    const previousEndedAt = protoMs(pending.lastAttemptCompleteTime);
    if (pending.state === PENDING_ACTIVITY_STATE_STARTED && startedAt > previousEndedAt) {
      current.startedAt ??= startedAt;
      current.workerIdentity = pending.lastWorkerIdentity ?? current.workerIdentity;
      const heartbeatAt = protoMs(pending.lastHeartbeatTime);
      // Details carried over from an earlier attempt are not this attempt's heartbeat.
      if (heartbeatAt >= startedAt) {
        current.lastHeartbeatAt = heartbeatAt;
        current.heartbeatDetails = decodeFirstPayload(pending.heartbeatDetails);
      }
    }
    if (current.attempt > 1) {
      const previous = this.attempt(pending, current.attempt - 1);
      // Shown after a failure; after a timeout the server shows no end (the timeline derives it from the timeout).
      if (previousEndedAt > 0) previous.endedAt ??= previousEndedAt;
      previous.failure ??= summarizeFailure(pending.lastFailure);
      // Between attempts the server still shows when the one that just ended started.
      if (startedAt > 0 && startedAt <= previousEndedAt) previous.startedAt ??= startedAt;
    }
  }

  private attempt(pending: PendingActivity, attempt: number): ObservedAttempt {
    const activityId = pending.activityId ?? '';
    const key = `${activityId}#${attempt}`;
    let observed = this.attempts.get(key);
    if (!observed) {
      observed = { activityId, activityType: pending.activityType?.name ?? '?', attempt };
      this.attempts.set(key, observed);
    }
    return observed;
  }
}
