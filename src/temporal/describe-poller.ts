import type { WorkflowExecutionDescription, WorkflowHandle } from '@temporalio/client';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeDecoded } from './history';
import { readWithRetries } from './transient-errors';

/**
 * Calls `onDescription` with the server's description of the workflow every `intervalMs`, until the workflow
 * closes or `signal` aborts. For what only describe() shows: pending activities' heartbeat details and attempts,
 * the pending workflow task's attempt. A server too busy to answer is asked again (see transient-errors.ts).
 */
export async function pollDescriptions(
  handle: WorkflowHandle,
  intervalMs: number,
  signal: AbortSignal,
  onDescription: (description: WorkflowExecutionDescription) => void,
): Promise<void> {
  try {
    while (!signal.aborted) {
      const description = await readWithRetries(() => describeDecoded(handle), signal);
      onDescription(description);
      if (description.status.name !== 'RUNNING') return;
      await sleep(intervalMs, undefined, { signal });
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  }
}

/**
 * Resolves once the server's description of the workflow `matches` (true), or once the workflow closed without it
 * ever matching (false). For a run that waits on the server's state: an activity in flight, a checkpoint held.
 */
export async function untilDescribed(
  handle: WorkflowHandle,
  intervalMs: number,
  signal: AbortSignal,
  matches: (description: WorkflowExecutionDescription) => boolean,
): Promise<boolean> {
  const seen = new AbortController();
  await pollDescriptions(handle, intervalMs, AbortSignal.any([signal, seen.signal]), (description) => {
    if (matches(description)) seen.abort();
  });
  signal.throwIfAborted();
  return seen.signal.aborted;
}
