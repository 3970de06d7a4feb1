// The steps scenarios share to run an order: workers in this process, the order through the order client, the
// report that checks the server's record against what the workflow is designed to do.
import type { WorkflowHandle } from '@temporalio/client';
import type { OrderRunSpec } from '../domain/order-run';
import { untilDescribed } from '../temporal/describe-poller';
import type { FollowedOrder } from '../temporal/order-client/start-and-follow';
import { followOrder, startOrder } from '../temporal/order-client/start-and-follow';
import type { InProcessWorker } from '../temporal/workers';
import { startInProcessWorker } from '../temporal/workers';
import type { Check } from '../verification/checks';
import { allPassed } from '../verification/checks';
import { ledgerChecks } from '../verification/ledger-checks';
import { orderChecks } from '../verification/order-checks';
import type { ScenarioContext, ScenarioReport } from './scenario';

export const MANUAL_APPROVAL_NEEDS_REAL_TIME =
  'a person approving needs the approval window to last in real time, and this server would skip it';

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

/** The report of an order run checked against what the workflow is designed to do with it. */
export function orderReport(
  context: ScenarioContext,
  scenario: string,
  spec: OrderRunSpec,
  { facts, expected, protectionChecks, timeline }: FollowedOrder,
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
