// What the server's record says about one workflow run, distilled from its event history. Checks are built on
// these facts only — never on what this process saw or printed.
import type { FailureSummary, HistoryEvent, WorkflowCloseStatus } from './history-events';
import {
  closeStatus,
  decodeFirstPayload,
  decodePayloads,
  eventId,
  protoMs,
  summarizeFailure,
  timeoutTypeName,
} from './history-events';

export type WorkflowStatus = 'running' | WorkflowCloseStatus;

export interface ActivityFacts {
  activityType: string;
  scheduledEventId: number;
  /** The attempt that ended the activity (ActivityTaskStarted.attempt); 0 while none has ended. */
  attempt: number;
  /** The ActivityTaskStarted event (written when the attempt ends). */
  startedEventId?: number;
  outcome: 'pending' | 'completed' | 'failed' | 'timed-out' | 'canceled';
  outcomeEventId?: number;
  result?: unknown;
  failure?: FailureSummary;
  /** The failure of the attempt before the one that ended the activity (ActivityTaskStarted.lastFailure). */
  previousAttemptFailure?: FailureSummary;
}

export interface TimerFacts {
  startedEventId: number;
  durationMs: number;
  firedEventId?: number;
  /** When it fired, as the server recorded it (epoch ms). */
  firedAt?: number;
}

export interface WorkflowFacts {
  workflowId: string;
  runId: string;
  workflowType?: string;
  /** The workflow's arguments, decoded. */
  input: unknown[];
  status: WorkflowStatus;
  closeEventId?: number;
  result?: unknown;
  failure?: FailureSummary;
  activities: ActivityFacts[];
  timers: TimerFacts[];
  /** Each signal as the server recorded it: its event, and when (epoch ms). */
  signals: { name: string; eventId: number; at: number }[];
  /** Updates the workflow accepted (a refused one never enters the history), and when each completed. */
  updates: { name: string; acceptedEventId: number; completedEventId?: number }[];
  /** WorkflowExecutionCancelRequested, when someone asked to cancel the run. */
  cancelRequestedEventId?: number;
  workflowTaskFailures: { eventId: number; message: string }[];
  /** Who completed each workflow task (the worker's identity), and after which event of the history. */
  workflowTaskCompletions: { eventId: number; startedEventId: number; identity: string }[];
  /** Workflow tasks nobody took or finished in time: SCHEDULE_TO_START (a sticky queue), START_TO_CLOSE. */
  workflowTaskTimeouts: { eventId: number; timeoutType: string }[];
  eventCount: number;
}

export function workflowFacts(
  execution: { workflowId: string; runId: string },
  history: HistoryEvent[],
): WorkflowFacts {
  const facts: WorkflowFacts = {
    ...execution,
    input: [],
    status: 'running',
    activities: [],
    timers: [],
    signals: [],
    updates: [],
    workflowTaskFailures: [],
    workflowTaskCompletions: [],
    workflowTaskTimeouts: [],
    eventCount: history.length,
  };
  const activityByScheduledId = new Map<number, ActivityFacts>();
  const timerById = new Map<string, TimerFacts>();
  const activityFor = (scheduledEventId: unknown) => activityByScheduledId.get(Number(scheduledEventId));

  for (const event of history) {
    const id = eventId(event);
    if (event.workflowExecutionStartedEventAttributes) {
      const attributes = event.workflowExecutionStartedEventAttributes;
      facts.workflowType = attributes.workflowType?.name ?? undefined;
      facts.input = decodePayloads(attributes.input);
    } else if (event.activityTaskScheduledEventAttributes) {
      const activity: ActivityFacts = {
        activityType: event.activityTaskScheduledEventAttributes.activityType?.name ?? '?',
        scheduledEventId: id,
        attempt: 0,
        outcome: 'pending',
      };
      activityByScheduledId.set(id, activity);
      facts.activities.push(activity);
    } else if (event.activityTaskStartedEventAttributes) {
      const attributes = event.activityTaskStartedEventAttributes;
      const activity = activityFor(attributes.scheduledEventId);
      if (activity) {
        activity.attempt = attributes.attempt ?? 1;
        activity.startedEventId = id;
        activity.previousAttemptFailure = summarizeFailure(attributes.lastFailure);
      }
    } else if (event.activityTaskCompletedEventAttributes) {
      const activity = activityFor(event.activityTaskCompletedEventAttributes.scheduledEventId);
      if (activity) {
        Object.assign(activity, {
          outcome: 'completed',
          outcomeEventId: id,
          result: decodeFirstPayload(event.activityTaskCompletedEventAttributes.result),
        });
      }
    } else if (event.activityTaskFailedEventAttributes) {
      const activity = activityFor(event.activityTaskFailedEventAttributes.scheduledEventId);
      if (activity) {
        Object.assign(activity, {
          outcome: 'failed',
          outcomeEventId: id,
          failure: summarizeFailure(event.activityTaskFailedEventAttributes.failure),
        });
      }
    } else if (event.activityTaskTimedOutEventAttributes) {
      const activity = activityFor(event.activityTaskTimedOutEventAttributes.scheduledEventId);
      if (activity) {
        Object.assign(activity, {
          outcome: 'timed-out',
          outcomeEventId: id,
          failure: summarizeFailure(event.activityTaskTimedOutEventAttributes.failure),
        });
      }
    } else if (event.activityTaskCanceledEventAttributes) {
      const activity = activityFor(event.activityTaskCanceledEventAttributes.scheduledEventId);
      if (activity) Object.assign(activity, { outcome: 'canceled', outcomeEventId: id });
    } else if (event.timerStartedEventAttributes) {
      const timer = {
        startedEventId: id,
        durationMs: protoMs(event.timerStartedEventAttributes.startToFireTimeout),
      };
      timerById.set(event.timerStartedEventAttributes.timerId ?? '', timer);
      facts.timers.push(timer);
    } else if (event.timerFiredEventAttributes) {
      const timer = timerById.get(event.timerFiredEventAttributes.timerId ?? '');
      if (timer) Object.assign(timer, { firedEventId: id, firedAt: protoMs(event.eventTime) });
    } else if (event.workflowExecutionSignaledEventAttributes) {
      facts.signals.push({
        name: event.workflowExecutionSignaledEventAttributes.signalName ?? '',
        eventId: id,
        at: protoMs(event.eventTime),
      });
    } else if (event.workflowExecutionUpdateAcceptedEventAttributes) {
      const { acceptedRequest } = event.workflowExecutionUpdateAcceptedEventAttributes;
      facts.updates.push({ name: acceptedRequest?.input?.name ?? '', acceptedEventId: id });
    } else if (event.workflowExecutionUpdateCompletedEventAttributes) {
      const acceptedEventId = Number(event.workflowExecutionUpdateCompletedEventAttributes.acceptedEventId);
      const update = facts.updates.find((candidate) => candidate.acceptedEventId === acceptedEventId);
      if (update) update.completedEventId = id;
    } else if (event.workflowExecutionCancelRequestedEventAttributes) {
      facts.cancelRequestedEventId ??= id;
    } else if (event.workflowTaskCompletedEventAttributes) {
      facts.workflowTaskCompletions.push({
        eventId: id,
        startedEventId: Number(event.workflowTaskCompletedEventAttributes.startedEventId ?? 0),
        identity: event.workflowTaskCompletedEventAttributes.identity ?? '',
      });
    } else if (event.workflowTaskTimedOutEventAttributes) {
      facts.workflowTaskTimeouts.push({
        eventId: id,
        timeoutType: timeoutTypeName(event.workflowTaskTimedOutEventAttributes.timeoutType) ?? 'unknown',
      });
    } else if (event.workflowTaskFailedEventAttributes) {
      const failure = summarizeFailure(event.workflowTaskFailedEventAttributes.failure);
      facts.workflowTaskFailures.push({ eventId: id, message: failure?.message ?? '' });
    } else {
      const status = closeStatus(event);
      if (!status) continue;
      facts.status = status;
      facts.closeEventId = id;
      if (event.workflowExecutionCompletedEventAttributes) {
        facts.result = decodeFirstPayload(event.workflowExecutionCompletedEventAttributes.result);
      } else if (event.workflowExecutionFailedEventAttributes) {
        facts.failure = summarizeFailure(event.workflowExecutionFailedEventAttributes.failure);
      }
    }
  }
  return facts;
}

export function activitiesOfType(facts: WorkflowFacts, activityType: string): ActivityFacts[] {
  return facts.activities.filter((activity) => activity.activityType === activityType);
}
