import type { WorkflowExecutionDescription, WorkflowHandle } from '@temporalio/client';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Calls `onDescription` with the server's description of the workflow every `intervalMs`, until the workflow
 * closes or `signal` aborts. For what only describe() shows: pending activities' heartbeat details and attempts,
 * the pending workflow task's attempt.
 */
export async function pollDescriptions(
  handle: WorkflowHandle,
  intervalMs: number,
  signal: AbortSignal,
  onDescription: (description: WorkflowExecutionDescription) => void,
): Promise<void> {
  try {
    while (!signal.aborted) {
      const description = await handle.describe();
      onDescription(description);
      if (description.status.name !== 'RUNNING') return;
      await sleep(intervalMs, undefined, { signal });
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  }
}
