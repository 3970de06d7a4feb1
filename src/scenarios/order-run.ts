// Drives one order through the workflow: workers, start, approval, outcome, and the server's record of it.
import type { WorkflowHandle, WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { status as GrpcStatus } from '@grpc/grpc-js';
import {
  isGrpcServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowFailedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DecidedApproval } from '../domain/approval';
import { approvalRefusal } from '../domain/approval';
import {
  APPROVAL_REFUSED_ERROR_TYPE,
  APPROVE_SIGNAL,
  APPROVE_UPDATE,
  approveOrder,
  approveOrderUpdate,
  ORDER_EXPIRED,
} from '../domain/contract';
import { workflowIdFor } from '../domain/order';
import type { ExpectedOutcome, OrderRunSpec } from '../domain/order-run';
import { expectedOutcome, orderStartOptions } from '../domain/order-run';
import { scaleDelay } from '../domain/speed';
import { EncryptionKeyError } from '../temporal/encryption-keys';
import { untilDescribed } from '../temporal/describe-poller';
import { rootMessage, WorkflowRequestError } from '../temporal/errors';
import type { ObservedAttempt } from '../verification/timeline';
import { checkKeysDecrypt, fetchHistory, fetchRawHistory, payloadsOf } from '../temporal/history';
import type { TemporalServer } from '../temporal/servers/server';
import type { InProcessWorker } from '../temporal/workers';
import { startInProcessWorker } from '../temporal/workers';
import { approveArguments } from '../processes/cli-process';
import { watchWorkflow } from '../temporal/workflow-watcher';
import type { Check } from '../verification/checks';
import type { Timeline } from '../verification/timeline';
import { buildTimeline } from '../verification/timeline';
import { allPassed } from '../verification/checks';
import { noPlaintextInHistory } from '../verification/encryption-checks';
import { ledgerChecks } from '../verification/ledger-checks';
import { orderChecks } from '../verification/order-checks';
import type { WorkflowFacts } from '../verification/workflow-facts';
import { protoMs } from '../verification/history-events';
import { workflowFacts } from '../verification/workflow-facts';
import { OrderWorkflow } from '../workflows';
import type { ScenarioContext, ScenarioReport } from './scenario';

export const MANUAL_APPROVAL_NEEDS_REAL_TIME =
  'a person approving needs the approval window to last in real time, and this server would skip it';

/** What starting and following an order needs: no workers run here, so no ledger (`start` has none). */
export type OrderClientContext = Pick<ScenarioContext, 'server' | 'events' | 'teardown' | 'signal' | 'speed'>;

/** How long the demo lets the audience see the workflow waiting before it approves (at speed 1). */
const AUTO_APPROVAL_DELAY_MS = 3_000;

export interface InProcessWorkers {
  workflow: InProcessWorker;
  activity: InProcessWorker;
}

export async function startInProcessWorkers(context: ScenarioContext): Promise<InProcessWorkers> {
  return {
    workflow: await startInProcessWorker(context, 'workflow'),
    activity: await startInProcessWorker(context, 'activity'),
  };
}

/** The default workflow IDs this process has started. */
const startedWorkflowIds = new Set<string>();

/**
 * The sample's `order-<order_id>-<unix seconds>`, never one this process already used: two orders of `all` can
 * start within one second, and a second run under the same workflow ID would share the first one's idempotency keys
 * (workflow ID + activity ID) at the external systems. So it waits for the next second rather than change the format.
 */
async function freshWorkflowId(orderId: string): Promise<string> {
  for (;;) {
    const now = new Date();
    const workflowId = workflowIdFor(orderId, now);
    if (!startedWorkflowIds.has(workflowId)) {
      startedWorkflowIds.add(workflowId);
      return workflowId;
    }
    await sleep(1000 - (now.getTime() % 1000));
  }
}

export async function startOrder(
  context: OrderClientContext,
  spec: OrderRunSpec,
): Promise<WorkflowHandleWithFirstExecutionRunId> {
  const workflowId = spec.workflowId ?? (await freshWorkflowId(spec.order.order_id));
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

export interface OrderOutcome {
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
): Promise<OrderOutcome> {
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

/** The report of an order run checked against what the workflow is designed to do with it. */
export function orderReport(
  context: ScenarioContext,
  scenario: string,
  spec: OrderRunSpec,
  { facts, expected, protectionChecks, timeline }: OrderOutcome,
  extraChecks: Check[] = [],
): ScenarioReport {
  const list = [
    ...orderChecks(facts, spec, expected),
    ...extraChecks,
    ...ledgerChecks(context.ledger, {
      workflowId: facts.workflowId,
      expected,
      items: spec.order.items_to_pack,
      compensate: spec.compensate ?? false,
    }),
    ...protectionChecks,
  ];
  return {
    scenario,
    workflowId: facts.workflowId,
    runId: facts.runId,
    status: facts.status,
    result: facts.result,
    failure: facts.failure,
    expected,
    checks: list,
    passed: allPassed(list),
    uiUrl: context.server.workflowUrl(facts.workflowId, facts.runId),
    timeline,
  };
}

const DESCRIBE_EVERY_MS = 100;

/** Resolves once an attempt of this activity has heartbeated: it is in flight on a worker. */
export async function untilHeartbeating(handle: WorkflowHandle, activityType: string, signal: AbortSignal) {
  const heartbeating = await untilDescribed(handle, DESCRIBE_EVERY_MS, signal, (description) =>
    Boolean(
      description.raw.pendingActivities?.find((activity) => activity.activityType?.name === activityType)
        ?.lastHeartbeatTime,
    ),
  );
  if (!heartbeating) throw new Error(`the workflow closed before ${activityType} was in flight`);
}

/** An order run from start to report, with the workers in this process. */
export async function runOrderInProcess(
  context: ScenarioContext,
  scenario: string,
  spec: OrderRunSpec,
): Promise<ScenarioReport> {
  const workers = await startInProcessWorkers(context);
  const handle = await startOrder(context, spec);
  const outcome = await followOrder(context, handle, spec, { activitiesFromHistory: false });
  await workers.activity.stop();
  await workers.workflow.stop();
  return orderReport(context, scenario, spec, outcome);
}

/** What a request about one order becomes when the server refuses it: an error in the terms of the order. */
function inTermsOfTheOrder(
  error: unknown,
  server: TemporalServer,
  workflowId: string,
  request: { what: string; nothingLeft: string },
): Error {
  if (error instanceof EncryptionKeyError) return error;
  const notFound = `no workflow ${workflowId} in namespace ${server.namespace} on ${server.address}: check the ID that \`start\` printed`;
  if (isGrpcServiceError(error) && error.code === GrpcStatus.NOT_FOUND) {
    return new WorkflowRequestError(notFound);
  }
  if (error instanceof WorkflowNotFoundError) {
    return new WorkflowRequestError(
      isFinished(error) ? `workflow ${workflowId} has already finished: ${request.nothingLeft}` : notFound,
    );
  }
  return new WorkflowRequestError(`could not ${request.what} ${workflowId}: ${rootMessage(error)}`);
}

/** The server's answer to a request about a workflow that has closed. */
function isFinished(error: unknown): boolean {
  return error instanceof WorkflowNotFoundError && /already completed/i.test(error.message);
}

/**
 * Sends approve_order to a waiting order, as a person approving it would; what the server refuses is said in the
 * terms of the order (no such workflow, already finished), with --encrypt keys that do not fit refused first.
 */
export async function sendApproval(server: TemporalServer, workflowId: string): Promise<void> {
  try {
    // The signal carries no payload: with --encrypt, the order's own input shows whether the keys fit.
    if (server.codec) await checkKeysDecrypt(server.client, { workflowId });
    await server.client.workflow.getHandle(workflowId).signal(approveOrder);
  } catch (error) {
    throw inTermsOfTheOrder(error, server, workflowId, {
      what: 'signal',
      nothingLeft: 'there is nothing left to approve',
    });
  }
}

/** The approval update's answer: approved, or refused with the reason. */
export type UpdateApproval = { approved: true; answer: string } | { approved: false; reason: string };

/**
 * Approves an order with the approve_order_update Workflow Update, which answers: approved, or refused with the
 * reason — by the workflow's validator while the order is open (nothing enters its history), or, once the order
 * has closed, from how and when its history says it ended.
 */
export async function approveWithUpdate(server: TemporalServer, workflowId: string): Promise<UpdateApproval> {
  try {
    if (server.codec) await checkKeysDecrypt(server.client, { workflowId });
    const answer = await server.client.workflow.getHandle(workflowId).executeUpdate(approveOrderUpdate);
    return { approved: true, answer };
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) {
      const { cause } = error;
      if (cause instanceof ApplicationFailure && cause.type === APPROVAL_REFUSED_ERROR_TYPE) {
        return { approved: false, reason: cause.message };
      }
      throw new WorkflowRequestError(
        `${workflowId} does not take ${APPROVE_UPDATE} (${rootMessage(cause ?? error)}): its workflow worker may be ` +
          "the Python sample's, which has no such update; approve it with the signal, without --update",
      );
    }
    if (isFinished(error)) return { approved: false, reason: await closedOrderRefusal(server, workflowId) };
    throw inTermsOfTheOrder(error, server, workflowId, {
      what: 'update',
      nothingLeft: 'there is nothing left to approve',
    });
  }
}

/** Why an order that has closed takes no approval, from its history's last event: "the order expired 4 s ago". */
async function closedOrderRefusal(server: TemporalServer, workflowId: string): Promise<string> {
  const history = await fetchHistory(server.client, { workflowId, runId: '' });
  const facts = workflowFacts({ workflowId, runId: '' }, history);
  const atMs = protoMs(history.at(-1)?.eventTime);
  const why = facts.failure?.cause?.message ?? facts.failure?.message;
  const decided: DecidedApproval =
    facts.status === 'completed'
      ? { decision: facts.result === ORDER_EXPIRED ? 'expired' : 'delivered', atMs }
      : facts.status === 'canceled'
        ? { decision: 'cancelled', atMs }
        : { decision: 'failed', atMs, why: why ?? facts.status };
  return approvalRefusal(decided, Date.now());
}

/**
 * Asks the server to cancel an order's workflow, as a person would with `cancel`: the workflow stops where it is,
 * gives back what it took (with compensation) and ends as cancelled. What the server refuses is said in the terms
 * of the order.
 */
export async function requestCancellation(server: TemporalServer, workflowId: string): Promise<void> {
  const handle = server.client.workflow.getHandle(workflowId);
  try {
    // The server takes a request to cancel a run it has already cancelled without a word: ask first.
    const { status } = await handle.describe();
    if (status.name !== 'RUNNING') {
      throw new WorkflowRequestError(
        `workflow ${workflowId} has already finished (${status.name.toLowerCase()}): there is nothing left to cancel`,
      );
    }
    await handle.cancel();
  } catch (error) {
    if (error instanceof WorkflowRequestError) throw error;
    throw inTermsOfTheOrder(error, server, workflowId, {
      what: 'cancel',
      nothingLeft: 'there is nothing left to cancel',
    });
  }
}
