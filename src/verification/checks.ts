import { COMPENSATION } from '../domain/contract';
import type { ActivityFacts, WorkflowFacts } from './workflow-facts';
import { activitiesOfType } from './workflow-facts';

/** One claim about a run, and the part of the server's record that proves or refutes it. */
export interface Check {
  name: string;
  passed: boolean;
  evidence: string;
}

function check(name: string, passed: boolean, evidence: string): Check {
  return { name, passed, evidence };
}

function quote(value: unknown): string {
  return JSON.stringify(value);
}

function describeActivity(activity: ActivityFacts): string {
  const at = activity.outcomeEventId ? ` (event ${activity.outcomeEventId})` : '';
  const outcome = {
    pending: 'still pending',
    completed: `completed on attempt ${activity.attempt}${at}: ${quote(activity.result)}`,
    failed: `failed on attempt ${activity.attempt}${at}: ${activity.failure?.cause?.message ?? activity.failure?.message}`,
    'timed-out': `timed out on attempt ${activity.attempt}${at}`,
    canceled: `canceled${at}`,
  }[activity.outcome];
  return `${activity.activityType} ${outcome}`;
}

const COMPENSATION_TYPES: readonly string[] = Object.values(COMPENSATION);

function compensationsOf(facts: WorkflowFacts): ActivityFacts[] {
  return facts.activities.filter((activity) => COMPENSATION_TYPES.includes(activity.activityType));
}

/** Reusable checks over the facts; scenarios compose them. */
export const checks = {
  workflowResult(facts: WorkflowFacts, expected: string): Check {
    const name = `workflow result is ${quote(expected)}`;
    if (facts.status !== 'completed') return check(name, false, `workflow is ${facts.status}, not completed`);
    return check(
      name,
      facts.result === expected,
      `WorkflowExecutionCompleted (event ${facts.closeEventId}): result ${quote(facts.result)}`,
    );
  },

  workflowFailedWith(facts: WorkflowFacts, causeMessage: string): Check {
    const name = `workflow failed with ${quote(causeMessage)}`;
    if (facts.status !== 'failed') return check(name, false, `workflow is ${facts.status}, not failed`);
    const cause = facts.failure?.cause;
    return check(
      name,
      cause?.message === causeMessage,
      `WorkflowExecutionFailed (event ${facts.closeEventId}): ${quote(facts.failure?.message)} caused by ` +
        `${cause?.type ?? 'error'} ${quote(cause?.message)}` +
        (facts.failure?.activity ? ` in ${facts.failure.activity}` : ''),
    );
  },

  activityCompleted(
    facts: WorkflowFacts,
    activityType: string,
    expected: { attempt?: number; result?: string | RegExp },
  ): Check {
    const attemptText = expected.attempt === undefined ? '' : ` on attempt ${expected.attempt}`;
    const name = `${activityType} completed${attemptText}`;
    const [activity] = activitiesOfType(facts, activityType);
    if (!activity) return check(name, false, `no ActivityTaskScheduled for ${activityType}`);
    const resultMatches =
      expected.result === undefined ||
      (typeof expected.result === 'string'
        ? activity.result === expected.result
        : expected.result.test(String(activity.result)));
    const passed =
      activity.outcome === 'completed' &&
      (expected.attempt === undefined || activity.attempt === expected.attempt) &&
      resultMatches;
    return check(name, passed, describeActivity(activity));
  },

  /** What the attempt before the last one died of, as ActivityTaskStarted.lastFailure records it. */
  previousAttemptFailure(
    facts: WorkflowFacts,
    activityType: string,
    expected: { attempt: number; message?: RegExp; timeoutType?: string },
  ): Check {
    const cause = expected.timeoutType ? `a ${expected.timeoutType.toLowerCase()} timeout` : 'a failure';
    const name = `${activityType} attempt ${expected.attempt - 1} ended in ${cause}, attempt ${expected.attempt} took over`;
    const [activity] = activitiesOfType(facts, activityType);
    if (!activity?.startedEventId)
      return check(name, false, `no ended attempt of ${activityType} in the history`);
    const failure = activity.previousAttemptFailure;
    const passed =
      activity.attempt === expected.attempt &&
      failure !== undefined &&
      (expected.timeoutType === undefined || failure.timeoutType === expected.timeoutType) &&
      (expected.message === undefined || expected.message.test(failure.cause?.message ?? failure.message));
    const recorded = failure
      ? `${failure.timeoutType ? `${failure.timeoutType} timeout` : quote(failure.cause?.message ?? failure.message)}`
      : 'none';
    return check(
      name,
      passed,
      `ActivityTaskStarted (event ${activity.startedEventId}): attempt ${activity.attempt}, last failure ${recorded}`,
    );
  },

  activityFailedOnce(facts: WorkflowFacts, activityType: string, causeMessage: string): Check {
    const name = `${activityType} failed on its only attempt, not retryable`;
    const [activity] = activitiesOfType(facts, activityType);
    if (!activity) return check(name, false, `no ActivityTaskScheduled for ${activityType}`);
    const passed =
      activity.outcome === 'failed' &&
      activity.attempt === 1 &&
      activity.failure?.cause?.message === causeMessage &&
      activity.failure?.cause?.nonRetryable === true;
    const retryable = activity.failure?.cause?.nonRetryable ? 'non-retryable' : 'retryable';
    return check(name, passed, `${describeActivity(activity)} (${retryable})`);
  },

  activityNeverScheduled(facts: WorkflowFacts, activityType: string): Check {
    const scheduled = activitiesOfType(facts, activityType);
    return check(
      `${activityType} never ran`,
      scheduled.length === 0,
      scheduled.length === 0
        ? `no ActivityTaskScheduled for ${activityType} among ${facts.eventCount} events`
        : `ActivityTaskScheduled for ${activityType} at event ${scheduled[0].scheduledEventId}`,
    );
  },

  signalReceived(facts: WorkflowFacts, signalName: string): Check {
    const signal = facts.signals.find((candidate) => candidate.name === signalName);
    return check(
      `${signalName} signal recorded`,
      signal !== undefined,
      signal
        ? `WorkflowExecutionSignaled ${signalName} (event ${signal.eventId})`
        : `no ${signalName} signal in the history`,
    );
  },

  activityAfterSignal(facts: WorkflowFacts, activityType: string, signalName: string): Check {
    const signal = facts.signals.find((candidate) => candidate.name === signalName);
    const [activity] = activitiesOfType(facts, activityType);
    const passed =
      signal !== undefined && activity !== undefined && activity.scheduledEventId > signal.eventId;
    return check(
      `${activityType} scheduled only after ${signalName}`,
      passed,
      activity && signal
        ? `signal at event ${signal.eventId}, ${activityType} scheduled at event ${activity.scheduledEventId}`
        : `signal ${signal ? 'present' : 'missing'}, ${activityType} ${activity ? 'scheduled' : 'never scheduled'}`,
    );
  },

  /**
   * What the order took given back after `trigger` (an event of the history), last taken first: exactly the
   * compensations `expected`, in this order, each scheduled after the trigger and completed.
   */
  gaveBack(
    facts: WorkflowFacts,
    expected: readonly string[],
    trigger: { name: string; eventId?: number },
  ): Check {
    const compensations = compensationsOf(facts);
    const name = `${expected.join(' then ')} after ${trigger.name}, the last thing taken given back first`;
    if (trigger.eventId === undefined) return check(name, false, `${trigger.name}: not in the history`);
    const after = trigger.eventId;
    const passed =
      compensations.length === expected.length &&
      compensations.every(
        (activity, index) =>
          activity.activityType === expected[index] &&
          activity.scheduledEventId > after &&
          activity.outcome === 'completed',
      );
    const scheduled = compensations.map(
      (activity) => `${describeActivity(activity)}, scheduled at event ${activity.scheduledEventId}`,
    );
    return check(
      name,
      passed,
      `${trigger.name} at event ${after}; ${scheduled.join('; ') || 'no compensation scheduled'}`,
    );
  },

  /**
   * An activity cancelled by the workflow's cancellation, and only then anything given back: its ActivityTaskCanceled
   * follows WorkflowExecutionCancelRequested, and every compensation is scheduled after it.
   */
  stoppedBeforeGivingBack(facts: WorkflowFacts, activityType: string): Check {
    const [activity] = activitiesOfType(facts, activityType);
    const requested = facts.cancelRequestedEventId;
    const stoppedAt = activity?.outcome === 'canceled' ? activity.outcomeEventId : undefined;
    const compensations = compensationsOf(facts);
    const stopped = stoppedAt !== undefined && requested !== undefined && stoppedAt > requested;
    const givenBackFirst = compensations.filter(
      (compensation) => compensation.scheduledEventId < (stoppedAt ?? 0),
    );
    const scheduled = compensations
      .map(
        (compensation) => `${compensation.activityType} scheduled at event ${compensation.scheduledEventId}`,
      )
      .join(', ');
    return check(
      `${activityType} stopped by the cancellation, before anything was given back`,
      stopped && givenBackFirst.length === 0,
      `WorkflowExecutionCancelRequested (event ${requested ?? '—'}); ${activityType} ` +
        (stoppedAt !== undefined
          ? `ActivityTaskCanceled (event ${stoppedAt})`
          : (activity?.outcome ?? 'never scheduled')) +
        `; ${scheduled || 'nothing given back'}`,
    );
  },

  /** An order delivered, or declined, takes nothing that needs giving back. */
  nothingGivenBack(facts: WorkflowFacts): Check {
    const compensations = compensationsOf(facts);
    return check(
      `nothing given back: ${COMPENSATION_TYPES.join(' and ')} never ran`,
      compensations.length === 0,
      compensations.length === 0
        ? `no ActivityTaskScheduled for ${COMPENSATION_TYPES.join(' or ')} among ${facts.eventCount} events`
        : compensations
            .map((activity) => `${activity.activityType} scheduled at event ${activity.scheduledEventId}`)
            .join('; '),
    );
  },

  workflowCancelled(facts: WorkflowFacts): Check {
    const name = 'workflow cancelled, as requested';
    const requested =
      facts.cancelRequestedEventId === undefined
        ? 'no WorkflowExecutionCancelRequested'
        : `WorkflowExecutionCancelRequested (event ${facts.cancelRequestedEventId})`;
    if (facts.status !== 'canceled') return check(name, false, `${requested}; workflow is ${facts.status}`);
    return check(
      name,
      facts.cancelRequestedEventId !== undefined,
      `${requested}, WorkflowExecutionCanceled (event ${facts.closeEventId})`,
    );
  },

  approvalTimerFired(facts: WorkflowFacts, windowMs: number): Check {
    const timer = facts.timers.find((candidate) => candidate.durationMs === windowMs);
    const name = `approval timer of ${windowMs / 1000}s fired`;
    if (!timer) {
      const seen = facts.timers.map((candidate) => `${candidate.durationMs / 1000}s`).join(', ') || 'none';
      return check(name, false, `no TimerStarted of ${windowMs / 1000}s (timers: ${seen})`);
    }
    return check(
      name,
      timer.firedEventId !== undefined,
      `TimerStarted (event ${timer.startedEventId})` +
        (timer.firedEventId ? `, TimerFired (event ${timer.firedEventId})` : ', never fired'),
    );
  },
};

export function allPassed(list: readonly Check[]): boolean {
  return list.length > 0 && list.every((item) => item.passed);
}
