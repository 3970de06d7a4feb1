// Reads of the server's state (describe, history) that a busy server answers late or not at all are read again.
// The client already retries what the SDK deems retryable, but within a call; a poll that runs for minutes also
// rides out a deadline exceeded or an exhausted retry budget while the machine is loaded.
import { isGrpcDeadlineError, isGrpcServiceError, isRetryableError } from '@temporalio/client';
import { setTimeout as sleep } from 'node:timers/promises';

const MAX_ATTEMPTS = 8;
const FIRST_BACKOFF_MS = 200;
const MAX_BACKOFF_MS = 3_000;

/** Whether this error (or one of its causes: the client wraps gRPC errors) says "try again later". */
export function isTransientServerError(error: unknown): boolean {
  if (isGrpcDeadlineError(error)) return true;
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    if (isGrpcServiceError(current)) return isRetryableError(current);
  }
  return false;
}

/**
 * The namespace is active in the other region, or on its way there (a handover refuses writes meanwhile): a call
 * the active region will take once the failover has reached it.
 */
export function isNamespaceMovingError(error: unknown): boolean {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    if (isGrpcServiceError(current) && /is a standby cluster|in Handover state/i.test(current.message))
      return true;
  }
  return false;
}

/** Calls `read` until it answers, backing off on transient errors; other errors and an abort end it at once. */
export async function readWithRetries<T>(read: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      if (signal?.aborted || attempt >= MAX_ATTEMPTS || !isTransientServerError(error)) throw error;
      await sleep(Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (attempt - 1)), undefined, { signal });
    }
  }
}
