// The order client's start and follow: starts an order's workflow under a fresh ID, narrates it from the server's
// history, approves it as the run says, and reads the server's record of how it ended.
import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, WorkflowFailedError } from '@temporalio/client';
import { setTimeout as sleep } from 'node:timers/promises';
import { APPROVE_SIGNAL, approveOrder } from '../../domain/contract';
import type { ExpectedOutcome, OrderRunSpec } from '../../domain/order-run';
import { expectedOutcome, orderStartOptions } from '../../domain/order-run';
import { scaleDelay } from '../../domain/speed';
import type { EventBus } from '../../events/event-bus';
import { approveArguments } from '../../processes/cli-process';
import type { Check } from '../../verification/checks';
import { noPlaintextInHistory } from '../../verification/encryption-checks';
import type { ObservedAttempt, Timeline } from '../../verification/timeline';
import { buildTimeline } from '../../verification/timeline';
import type { WorkflowFacts } from '../../verification/workflow-facts';
import { workflowFacts } from '../../verification/workflow-facts';
import { OrderWorkflow } from '../../workflows';
import { EncryptionKeyError } from '../encryption-keys';
import { WorkflowRequestError } from '../errors';
import { fetchHistory, fetchRawHistory, payloadsOf } from '../history';
import type { TemporalServer } from '../servers/server';
import { watchWorkflow } from '../workflow-watcher';
import type { RunWorkflowIds } from './workflow-ids';

/** What starting and following an order needs: no workers run here, so no ledger (`start` has none). */
export interface OrderClientContext {
  server: TemporalServer;
  events: EventBus;
  /** Aborted on Ctrl+C or SIGTERM. */
  signal: AbortSignal;
  workflowIds: RunWorkflowIds;
}

/** How long the demo lets the audience see the workflow waiting before it approves (at speed 1). */
const AUTO_APPROVAL_DELAY_MS = 3_000;

export async function startOrder(
  context: OrderClientContext,
  spec: OrderRunSpec,
): Promise<WorkflowHandleWithFirstExecutionRunId> {
  const workflowId = spec.workflowId ?? (await context.workflowIds.fresh(spec.order.order_id));
  let handle: WorkflowHandleWithFirstExecutionRunId;
  try {
    handle = await context.server.client.workflow.start(OrderWorkflow, orderStartOptions(spec, workflowId));
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) {
      throw new WorkflowRequestError(
        `workflow ${workflowId} is already running: approve or finish it first, or start with another ` +
          '--workflow-id (the default one changes every second)',
      );
    }
    throw error;
  }
  const runId = handle.firstExecutionRunId;
  context.events.emit({
    type: 'workflow.started',
    workflowId,
    runId,
    orderId: spec.order.order_id,
    inventoryDown: spec.inventoryDown,
    itemsToPack: spec.order.items_to_pack.length,
    uiUrl: context.server.workflowUrl(workflowId, runId),
  });
  return handle;
}

export interface FollowOptions {
  /** Narrate activity outcomes from the history (for workers that report nothing to this process). */
  activitiesFromHistory: boolean;
  /** With manual approval: called once the workflow waits for a person to approve it. */
  onManualApproval?: (workflowId: string) => void;
  /** Awaited once the workflow waits for approval, before any approval goes out: the moment to crash something. */
  whenWaitingForApproval?: () => Promise<void>;
}

/**
 * Once `waitsForApproval` resolves true (the server's history shows the workflow waiting for approval), calls the
 * `whenWaitingForApproval` hook, then sends approve_order the way the spec says (or, for manual approval, hands over
 * to a person; with none, sends nothing). False: the run closed without ever waiting.
 */
async function approveWhenWaiting(
  context: OrderClientContext,
  handle: WorkflowHandleWithFirstExecutionRunId,
  spec: OrderRunSpec,
  waitsForApproval: Promise<boolean>,
  options: FollowOptions,
  signal: AbortSignal,
): Promise<void> {
  const waiting = await waitsForApproval;
  signal.throwIfAborted();
  if (!waiting) return;
  await options.whenWaitingForApproval?.();
  if (spec.approval === 'none') return;
  if (spec.approval === 'manual') {
    context.events.emit({
      type: 'approval.manual',
      workflowId: handle.workflowId,
      approveArguments: approveArguments(handle.workflowId, context.server.address, context.server.namespace),
    });
    options.onManualApproval?.(handle.workflowId);
    return;
  }
  await sleep(scaleDelay(AUTO_APPROVAL_DELAY_MS, spec.speed), undefined, { signal });
  context.events.emit({ type: 'signal.sent', signal: APPROVE_SIGNAL, workflowId: handle.workflowId });
  await handle.signal(approveOrder);
}

/** What following an order found: the server's record of it, and what it was designed to come to. */
export interface FollowedOrder {
  facts: WorkflowFacts;
  expected: ExpectedOutcome;
  /** With --encrypt: what the raw history shows of the order (nothing in clear). */
  protectionChecks: Check[];
  timeline: Timeline;
}

/**
 * Narrates the run from the server's history, approves as the spec says, waits for the outcome and reads the
 * server's record of it.
 */
export async function followOrder(
  context: OrderClientContext,
  handle: WorkflowHandleWithFirstExecutionRunId,
  spec: OrderRunSpec,
  options: FollowOptions,
): Promise<FollowedOrder> {
  const expected = expectedOutcome(spec, new Date());
  const execution = { workflowId: handle.workflowId, runId: handle.firstExecutionRunId };
  const stop = new AbortController();
  const signal = AbortSignal.any([stop.signal, context.signal]);
  let markWaiting: () => void = () => undefined;
  const waitingForApproval = new Promise<boolean>((resolve) => {
    markWaiting = () => resolve(true);
  });
  let refuseKeys: (error: EncryptionKeyError) => void = () => undefined;
  // The workflow worker retries a task it cannot decrypt for ever: the run ends here instead, saying why.
  const undecryptable = new Promise<never>((_, reject) => {
    refuseKeys = reject;
  });
  undecryptable.catch(() => undefined);
  const watching = watchWorkflow(context.server.client, execution, context.events, signal, {
    activitiesFromHistory: options.activitiesFromHistory,
    longPoll: !context.server.skipsTime,
    onWaitingForApproval: markWaiting,
    onWorkflowTaskFailed: (failure) => {
      // The SDK records a codec's error without a type: its name heads the stack trace.
      if (!failure?.stackTrace?.startsWith(`${EncryptionKeyError.name}:`)) return;
      refuseKeys(
        new EncryptionKeyError(`the workflow worker cannot decrypt ${handle.workflowId}: ${failure.message}`),
      );
    },
  });
  // The watch ends when the run closes: if the workflow never waited for approval by then, it never will.
  const approving = approveWhenWaiting(
    context,
    handle,
    spec,
    Promise.race([waitingForApproval, watching.then(() => false)]),
    options,
    signal,
  );
  // Both run alongside; a failure of either surfaces where it is awaited below, never as an unhandled rejection.
  watching.catch(() => undefined);
  approving.catch(() => undefined);
  let observedAttempts: ObservedAttempt[] = [];
  try {
    // Awaiting the result lets a time-skipping server jump ahead, so the approval goes out first.
    await Promise.race([approving, undecryptable]);
    await Promise.race([
      handle.result().catch((error) => {
        if (!(error instanceof WorkflowFailedError)) throw error;
      }),
      undecryptable,
    ]);
    observedAttempts = await watching;
  } finally {
    stop.abort();
    await Promise.allSettled([watching, approving]);
  }
  const history = await fetchHistory(context.server.client, execution);
  const facts = workflowFacts(execution, history);
  if (facts.status === 'failed') locateFailure(context, facts);
  const protectionChecks: Check[] = [];
  if (context.server.codec) {
    const rawEvents = (await fetchRawHistory(context.server.client, execution)).events ?? [];
    protectionChecks.push(noPlaintextInHistory(await payloadsOf(rawEvents), rawEvents.length, spec.order));
  }
  return { facts, expected, protectionChecks, timeline: buildTimeline(execution, history, observedAttempts) };
}

/** Points a person troubleshooting a failed order to the place in the history that explains it. */
function locateFailure(context: OrderClientContext, facts: WorkflowFacts): void {
  const failedActivity = facts.activities.find(
    (activity) => activity.outcome === 'failed' || activity.outcome === 'timed-out',
  );
  const failure = failedActivity?.failure ?? facts.failure;
  context.events.emit({
    type: 'failure.located',
    workflowId: facts.workflowId,
    runId: facts.runId,
    address: context.server.address,
    namespace: context.server.namespace,
    codecEndpoint: context.server.codecEndpoint,
    eventId: failedActivity?.outcomeEventId ?? facts.closeEventId ?? 0,
    message: failure?.cause?.message ?? failure?.message ?? 'unknown failure',
    activity: failedActivity?.activityType,
    attempt: failedActivity?.attempt,
    errorType: failure?.cause?.type ?? failure?.timeoutType,
    nonRetryable: failure?.cause?.nonRetryable,
  });
}
