// Narrates what the server records for one workflow run: the approval timer, signals and updates, a cancellation
// request, compensations, workflow task failures, the outcome, and (when the activities run elsewhere) activity
// results. When the activities report to this process, also narrates the backoff the server chose before each
// retry, from its description of the run, which also gives the activity attempts the history does not keep (for
// the timeline), and an activity that failed on a worker that does not have it.
import type { Client, WorkflowExecutionDescription } from '@temporalio/client';
import { COMPENSATION } from '../domain/contract';
import type { EventBus } from '../events/event-bus';
import type { ObservedAttempt } from '../verification/timeline';
import { AttemptRecorder } from './attempt-recorder';
import { pollDescriptions } from './describe-poller';
import type { temporal } from '@temporalio/proto';
import type { Execution, HistoryEvent } from '../verification/history-events';
import { followHistory } from './history';
import {
  activityAttemptFailure,
  closeStatus,
  decodeFirstPayload,
  protoMs,
  summarizeFailure,
} from '../verification/history-events';

export interface WatchOptions {
  /** Narrate activity outcomes from the history (for workers that report nothing to this process). */
  activitiesFromHistory: boolean;
  /** Whether the server answers history long polls as they happen (the time-skipping test server does not). */
  longPoll: boolean;
  /** Called once the history shows the approval timer started: the workflow now waits for approve_order. */
  onWaitingForApproval?: () => void;
  /** Called with each workflow task failure the history records. */
  onWorkflowTaskFailed?: (failure: temporal.api.failure.v1.IFailure | null | undefined) => void;
}

/** How often the server's description is read for the attempts and retries of activities. */
const DESCRIBE_POLL_MS = 100;

const COMPENSATION_TYPES: readonly string[] = Object.values(COMPENSATION);

/**
 * Narrates the run until it closes or `signal` aborts, then resolves with the activity attempts describe() showed
 * meanwhile.
 */
export async function watchWorkflow(
  client: Client,
  execution: Execution,
  events: EventBus,
  signal: AbortSignal,
  options: WatchOptions,
): Promise<ObservedAttempt[]> {
  const activityTypes = new Map<number, string>();
  const startedAttempts = new Map<number, number>();
  const watched = new AbortController();
  const recorder = new AttemptRecorder();
  const narrateRetries = retryNarrator(events);
  const narrateUnregistered = unregisteredNarrator(events);
  // The history shows a retried failure only once the activity closed: attempts and backoffs are read while it is
  // pending.
  const describing = watchDescriptions(
    client,
    execution,
    AbortSignal.any([signal, watched.signal]),
    (description) => {
      recorder.observe(description);
      narrateUnregistered(description);
      if (!options.activitiesFromHistory) narrateRetries(description);
    },
  );
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
    watched.abort();
    await describing;
  }
  return recorder.observed;
}

function narrate(
  event: HistoryEvent,
  events: EventBus,
  options: WatchOptions,
  activityTypes: Map<number, string>,
  startedAttempts: Map<number, number>,
): void {
  if (event.activityTaskScheduledEventAttributes) {
    const activity = event.activityTaskScheduledEventAttributes.activityType?.name ?? '?';
    activityTypes.set(Number(event.eventId), activity);
    if (COMPENSATION_TYPES.includes(activity)) events.emit({ type: 'compensation.scheduled', activity });
  } else if (event.activityTaskStartedEventAttributes) {
    const attributes = event.activityTaskStartedEventAttributes;
    startedAttempts.set(Number(attributes.scheduledEventId), attributes.attempt ?? 1);
    if (options.activitiesFromHistory) narrateActivityOutcome(event, events, activityTypes, startedAttempts);
  } else if (event.timerStartedEventAttributes) {
    events.emit({
      type: 'approval.waiting',
      windowMs: protoMs(event.timerStartedEventAttributes.startToFireTimeout),
    });
    options.onWaitingForApproval?.();
  } else if (event.timerFiredEventAttributes) {
    events.emit({ type: 'approval.expired' });
  } else if (event.workflowExecutionSignaledEventAttributes) {
    events.emit({
      type: 'signal.received',
      signal: event.workflowExecutionSignaledEventAttributes.signalName ?? '',
    });
  } else if (event.workflowExecutionUpdateAcceptedEventAttributes) {
    events.emit({
      type: 'update.accepted',
      update: event.workflowExecutionUpdateAcceptedEventAttributes.acceptedRequest?.input?.name ?? '',
    });
  } else if (event.workflowExecutionCancelRequestedEventAttributes) {
    events.emit({ type: 'cancel.received' });
  } else if (event.workflowTaskFailedEventAttributes) {
    const failure = summarizeFailure(event.workflowTaskFailedEventAttributes.failure);
    events.emit({ type: 'workflow-task.failed', message: failure?.message ?? 'workflow task failed' });
    options.onWorkflowTaskFailed?.(event.workflowTaskFailedEventAttributes.failure);
  } else if (closeStatus(event)) {
    narrateClose(event, events);
  } else if (options.activitiesFromHistory) {
    narrateActivityOutcome(event, events, activityTypes, startedAttempts);
  }
}

/** The run's outcome; a continue-as-new is not part of this workflow's story. */
function narrateClose(event: HistoryEvent, events: EventBus): void {
  const status = closeStatus(event);
  if (status === 'completed') {
    const result = decodeFirstPayload(event.workflowExecutionCompletedEventAttributes?.result);
    events.emit({ type: 'workflow.completed', result: String(result) });
  } else if (status === 'failed') {
    const failure = summarizeFailure(event.workflowExecutionFailedEventAttributes?.failure);
    events.emit({
      type: 'workflow.failed',
      message: failure?.message ?? 'workflow failed',
      cause: failure?.cause?.message,
      causeType: failure?.cause?.type,
      activity: failure?.activity,
    });
  } else if (status === 'canceled') {
    events.emit({ type: 'workflow.cancelled' });
  } else if (status === 'timed-out' || status === 'terminated') {
    events.emit({ type: 'workflow.failed', message: status === 'terminated' ? 'terminated' : 'timed out' });
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
    event.activityTaskTimedOutEventAttributes ??
    event.activityTaskCanceledEventAttributes;
  if (!outcome) return;
  const scheduledEventId = Number(outcome.scheduledEventId);
  const activity = activityTypes.get(scheduledEventId) ?? '?';
  const attempt = startedAttempts.get(scheduledEventId) ?? 1;
  if (event.activityTaskCompletedEventAttributes) {
    const result = decodeFirstPayload(event.activityTaskCompletedEventAttributes.result);
    events.emit({ type: 'activity.completed', activity, attempt, result: String(result) });
    return;
  }
  if (event.activityTaskCanceledEventAttributes) {
    events.emit({ type: 'activity.cancelled', activity, attempt });
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

type PendingActivity = NonNullable<WorkflowExecutionDescription['raw']['pendingActivities']>[number];

/** Reads the server's description of the run until it closes or `signal` aborts. */
async function watchDescriptions(
  client: Client,
  execution: Execution,
  signal: AbortSignal,
  onDescription: (description: WorkflowExecutionDescription) => void,
): Promise<void> {
  const handle = client.workflow.getHandle(execution.workflowId, execution.runId);
  // Narration and the timeline's earlier attempts only: a server that cannot be described leaves them untold,
  // never the run unfollowed.
  await pollDescriptions(handle, DESCRIBE_POLL_MS, signal, onDescription).catch(() => undefined);
}

/**
 * Narrates each retry the server schedules after an attempt failed on a worker, with the backoff it chose, once
 * per attempt. A retry after a timeout (a crashed worker's heartbeat) is not a failure any worker reported: the
 * scenario that causes it narrates it.
 */
function retryNarrator(events: EventBus): (description: WorkflowExecutionDescription) => void {
  const narratedAttempts = new Map<string, number>();
  return ({ raw }: WorkflowExecutionDescription) => {
    for (const pending of raw.pendingActivities ?? []) {
      const attempt = pending.attempt ?? 1;
      const activityId = pending.activityId ?? '';
      if (!pending.lastFailure?.applicationFailureInfo) continue;
      if (attempt <= (narratedAttempts.get(activityId) ?? 1)) continue;
      narratedAttempts.set(activityId, attempt);
      events.emit({
        type: 'activity.retry-scheduled',
        activity: pending.activityType?.name ?? '?',
        nextAttempt: attempt,
        delayMs: backoffMs(pending),
      });
    }
  };
}

/**
 * Tells, once per attempt, of an activity that failed because the worker that took it does not have it: an order
 * with compensation served by the Python sample's activity worker, which has none. The server retries it until a
 * worker that has it (order-demo's) takes it.
 */
function unregisteredNarrator(events: EventBus): (description: WorkflowExecutionDescription) => void {
  const told = new Set<string>();
  return ({ raw }: WorkflowExecutionDescription) => {
    for (const pending of raw.pendingActivities ?? []) {
      const failure = pending.lastFailure;
      if (!failure || !isNotRegistered(failure)) continue;
      const attempt = (pending.attempt ?? 2) - 1;
      const key = `${pending.activityId}#${attempt}`;
      if (told.has(key)) continue;
      told.add(key);
      events.emit({
        type: 'activity.unregistered',
        activity: pending.activityType?.name ?? '?',
        attempt,
        worker: pending.lastWorkerIdentity ?? undefined,
        message: failure.message ?? '',
      });
    }
  };
}

/** The failure both SDKs give an activity their worker does not have: a NotFoundError, "… is not registered …". */
export function isNotRegistered(failure: {
  message?: string | null;
  applicationFailureInfo?: { type?: string | null } | null;
}): boolean {
  return (
    failure.applicationFailureInfo?.type === 'NotFoundError' &&
    /is not registered/i.test(failure.message ?? '')
  );
}

/** The backoff the server chose: from the end of the failed attempt to when the next one is scheduled. */
function backoffMs(pending: PendingActivity): number {
  // The scheduled time is shown only until the attempt starts; currentRetryInterval names the interval after this
  // one as soon as this backoff has elapsed.
  const scheduledIn = protoMs(pending.scheduledTime) - protoMs(pending.lastAttemptCompleteTime);
  return pending.scheduledTime && pending.lastAttemptCompleteTime && scheduledIn >= 0
    ? scheduledIn
    : protoMs(pending.currentRetryInterval);
}
