// Reading a workflow's event history from the server: the one source of truth for narration of workflow-level
// steps and for verification. Histories are decoded through the client's codec as they are read (decrypted, with
// --encrypt), so that everything downstream reads plain payloads.
import type {
  Client,
  WorkflowClient,
  WorkflowExecutionDescription,
  WorkflowHandle,
} from '@temporalio/client';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Payload } from '@temporalio/common';
import { arrayFromPayloads, defaultPayloadConverter } from '@temporalio/common';
import {
  decode,
  visit,
  walkDescribeWorkflowExecutionResponse,
  walkGetWorkflowExecutionHistoryResponse,
} from '@temporalio/common/lib/internal-non-workflow';
import { tsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import type { ActivityRetry } from '../events/events';
import { isEncrypted, KEY_ID_METADATA } from './encryption-codec';
import { EncryptionKeyError, KEY_ENV } from './encryption-keys';
import { readWithRetries } from './transient-errors';

export type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
type History = temporal.api.history.v1.IHistory;
type Failure = temporal.api.failure.v1.IFailure;
type Payloads = temporal.api.common.v1.IPayloads;

export interface Execution {
  workflowId: string;
  runId: string;
}

export function decodeFirstPayload(payloads: Payloads | null | undefined): unknown {
  const first = payloads?.payloads?.[0];
  return first ? defaultPayloadConverter.fromPayload(first) : undefined;
}

/** Every value of a payload list (a workflow's arguments), decoded. */
export function decodePayloads(payloads: Payloads | null | undefined): unknown[] {
  return arrayFromPayloads(defaultPayloadConverter, payloads?.payloads);
}

/** Milliseconds of a protobuf Duration (or Timestamp); 0 when absent. */
export function protoMs(value: { seconds?: unknown; nanos?: number | null } | null | undefined): number {
  if (!value) return 0;
  // A history read from JSON (historyFromJSON, the recorded fixtures) holds plain numbers where the server's holds Longs.
  if (typeof value.seconds === 'number') return value.seconds * 1000 + Math.floor((value.nanos ?? 0) / 1e6);
  return tsToMs(value as Parameters<typeof tsToMs>[0]);
}

export function eventId(event: HistoryEvent): number {
  return Number(event.eventId ?? 0);
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

const { RetryState, TimeoutType } = temporal.api.enums.v1;

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

/** A payload as the server holds it, for a process without the codec that wrote it: refused with its key ID. */
function refuseEncrypted(payload: Payload): Payload {
  if (!isEncrypted(payload)) return payload;
  const id = new TextDecoder().decode(payload.metadata?.[KEY_ID_METADATA] ?? new Uint8Array());
  throw new EncryptionKeyError(
    `a payload is encrypted with key "${id}": read it with --encrypt and that key (${KEY_ENV} or --encryption-key-file)`,
  );
}

/**
 * Decodes, in place, every payload of a server response through the client's codecs (none without --encrypt, when
 * an encrypted payload is refused with its key ID rather than misread).
 */
async function decodeResponse<Response>(
  client: Client | WorkflowClient,
  response: Response,
  walk: Parameters<typeof visit<Response>>[1],
): Promise<Response> {
  const codecs = client.options.loadedDataConverter.payloadCodecs;
  const decodeAll = async (payloads: Payload[]) =>
    codecs.length > 0 ? decode(codecs, payloads) : payloads.map(refuseEncrypted);
  await visit(response, walk, {
    transformPayloads: decodeAll,
    transformPayload: async (payload) => (await decodeAll([payload]))[0],
    // Search attributes are indexed by the server: no codec ever touches them.
    skipSearchAttributes: true,
  });
  return response;
}

/** The history of a run as the server holds it: payloads as they were written (encrypted, with --encrypt). */
export async function fetchRawHistory(client: Client, execution: Execution): Promise<History> {
  const handle = client.workflow.getHandle(execution.workflowId, execution.runId);
  return readWithRetries(() => handle.fetchHistory());
}

/** The history of a run, its payloads decoded. */
export async function fetchHistory(client: Client, execution: Execution): Promise<HistoryEvent[]> {
  const { history } = await decodeResponse(
    client,
    { history: await fetchRawHistory(client, execution) },
    walkGetWorkflowExecutionHistoryResponse,
  );
  return history.events ?? [];
}

/** The server's description of a run, its payloads (heartbeat details, failures) decoded. */
export async function describeDecoded(handle: WorkflowHandle): Promise<WorkflowExecutionDescription> {
  const description = await handle.describe();
  await decodeResponse(handle.client, description.raw, walkDescribeWorkflowExecutionResponse);
  return description;
}

/** Reads the run's first event (its input) through the codec: fails with the key ID if the keys here do not fit. */
export async function checkKeysDecrypt(client: Client, execution: Partial<Execution>): Promise<void> {
  const response = await client.workflowService.getWorkflowExecutionHistory({
    namespace: client.options.namespace,
    execution,
    maximumPageSize: 1,
  });
  await decodeResponse(client, response, walkGetWorkflowExecutionHistoryResponse);
}

/** How often the history is read again where the server offers no long poll. */
const POLL_EVERY_MS = 200;

/**
 * Calls `onEvent` for each history event as the server records it, until the workflow closes or `signal` aborts:
 * with the server's long poll, or (`longPoll: false`, for the time-skipping test server, which answers a long
 * poll only once the workflow is done) by reading the history again every POLL_EVERY_MS.
 */
export async function followHistory(
  client: Client,
  execution: Execution,
  signal: AbortSignal,
  onEvent: (event: HistoryEvent) => void,
  options: { longPoll: boolean },
): Promise<void> {
  if (!options.longPoll) return pollHistory(client, execution, signal, onEvent);
  let nextPageToken: Uint8Array | undefined;
  do {
    if (signal.aborted) return;
    const response = await historyPage(client, execution, signal, nextPageToken, true);
    for (const event of response.history?.events ?? []) onEvent(event);
    nextPageToken = response.nextPageToken?.length ? response.nextPageToken : undefined;
  } while (nextPageToken);
}

async function pollHistory(
  client: Client,
  execution: Execution,
  signal: AbortSignal,
  onEvent: (event: HistoryEvent) => void,
): Promise<void> {
  let seen = 0;
  for (;;) {
    const events: HistoryEvent[] = [];
    let nextPageToken: Uint8Array | undefined;
    do {
      const response = await historyPage(client, execution, signal, nextPageToken, false);
      events.push(...(response.history?.events ?? []));
      nextPageToken = response.nextPageToken?.length ? response.nextPageToken : undefined;
    } while (nextPageToken);
    for (const event of events.slice(seen)) onEvent(event);
    seen = Math.max(seen, events.length);
    if (events.some((event) => closeStatus(event)) || signal.aborted) return;
    await sleep(POLL_EVERY_MS, undefined, { signal });
  }
}

async function historyPage(
  client: Client,
  execution: Execution,
  signal: AbortSignal,
  nextPageToken: Uint8Array | undefined,
  waitNewEvent: boolean,
) {
  // One short-lived signal per call: the client leaves a listener on the signal it is given.
  const call = new AbortController();
  const abortCall = () => call.abort(signal.reason);
  signal.addEventListener('abort', abortCall, { once: true });
  try {
    const response = await readWithRetries(
      () =>
        client.withAbortSignal(call.signal, () =>
          client.workflowService.getWorkflowExecutionHistory({
            namespace: client.options.namespace,
            execution,
            nextPageToken,
            waitNewEvent,
          }),
        ),
      signal,
    );
    return await decodeResponse(client, response, walkGetWorkflowExecutionHistoryResponse);
  } finally {
    signal.removeEventListener('abort', abortCall);
  }
}
