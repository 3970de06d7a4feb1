// How the activities call the external systems: with a caller taken from what Temporal tells the activity (so the
// idempotency keys stay the same across retries), and with repeated calls reported for the narration.
import type { Info } from '@temporalio/activity';
import type { ActivityProgressEvent } from '../events/events';
import type { Caller, ServiceReply } from '../services/effects';

export function callerOf(info: Info): Caller {
  const workflowId = info.workflowExecution?.workflowId;
  // The SDK's types allow standalone activities, which have no workflow; these ones always run in OrderWorkflow.
  if (!workflowId) throw new Error(`${info.activityType} ran outside a workflow: it has no idempotency key`);
  return { workflowId, activityId: info.activityId, attempt: info.attempt };
}

/** The external system's result; a repeated call it absorbed is reported. */
export function resultOf(reply: ServiceReply, report: (event: ActivityProgressEvent) => void): string {
  if (reply.duplicate) report({ type: 'ledger.duplicate-absorbed', ...reply.duplicate });
  return reply.result;
}
