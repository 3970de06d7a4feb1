// Narrates what the server records for one workflow run: the approval timer, signals, workflow task failures,
// the outcome, and (when the activities run elsewhere) activity results. Also asks the server for the backoff
// before each retry of a failed activity attempt.
import type { Client } from '@temporalio/client';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EventBus } from '../events/event-bus';
import type { Execution, HistoryEvent } from './history';
import {
  activityAttemptFailure,
  decodeFirstPayload,
  followHistory,
  protoMs,
  summarizeFailure,
} from './history';

export interface WatchOptions {
  /** Narrate activity outcomes from the history (for workers that report nothing to this process). */
  activitiesFromHistory: boolean;
  /** Whether the server answers history long polls as they happen (the time-skipping test server does not). */
  longPoll: boolean;
}

export async function watchWorkflow(
  client: Client,
  execution: Execution,
  events: EventBus,
  signal: AbortSignal,
  options: WatchOptions,
): Promise<void> {
  const activityTypes = new Map<number, string>();
  const startedAttempts = new Map<number, number>();
  const stopRetryWatch = events.subscribe((event) => {
    // The history shows a retried failure only once the activity closed: no backoff is left to report.
    if (event.type === 'activity.failed' && event.retry === 'retrying' && !options.activitiesFromHistory) {
      // Narration only: a workflow that closed meanwhile, or an abort, simply ends the watch.
      reportRetryBackoff(client, execution, event.activity, event.attempt, events, signal).catch(
        () => undefined,
      );
    }
  });
  try {
    await followHistory(
      client,
      execution,
      signal,
      (event) => narrate(event, events, options, activityTypes, startedAttempts),
      { longPoll: options.longPoll },
    );
  } catch (error) {
    if (!signal.aborted) throw error;
  } finally {
    stopRetryWatch();
  }
}

function narrate(
  event: HistoryEvent,
  events: EventBus,
  options: WatchOptions,
  activityTypes: Map<number, string>,
  startedAttempts: Map<number, number>,
): void {
  if (event.activityTaskScheduledEventAttributes) {
    activityTypes.set(
      Number(event.eventId),
      event.activityTaskScheduledEventAttributes.activityType?.name ?? '?',
    );
  } else if (event.activityTaskStartedEventAttributes) {
    const attributes = event.activityTaskStartedEventAttributes;
    startedAttempts.set(Number(attributes.scheduledEventId), attributes.attempt ?? 1);
    if (options.activitiesFromHistory) narrateActivityOutcome(event, events, activityTypes, startedAttempts);
  } else if (event.timerStartedEventAttributes) {
    events.emit({
      type: 'approval.waiting',
      windowMs: protoMs(event.timerStartedEventAttributes.startToFireTimeout),
    });
  } else if (event.timerFiredEventAttributes) {
    events.emit({ type: 'approval.expired' });
  } else if (event.workflowExecutionSignaledEventAttributes) {
    events.emit({
      type: 'signal.received',
      signal: event.workflowExecutionSignaledEventAttributes.signalName ?? '',
    });
  } else if (event.workflowTaskFailedEventAttributes) {
    const failure = summarizeFailure(event.workflowTaskFailedEventAttributes.failure);
    events.emit({ type: 'workflow-task.failed', message: failure?.message ?? 'workflow task failed' });
  } else if (event.workflowExecutionCompletedEventAttributes) {
    const result = decodeFirstPayload(event.workflowExecutionCompletedEventAttributes.result);
    events.emit({ type: 'workflow.completed', result: String(result) });
  } else if (event.workflowExecutionFailedEventAttributes) {
    const failure = summarizeFailure(event.workflowExecutionFailedEventAttributes.failure);
    events.emit({
      type: 'workflow.failed',
      message: failure?.message ?? 'workflow failed',
      cause: failure?.cause?.message,
      causeType: failure?.cause?.type,
      activity: failure?.activity,
    });
  } else if (
    event.workflowExecutionTimedOutEventAttributes ||
    event.workflowExecutionTerminatedEventAttributes
  ) {
    events.emit({
      type: 'workflow.failed',
      message: event.workflowExecutionTerminatedEventAttributes ? 'terminated' : 'timed out',
    });
  } else if (options.activitiesFromHistory) {
    narrateActivityOutcome(event, events, activityTypes, startedAttempts);
  }
}

/** An activity attempt's result or failure, and (from ActivityTaskStarted) the failure of the attempt before. */
function narrateActivityOutcome(
  event: HistoryEvent,
  events: EventBus,
  activityTypes: Map<number, string>,
  startedAttempts: Map<number, number>,
): void {
  const outcome =
    event.activityTaskStartedEventAttributes ??
    event.activityTaskCompletedEventAttributes ??
    event.activityTaskFailedEventAttributes ??
    event.activityTaskTimedOutEventAttributes;
  if (!outcome) return;
  const scheduledEventId = Number(outcome.scheduledEventId);
  const activity = activityTypes.get(scheduledEventId) ?? '?';
  const attempt = startedAttempts.get(scheduledEventId) ?? 1;
  if (event.activityTaskCompletedEventAttributes) {
    const result = decodeFirstPayload(event.activityTaskCompletedEventAttributes.result);
    events.emit({ type: 'activity.completed', activity, attempt, result: String(result) });
    return;
  }
  const failure = activityAttemptFailure(event);
  if (!failure) return;
  events.emit({
    type: 'activity.failed',
    activity,
    attempt: event.activityTaskStartedEventAttributes ? attempt - 1 : attempt,
    ...failure,
  });
}

const RETRY_POLL_MS = 100;
const RETRY_POLL_LIMIT = 30;

/** After a retryable failure, asks the server when the next attempt is due (it decides the backoff). */
async function reportRetryBackoff(
  client: Client,
  execution: Execution,
  activity: string,
  failedAttempt: number,
  events: EventBus,
  signal: AbortSignal,
): Promise<void> {
  const handle = client.workflow.getHandle(execution.workflowId, execution.runId);
  for (let poll = 0; poll < RETRY_POLL_LIMIT && !signal.aborted; poll++) {
    const { raw } = await handle.describe();
    const pending = raw.pendingActivities?.find(
      (candidate) => candidate.activityType?.name === activity && (candidate.attempt ?? 0) > failedAttempt,
    );
    if (pending) {
      // The backoff the server chose: from the end of the failed attempt to when the next one is scheduled.
      // (currentRetryInterval names the interval after this one as soon as this backoff has elapsed.)
      const scheduledIn = protoMs(pending.scheduledTime) - protoMs(pending.lastAttemptCompleteTime);
      const delayMs =
        pending.scheduledTime && pending.lastAttemptCompleteTime && scheduledIn >= 0
          ? scheduledIn
          : protoMs(pending.currentRetryInterval);
      events.emit({
        type: 'activity.retry-scheduled',
        activity,
        nextAttempt: pending.attempt ?? failedAttempt + 1,
        delayMs,
      });
      return;
    }
    await sleep(RETRY_POLL_MS, undefined, { signal });
  }
}
