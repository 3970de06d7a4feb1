// The shape of a run in time, drawn from the server's record only: the workflow's history, and — for the activity
// attempts the history does not keep (it writes one ActivityTaskStarted, for the final attempt) — what describe()
// showed while the run was live. Renderers (the terminal chart, the HTML report) draw this model and decide nothing.
import { defaultPayloadConverter } from '@temporalio/common';
import type { Execution, FailureSummary, HistoryEvent } from './history-events';
import { closeStatus, eventId, protoMs, summarizeFailure } from './history-events';
import type { WorkflowStatus } from './workflow-facts';

/** One activity attempt as describe() showed it while it was pending. Times are epoch ms. */
export interface ObservedAttempt {
  activityId: string;
  activityType: string;
  attempt: number;
  startedAt?: number;
  /** When the attempt ended, as the next attempt's lastAttemptCompleteTime shows it. */
  endedAt?: number;
  failure?: FailureSummary;
  lastHeartbeatAt?: number;
  heartbeatDetails?: unknown;
  workerIdentity?: string;
}

/** How one span ended: an activity attempt's outcome, the timer's, or `running` when the record ends first. */
export type SpanOutcome = 'completed' | 'failed' | 'timed-out' | 'running' | 'fired' | 'canceled';

export interface SpanFailure {
  /** What went wrong: the innermost cause's message. */
  message: string;
  /** The application error's type, e.g. InvalidCreditCard. */
  type?: string;
  /** Set when the server timed the attempt out: START_TO_CLOSE, HEARTBEAT, ... */
  timeoutType?: string;
}

/** Attempts before a span that the record keeps no times for (a history read without describe() observations). */
export interface EarlierAttempts {
  /** Attempts 1…count, all failed or timed out (the server retried each). */
  count: number;
  /** The failure of the attempt just before the span (ActivityTaskStarted.lastFailure). */
  lastFailure?: SpanFailure;
}

/** One activity attempt, or the timer from start to fire/cancel. Times are ms since the workflow started. */
export interface TimelineSpan {
  startMs: number;
  /** Absent while running when the record ends. */
  endMs?: number;
  outcome: SpanOutcome;
  /** Activity attempts only. */
  attempt?: number;
  failure?: SpanFailure;
  /** The last heartbeat details the server held for this attempt (e.g. a packing checkpoint). */
  heartbeatDetails?: unknown;
  /** When the server last heard a heartbeat of this attempt (ms since the workflow started). */
  lastHeartbeatMs?: number;
  /** The worker that ran this attempt, as describe() named it. */
  workerIdentity?: string;
  /** The history events this span is read from (scheduled, started, closed; timer started, fired). */
  eventIds: number[];
  /** Where the times come from: the history, or describe() while the run was live (earlier attempts). */
  source: 'history' | 'describe';
  /** History only: the attempts before this one, whose times the history does not keep. */
  earlierAttempts?: EarlierAttempts;
}

export type MarkKind = 'signal' | 'workflow-task-failed' | 'worker-lost';

/** A moment on a row: a signal received, a workflow task failure, the last sign of life of a worker that died. */
export interface TimelineMark {
  kind: MarkKind;
  atMs: number;
  label: string;
  detail?: string;
  eventId?: number;
}

export type RowKind = 'activity' | 'timer' | 'signal' | 'workflow-task';

export interface TimelineRow {
  kind: RowKind;
  /** Activity type, `approval timer`, the signal's name, `workflow task`. */
  name: string;
  /** The summary the workflow gave the activity or timer (the history's userMetadata.summary). */
  summary?: string;
  /** The activity ID (activities only), which ties describe() observations to the row. */
  activityId?: string;
  /** When the activity was scheduled (activities only): its first attempt began then. */
  scheduledMs?: number;
  /** In time order; the gaps between an activity's attempts are its retries' backoffs. */
  spans: TimelineSpan[];
  marks: TimelineMark[];
}

export interface Timeline {
  workflowId: string;
  runId: string;
  /** When the history says the workflow started (ISO 8601): time 0 of every span and mark. */
  startedAt: string;
  /** From the start to the close event (or to the last event while the run is open). */
  durationMs: number;
  status: WorkflowStatus;
  /** In the order their first event appears in the history. */
  rows: TimelineRow[];
}

/** The run's shape in time from its history, with the earlier attempts describe() showed while it was live. */
export function buildTimeline(
  execution: Execution,
  history: HistoryEvent[],
  observed: readonly ObservedAttempt[] = [],
): Timeline {
  const origin = history[0] ? protoMs(history[0].eventTime) : 0;
  const at = (event: HistoryEvent) => protoMs(event.eventTime) - origin;
  const rows: TimelineRow[] = [];
  const activities = new Map<number, ActivityRecord>();
  const timers = new Map<string, { row: TimelineRow; span: TimelineSpan }>();
  const markRow = (kind: RowKind, name: string): TimelineRow => {
    let row = rows.find((candidate) => candidate.kind === kind && candidate.name === name);
    if (!row) {
      row = { kind, name, spans: [], marks: [] };
      rows.push(row);
    }
    return row;
  };
  let status: WorkflowStatus = 'running';
  let endMs = 0;

  for (const event of history) {
    const id = eventId(event);
    endMs = at(event);
    if (event.activityTaskScheduledEventAttributes) {
      const attributes = event.activityTaskScheduledEventAttributes;
      const row: TimelineRow = {
        kind: 'activity',
        name: attributes.activityType?.name ?? '?',
        summary: summaryOf(event),
        activityId: attributes.activityId ?? undefined,
        scheduledMs: at(event),
        spans: [],
        marks: [],
      };
      rows.push(row);
      activities.set(id, {
        row,
        scheduledMs: at(event),
        scheduledEventId: id,
        heartbeatTimeoutMs: protoMs(attributes.heartbeatTimeout),
        startToCloseTimeoutMs: protoMs(attributes.startToCloseTimeout),
      });
    } else if (event.activityTaskStartedEventAttributes) {
      const attributes = event.activityTaskStartedEventAttributes;
      const activity = activities.get(Number(attributes.scheduledEventId));
      if (activity) {
        activity.started = {
          atMs: at(event),
          eventId: id,
          attempt: attributes.attempt ?? 1,
          previousFailure: summarizeFailure(attributes.lastFailure),
        };
      }
    } else if (activityClose(event)) {
      const close = activityClose(event);
      const activity = close && activities.get(close.scheduledEventId);
      if (activity && close) activity.closed = { atMs: at(event), eventId: id, ...close };
    } else if (event.timerStartedEventAttributes) {
      const row: TimelineRow = {
        kind: 'timer',
        name: 'approval timer',
        summary: summaryOf(event),
        spans: [],
        marks: [],
      };
      const span: TimelineSpan = {
        startMs: at(event),
        outcome: 'running',
        eventIds: [id],
        source: 'history',
      };
      row.spans.push(span);
      rows.push(row);
      timers.set(event.timerStartedEventAttributes.timerId ?? '', { row, span });
    } else if (event.timerFiredEventAttributes ?? event.timerCanceledEventAttributes) {
      const fired = event.timerFiredEventAttributes;
      const timer = timers.get((fired ?? event.timerCanceledEventAttributes)?.timerId ?? '');
      if (timer) {
        Object.assign(timer.span, { endMs: at(event), outcome: fired ? 'fired' : 'canceled' });
        timer.span.eventIds.push(id);
      }
    } else if (event.workflowExecutionSignaledEventAttributes) {
      const name = event.workflowExecutionSignaledEventAttributes.signalName ?? '?';
      markRow('signal', name).marks.push({ kind: 'signal', atMs: at(event), label: name, eventId: id });
    } else if (event.workflowTaskFailedEventAttributes) {
      const failure = summarizeFailure(event.workflowTaskFailedEventAttributes.failure);
      markRow('workflow-task', 'workflow task').marks.push({
        kind: 'workflow-task-failed',
        atMs: at(event),
        label: 'workflow task failed',
        detail: failure?.cause?.message ?? failure?.message,
        eventId: id,
      });
    } else if ((event.workflowTaskScheduledEventAttributes?.attempt ?? 1) > 2) {
      // The server writes only the first failure of a retried workflow task: the next attempt's number tells all.
      const failures = (event.workflowTaskScheduledEventAttributes?.attempt ?? 1) - 1;
      const lastMark = rows.find((row) => row.kind === 'workflow-task')?.marks.at(-1);
      if (lastMark) lastMark.label = `workflow task failed ${failures} times`;
    } else {
      status = closeStatus(event) ?? status;
    }
  }

  for (const activity of activities.values()) {
    activity.row.spans = activitySpans(activity, observed, origin, endMs);
    activity.row.marks = lostWorkers(activity.row);
  }
  return {
    ...execution,
    startedAt: new Date(origin).toISOString(),
    durationMs: endMs,
    status,
    rows,
  };
}

interface ActivityRecord {
  row: TimelineRow;
  scheduledMs: number;
  scheduledEventId: number;
  heartbeatTimeoutMs: number;
  startToCloseTimeoutMs: number;
  /** The one ActivityTaskStarted the history keeps: the final attempt's. */
  started?: { atMs: number; eventId: number; attempt: number; previousFailure?: FailureSummary };
  closed?: { atMs: number; eventId: number; outcome: SpanOutcome; failure?: FailureSummary };
}

/** An activity's closing event: its outcome and failure, and the activity it closes. */
function activityClose(
  event: HistoryEvent,
): { scheduledEventId: number; outcome: SpanOutcome; failure?: FailureSummary } | undefined {
  const completed = event.activityTaskCompletedEventAttributes;
  if (completed) return { scheduledEventId: Number(completed.scheduledEventId), outcome: 'completed' };
  const failed = event.activityTaskFailedEventAttributes;
  if (failed) {
    return {
      scheduledEventId: Number(failed.scheduledEventId),
      outcome: 'failed',
      failure: summarizeFailure(failed.failure),
    };
  }
  const timedOut = event.activityTaskTimedOutEventAttributes;
  if (timedOut) {
    return {
      scheduledEventId: Number(timedOut.scheduledEventId),
      outcome: 'timed-out',
      failure: summarizeFailure(timedOut.failure),
    };
  }
  const canceled = event.activityTaskCanceledEventAttributes;
  if (canceled) return { scheduledEventId: Number(canceled.scheduledEventId), outcome: 'canceled' };
  return undefined;
}

/**
 * The attempts describe() showed before the final one, then the final attempt as the history records it; the
 * attempts before it that nobody observed are summed up on it.
 */
function activitySpans(
  activity: ActivityRecord,
  observed: readonly ObservedAttempt[],
  origin: number,
  endMs: number,
): TimelineSpan[] {
  const { row, started, closed } = activity;
  const sinceStart = (epochMs: number | undefined) => (epochMs === undefined ? undefined : epochMs - origin);
  const attempts = observed.filter((attempt) => attempt.activityId === row.activityId);
  const finalAttempt = started?.attempt ?? Math.max(1, ...attempts.map((attempt) => attempt.attempt));
  const spans: TimelineSpan[] = attempts
    .filter((attempt) => attempt.attempt < finalAttempt)
    .map((attempt) => ({ ...attempt, endedAt: attempt.endedAt ?? timedOutAt(attempt, activity) }))
    .filter((attempt): attempt is ObservedAttempt & { startedAt: number; endedAt: number } =>
      Boolean(attempt.startedAt && attempt.endedAt),
    )
    .map((attempt) => ({
      startMs: attempt.startedAt - origin,
      endMs: attempt.endedAt - origin,
      outcome: attempt.failure?.timeoutType ? 'timed-out' : 'failed',
      attempt: attempt.attempt,
      failure: spanFailure(attempt.failure),
      heartbeatDetails: attempt.heartbeatDetails,
      lastHeartbeatMs: sinceStart(attempt.lastHeartbeatAt),
      workerIdentity: attempt.workerIdentity,
      eventIds: [],
      source: 'describe',
    }));
  const final = attempts.find((attempt) => attempt.attempt === finalAttempt);
  const closedOutcome = closed?.outcome ?? 'running';
  const finalSpan: TimelineSpan = {
    startMs: started?.atMs ?? sinceStart(final?.startedAt) ?? activity.scheduledMs,
    endMs: closed ? closed.atMs : undefined,
    outcome: closedOutcome,
    attempt: finalAttempt,
    failure: spanFailure(closed?.failure),
    heartbeatDetails: final?.heartbeatDetails,
    lastHeartbeatMs: sinceStart(final?.lastHeartbeatAt),
    workerIdentity: final?.workerIdentity,
    eventIds: [activity.scheduledEventId, started?.eventId, closed?.eventId].filter(
      (id): id is number => id !== undefined,
    ),
    source: 'history',
  };
  if (spans.length < finalAttempt - 1) {
    finalSpan.earlierAttempts = {
      count: finalAttempt - 1,
      lastFailure: spanFailure(
        started?.previousFailure ?? attempts.find((attempt) => attempt.attempt === finalAttempt - 1)?.failure,
      ),
    };
  }
  // A run still open when its history was read: the attempt runs on past the last event.
  if (!closed && finalSpan.startMs > endMs) finalSpan.startMs = endMs;
  return [...spans, finalSpan];
}

/**
 * When the server timed an attempt out: describe() shows no end for an attempt that timed out, but its deadline
 * follows from the timeout the history records for the activity.
 */
function timedOutAt(attempt: ObservedAttempt, activity: ActivityRecord): number | undefined {
  switch (attempt.failure?.timeoutType) {
    case 'HEARTBEAT': {
      const lastSignOfLife = attempt.lastHeartbeatAt ?? attempt.startedAt;
      return lastSignOfLife && activity.heartbeatTimeoutMs
        ? lastSignOfLife + activity.heartbeatTimeoutMs
        : undefined;
    }
    case 'START_TO_CLOSE':
      return attempt.startedAt && activity.startToCloseTimeoutMs
        ? attempt.startedAt + activity.startToCloseTimeoutMs
        : undefined;
    default:
      return undefined;
  }
}

/**
 * A worker that died mid-attempt says nothing; the server notices only when heartbeats stop: an attempt timed out
 * by HEARTBEAT is marked where its worker was last heard.
 */
function lostWorkers(row: TimelineRow): TimelineMark[] {
  return row.spans.flatMap((span): TimelineMark[] =>
    span.failure?.timeoutType === 'HEARTBEAT' && span.lastHeartbeatMs !== undefined
      ? [
          {
            kind: 'worker-lost',
            atMs: span.lastHeartbeatMs,
            label: 'worker lost',
            detail:
              `${span.workerIdentity ?? 'the worker'} of attempt ${span.attempt} was last heard here; the server ` +
              'timed the attempt out once its heartbeats stopped (HEARTBEAT)',
          },
        ]
      : [],
  );
}

export function spanFailure(summary: FailureSummary | undefined): SpanFailure | undefined {
  if (!summary) return undefined;
  return {
    message: summary.cause?.message ?? summary.message,
    type: summary.cause?.type,
    timeoutType: summary.timeoutType,
  };
}

/** The summary the workflow gave the command that wrote this event. */
function summaryOf(event: HistoryEvent): string | undefined {
  const summary = event.userMetadata?.summary;
  if (!summary) return undefined;
  const text: unknown = defaultPayloadConverter.fromPayload(summary);
  return typeof text === 'string' ? text : undefined;
}
