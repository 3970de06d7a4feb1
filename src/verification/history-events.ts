// Reading facts from a workflow's event history and the server's descriptions, with no server in sight: the pure
// half of history reading, shared by verification, the timeline and the narration of what the server records.
import type { Payload } from '@temporalio/common';
import { arrayFromPayloads, defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { ActivityRetry } from '../events/events';

export type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
type Failure = temporal.api.failure.v1.IFailure;
type Payloads = temporal.api.common.v1.IPayloads;

const { EventType, RetryState, TimeoutType } = temporal.api.enums.v1;

export interface Execution {
  workflowId: string;
  runId: string;
}

/** A payload of a history, with the event that holds it. */
export interface PayloadAt {
  event: HistoryEvent;
  payload: Payload;
}

export function decodeFirstPayload(payloads: Payloads | null | undefined): unknown {
  const first = payloads?.payloads?.[0];
  return first ? defaultPayloadConverter.fromPayload(first) : undefined;
}

/** Every value of a payload list (a workflow's arguments), decoded. */
export function decodePayloads(payloads: Payloads | null | undefined): unknown[] {
  return arrayFromPayloads(defaultPayloadConverter, payloads?.payloads);
}

/**
 * Milliseconds of a protobuf Duration (or Timestamp); 0 when absent. Seconds are a Long from the server and a plain
 * number in a history read from JSON (the recorded fixtures): both print as their decimal value.
 */
export function protoMs(value: { seconds?: unknown; nanos?: number | null } | null | undefined): number {
  if (!value) return 0;
  return Number(String(value.seconds ?? 0)) * 1000 + Math.floor((value.nanos ?? 0) / 1e6);
}

export function eventId(event: HistoryEvent): number {
  return Number(event.eventId ?? 0);
}

/** The event's type as people read it in the Web UI: ActivityTaskScheduled, MarkerRecorded, … */
export function eventTypeName(event: HistoryEvent): string {
  const name = EventType[event.eventType ?? 0] ?? 'EVENT_TYPE_UNSPECIFIED';
  return name
    .replace(/^EVENT_TYPE_/, '')
    .toLowerCase()
    .replace(/(^|_)([a-z])/g, (_, _separator: string, letter: string) => letter.toUpperCase());
}

/** The marker the SDKs record for `patched()` and `deprecatePatch()`. */
const PATCH_MARKER = 'core_patch';

/** The patch a MarkerRecorded event records, if it records one: its ID, and whether it was deprecated. */
export function patchMarkerOf(event: HistoryEvent): { patchId: string; deprecated: boolean } | undefined {
  const marker = event.markerRecordedEventAttributes;
  if (marker?.markerName !== PATCH_MARKER) return undefined;
  const data = decodeFirstPayload(marker.details?.['patch-data']) as { id?: unknown; deprecated?: unknown };
  return typeof data?.id === 'string'
    ? { patchId: data.id, deprecated: data.deprecated === true }
    : undefined;
}

/** How a workflow run ended, as its close event records it. */
export type WorkflowCloseStatus =
  'completed' | 'failed' | 'timed-out' | 'terminated' | 'canceled' | 'continued';

/** The status this event closes the run with; undefined for every event that does not close it. */
export function closeStatus(event: HistoryEvent): WorkflowCloseStatus | undefined {
  if (event.workflowExecutionCompletedEventAttributes) return 'completed';
  if (event.workflowExecutionFailedEventAttributes) return 'failed';
  if (event.workflowExecutionTimedOutEventAttributes) return 'timed-out';
  if (event.workflowExecutionTerminatedEventAttributes) return 'terminated';
  if (event.workflowExecutionCanceledEventAttributes) return 'canceled';
  if (event.workflowExecutionContinuedAsNewEventAttributes) return 'continued';
  return undefined;
}

export interface FailureSummary {
  message: string;
  /** The innermost cause: what actually went wrong. */
  cause?: { message: string; type?: string; nonRetryable?: boolean };
  /** The activity whose failure failed the workflow, if one did. */
  activity?: string;
  /** ActivityTaskTimedOut: START_TO_CLOSE, HEARTBEAT, ... */
  timeoutType?: string;
}

/** START_TO_CLOSE, HEARTBEAT, ...: the enum's name without its prefix; undefined when unspecified. */
export function timeoutTypeName(
  value: temporal.api.enums.v1.TimeoutType | null | undefined,
): string | undefined {
  if (!value) return undefined;
  return TimeoutType[value]?.replace(/^TIMEOUT_TYPE_/, '');
}

export function summarizeFailure(failure: Failure | null | undefined): FailureSummary | undefined {
  if (!failure) return undefined;
  let activity: string | undefined;
  let timeoutType: string | undefined;
  let innermost: Failure = failure;
  for (let current: Failure | null | undefined = failure; current; current = current.cause) {
    activity ??= current.activityFailureInfo?.activityType?.name ?? undefined;
    timeoutType ??= timeoutTypeName(current.timeoutFailureInfo?.timeoutType);
    innermost = current;
  }
  return {
    message: failure.message ?? '',
    cause:
      innermost === failure && !failure.applicationFailureInfo
        ? undefined
        : {
            message: innermost.message ?? '',
            type: innermost.applicationFailureInfo?.type ?? undefined,
            nonRetryable: innermost.applicationFailureInfo?.nonRetryable ?? undefined,
          },
    activity,
    timeoutType,
  };
}

/** A failed activity attempt as the history records it, and whether the server tries the activity again. */
export interface AttemptFailure {
  /** What went wrong: the innermost cause's message. */
  message: string;
  /** The application error's type, e.g. InvalidCreditCard. */
  errorType?: string;
  /** Set when the server timed the attempt out: START_TO_CLOSE, HEARTBEAT, ... */
  timeoutType?: string;
  retry: ActivityRetry;
}

/**
 * The failed attempt an activity event records. ActivityTaskFailed and ActivityTaskTimedOut record the last
 * attempt, and their retryState why none follows; ActivityTaskStarted's lastFailure records the attempt before
 * it, which the server retried. The history keeps no other failed attempts.
 */
export function activityAttemptFailure(event: HistoryEvent): AttemptFailure | undefined {
  const closed = event.activityTaskFailedEventAttributes ?? event.activityTaskTimedOutEventAttributes;
  const summary = summarizeFailure(
    closed ? closed.failure : event.activityTaskStartedEventAttributes?.lastFailure,
  );
  if (!summary) return undefined;
  return {
    message: summary.cause?.message ?? summary.message,
    errorType: summary.cause?.type,
    timeoutType: summary.timeoutType,
    retry: closed ? retryAfter(closed.retryState) : 'retrying',
  };
}

function retryAfter(state: temporal.api.enums.v1.RetryState | null | undefined): ActivityRetry {
  switch (state) {
    case RetryState.RETRY_STATE_IN_PROGRESS:
      return 'retrying';
    case RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE:
      return 'non-retryable';
    case RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED:
      return 'retries-exhausted';
    case RetryState.RETRY_STATE_TIMEOUT:
      return 'out-of-time';
    default:
      return 'not-retried';
  }
}
