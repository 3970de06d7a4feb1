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
import type { temporal } from '@temporalio/proto';
import { isEncrypted, keyIdOf } from '../domain/payload-encryption';
import type { Execution, HistoryEvent, PayloadAt } from '../verification/history-events';
import { closeStatus } from '../verification/history-events';
import { EncryptionKeyError, KEY_ENV } from './encryption-keys';
import {
  decode,
  visit,
  walkDescribeWorkflowExecutionResponse,
  walkGetWorkflowExecutionHistoryResponse,
} from './sdk-internals';
import { readWithRetries } from './transient-errors';

type History = temporal.api.history.v1.IHistory;

/** A payload as the server holds it, for a process without the codec that wrote it: refused with its key ID. */
function refuseEncrypted(payload: Payload): Payload {
  if (!isEncrypted(payload)) return payload;
  const id = keyIdOf(payload);
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

/**
 * Every payload of these events as the server holds them (search attributes aside: the server indexes them, no
 * codec touches them), each with the event that holds it.
 */
export async function payloadsOf(events: readonly HistoryEvent[]): Promise<PayloadAt[]> {
  const found: PayloadAt[] = [];
  for (const event of events) {
    // The SDK walks whole history responses: one event at a time tells which event holds each payload.
    await visit({ history: { events: [event] } }, walkGetWorkflowExecutionHistoryResponse, {
      transformPayloads: async (payloads) => {
        found.push(...payloads.map((payload) => ({ event, payload })));
        return payloads;
      },
      transformPayload: async (payload) => {
        found.push({ event, payload });
        return payload;
      },
      skipSearchAttributes: true,
    });
  }
  return found;
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
