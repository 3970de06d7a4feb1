// The claims of the versioning scenario, each proved from the server's record: the WorkflowTaskFailed event and its
// cause, what describe() showed of a stuck or pinned order, the activities and patch markers of each history, the
// deployment version that completed each workflow task, the replay verdicts, and the ledger of external effects.
import { temporal } from '@temporalio/proto';
import { ACTIVITY, ORDER_FULFILLED } from '../domain/contract';
import { FRAUD_CHECK_ACTIVITY } from '../domain/fraud-check';
import type { ReplayVerdict } from '../domain/replay-verdict';
import type { Ledger } from '../services/ledger';
import type { Check } from './checks';
import type { Execution, HistoryEvent } from './history-events';
import { eventId, patchMarkerOf, summarizeFailure } from './history-events';
import type { WorkflowFacts } from './workflow-facts';

const { WorkflowTaskFailedCause } = temporal.api.enums.v1;

/** The first workflow task a worker failed because the code decided otherwise than the history records. */
export function nondeterministicFailure(
  history: readonly HistoryEvent[],
): { eventId: number; cause: string; message: string } | undefined {
  const event = history.find(
    (candidate) =>
      candidate.workflowTaskFailedEventAttributes?.cause ===
      WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_NON_DETERMINISTIC_ERROR,
  );
  if (!event) return undefined;
  return {
    eventId: eventId(event),
    cause: 'NonDeterministicError',
    message: summarizeFailure(event.workflowTaskFailedEventAttributes?.failure)?.message ?? '',
  };
}

/** Where each activity was scheduled: "process_payment (event 5)". */
function scheduled(history: readonly HistoryEvent[]): { activity: string; eventId: number }[] {
  return history.flatMap((event) => {
    const activity = event.activityTaskScheduledEventAttributes?.activityType?.name;
    return activity ? [{ activity, eventId: eventId(event) }] : [];
  });
}

/** The activities the history shows completed, with the events that scheduled them. */
export function completedActivities(
  history: readonly HistoryEvent[],
): { activity: string; eventId: number }[] {
  const completed = new Set(
    history.flatMap((event) => {
      const attributes = event.activityTaskCompletedEventAttributes;
      return attributes ? [Number(attributes.scheduledEventId)] : [];
    }),
  );
  return scheduled(history).filter((step) => completed.has(step.eventId));
}

function listed(steps: readonly { activity: string; eventId: number }[]): string {
  return steps.map((step) => `${step.activity} (event ${step.eventId})`).join(', ') || 'no activity';
}

/** The build IDs of the workers that completed the run's workflow tasks, as the history records them. */
function workflowTaskBuildIds(history: readonly HistoryEvent[]): string[] {
  return history.flatMap((event) => {
    const completed = event.workflowTaskCompletedEventAttributes;
    if (!completed) return [];
    return [completed.deploymentVersion?.buildId || completed.workerVersion?.buildId || 'unversioned'];
  });
}

const result = (facts: WorkflowFacts) =>
  facts.status === 'completed' ? JSON.stringify(facts.result) : facts.status;

/** What describe() and the history showed of an order while its workflow tasks kept failing. */
export interface StuckOrder {
  status: string;
  workflowTaskAttempt: number;
  history: readonly HistoryEvent[];
}

export const versioningChecks = {
  failedNondeterministically(orderId: string, history: readonly HistoryEvent[]): Check {
    const failure = nondeterministicFailure(history);
    return {
      name: `the new code failed the workflow task of order ${orderId} with a non-determinism error`,
      passed: failure !== undefined,
      evidence: failure
        ? `WorkflowTaskFailed (event ${failure.eventId}), cause ${failure.cause}: ${JSON.stringify(failure.message)}`
        : `no WorkflowTaskFailed of cause NonDeterministicError among ${history.length} events`,
    };
  },

  stuckNotLost(orderId: string, stuck: StuckOrder): Check {
    const kept = completedActivities(stuck.history);
    return {
      name: `order ${orderId} was stuck but not lost: open, its task retried, its work kept`,
      passed:
        stuck.status === 'RUNNING' &&
        stuck.workflowTaskAttempt > 1 &&
        kept.some((step) => step.activity === ACTIVITY.processPayment),
      evidence:
        `describe(): ${stuck.status}, pending workflow task on attempt ${stuck.workflowTaskAttempt}; its history ` +
        `still held ${kept.length > 0 ? `the completed ${listed(kept)}` : 'no completed activity'}`,
    };
  },

  completedInSameRun(orderId: string, facts: WorkflowFacts, startedRunId: string): Check {
    return {
      name: `order ${orderId} completed in the run it started in: nothing was lost`,
      passed:
        facts.runId === startedRunId && facts.status === 'completed' && facts.result === ORDER_FULFILLED,
      evidence:
        `run ${facts.runId} (started as ${startedRunId}): WorkflowExecutionCompleted (event ` +
        `${facts.closeEventId ?? '—'}) with ${result(facts)}, after ${facts.workflowTaskFailures.length} recorded ` +
        'workflow task failure(s)',
    };
  },

  /** Each order charged once and delivered once, whatever its workflow tasks went through. */
  effectsOnce(ledger: Ledger, orders: readonly (Execution & { orderId: string })[]): Check {
    const counts = orders.map((order) => {
      const effects = ledger.effects({ workflowId: order.workflowId });
      const count = (action: string) => effects.filter((effect) => effect.action === action).length;
      return { orderId: order.orderId, charges: count('charge'), deliveries: count('deliver') };
    });
    return {
      name: 'nothing done twice: one charge and one delivery per order in the ledger',
      passed: counts.every((order) => order.charges === 1 && order.deliveries === 1),
      evidence: counts
        .map((order) => `${order.orderId}: ${order.charges} charge(s), ${order.deliveries} delivery(ies)`)
        .join('; '),
    };
  },

  /** The order ran version 2's path: the fraud check before the payment (after the marker, when patched). */
  tookNewPath(
    orderId: string,
    history: readonly HistoryEvent[],
    facts: WorkflowFacts,
    marker: 'none' | 'patched' | 'deprecated',
  ): Check {
    const steps = scheduled(history);
    const fraudCheck = steps.find((step) => step.activity === FRAUD_CHECK_ACTIVITY);
    const payment = steps.find((step) => step.activity === ACTIVITY.processPayment);
    const markerEvent = history.find((event) => patchMarkerOf(event));
    const found = markerEvent && patchMarkerOf(markerEvent);
    const markerAsExpected =
      marker === 'none' ? !found : found !== undefined && found.deprecated === (marker === 'deprecated');
    const markerWords =
      markerEvent && found
        ? `MarkerRecorded of patch ${JSON.stringify(found.patchId)}${found.deprecated ? ' (deprecated)' : ''} ` +
          `(event ${eventId(markerEvent)})`
        : 'no patch marker';
    return {
      name:
        `order ${orderId} took the new path: ` +
        `${marker === 'none' ? '' : `the ${marker === 'deprecated' ? 'deprecated ' : ''}patch marker, then `}` +
        'the fraud check before the payment, fulfilled',
      passed:
        markerAsExpected &&
        fraudCheck !== undefined &&
        payment !== undefined &&
        fraudCheck.eventId < payment.eventId &&
        facts.result === ORDER_FULFILLED,
      evidence: `${markerWords}; ${listed(steps)}; ${result(facts)}`,
    };
  },

  /** The order kept version 1's path under the new code: no marker, no fraud check, no failed workflow task. */
  keptOldPath(orderId: string, history: readonly HistoryEvent[], facts: WorkflowFacts): Check {
    const steps = scheduled(history);
    const marker = history.some((event) => patchMarkerOf(event));
    return {
      name: `order ${orderId}, in flight from version 1, kept the old path: no marker, no fraud check, fulfilled`,
      passed:
        !marker &&
        !steps.some((step) => step.activity === FRAUD_CHECK_ACTIVITY) &&
        facts.workflowTaskFailures.length === 0 &&
        facts.result === ORDER_FULFILLED,
      evidence:
        `${marker ? 'a patch marker' : 'no patch marker'}; ${listed(steps)}; ` +
        `${facts.workflowTaskFailures.length} workflow task failure(s); ${result(facts)}`,
    };
  },

  /** The replay gate's verdict on the runs a worker may still replay (the open ones), as expected. */
  gate(
    verdicts: readonly (ReplayVerdict & { open: boolean })[],
    against: string,
    expect: 'replays' | 'diverges',
  ): Check {
    const open = verdicts.filter((verdict) => verdict.open);
    const words = (verdict: ReplayVerdict) =>
      verdict.passed
        ? `${verdict.name} replays`
        : `${verdict.name} diverges at event ${verdict.divergence?.eventId ?? '?'} (${verdict.divergence?.history ?? verdict.divergence?.message})`;
    return {
      name:
        expect === 'replays'
          ? `the replay gate lets ${against} through: it replays every open run`
          : `the replay gate stops ${against}: it diverges from the open runs`,
      passed: open.length > 0 && open.every((verdict) => verdict.passed === (expect === 'replays')),
      evidence: open.length > 0 ? open.map(words).join('; ') : 'no open run among the histories',
    };
  },

  /**
   * Runs that would not replay under the next code were closed when it was deployed: each diverging run's status as
   * describe() gave it at that moment (not the history the gate read before), and none of them running.
   */
  closedBeforeDeploy(
    verdicts: readonly ReplayVerdict[],
    statuses: readonly { orderId: string; workflowId: string; status: string }[],
    next: string,
  ): Check {
    const diverging = verdicts.filter((verdict) => !verdict.passed);
    const statusOf = (workflowId: string) =>
      statuses.find((order) => order.workflowId === workflowId)?.status ?? 'not described';
    const notClosed = diverging.filter((verdict) =>
      ['RUNNING', 'not described'].includes(statusOf(verdict.name)),
    );
    return {
      name: `only runs that ${next} replays were open when it was deployed`,
      passed: notClosed.length === 0,
      evidence:
        `${diverging.length} kept histories diverge under ${next}, ${notClosed.length} of them not closed when it ` +
        `was deployed; describe(): ${statuses.map((order) => `${order.orderId} ${order.status}`).join(', ')}` +
        notClosed.map((verdict) => `; ${verdict.name} ${statusOf(verdict.name)}`).join(''),
    };
  },

  pinnedTo(
    orderId: string,
    pinning: { behavior: string; buildId?: string; deploymentName?: string },
    expected: { deploymentName: string; buildId: string },
  ): Check {
    const to = `${expected.deploymentName} ${expected.buildId}`;
    return {
      name: `order ${orderId} is pinned to ${to}`,
      passed:
        pinning.behavior === 'pinned' &&
        pinning.deploymentName === expected.deploymentName &&
        pinning.buildId === expected.buildId,
      evidence:
        `describe(): versioningInfo behavior ${pinning.behavior}` +
        (pinning.buildId
          ? `, deployment version ${pinning.deploymentName} ${pinning.buildId}`
          : ', no version'),
    };
  },

  /** Every workflow task of the run was completed by workers of this build, and none failed. */
  ranOn(orderId: string, history: readonly HistoryEvent[], facts: WorkflowFacts, buildId: string): Check {
    const builds = workflowTaskBuildIds(history);
    return {
      name: `order ${orderId} ran to its end on ${buildId} workers, no workflow task failed`,
      passed:
        builds.length > 0 &&
        builds.every((build) => build === buildId) &&
        facts.workflowTaskFailures.length === 0 &&
        facts.result === ORDER_FULFILLED,
      evidence:
        `${builds.length} WorkflowTaskCompleted, by deployment versions ${[...new Set(builds)].join(', ')}; ` +
        `${facts.workflowTaskFailures.length} WorkflowTaskFailed; ${result(facts)}`,
    };
  },

  drained(version: string, drainage: string): Check {
    return {
      name: `${version} drained before its workers stopped`,
      passed: drainage === 'drained',
      evidence: `DescribeWorkerDeploymentVersion: drainage status ${drainage.toUpperCase()}`,
    };
  },

  unversionedAgain(deploymentName: string, currentBuildId: string | undefined): Check {
    return {
      name: 'new workflows go to unversioned workers again, as before the act',
      passed: currentBuildId === undefined,
      evidence: `DescribeWorkerDeployment ${deploymentName}: current version ${currentBuildId ?? 'unversioned'}`,
    };
  },
};
