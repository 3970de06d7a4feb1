// The claims of the scenarios that crash a workflow worker or the server, each backed by the history as the server
// returns it after the crash.
import type { HistoryEvent } from './history-events';
import { eventId, protoMs } from './history-events';
import type { Check } from './checks';
import type { WorkflowFacts } from './workflow-facts';

/** How many times each activity type was scheduled. */
export function activitiesScheduled(facts: WorkflowFacts): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const activity of facts.activities) {
    counts[activity.activityType] = (counts[activity.activityType] ?? 0) + 1;
  }
  return counts;
}

export function scheduledOnce(facts: WorkflowFacts): Check {
  const counts = activitiesScheduled(facts);
  const listed = Object.entries(counts).map(([activity, times]) => `${activity} ×${times}`);
  return {
    name: 'each activity was scheduled exactly once',
    passed: listed.length > 0 && Object.values(counts).every((times) => times === 1),
    evidence: `ActivityTaskScheduled events: ${listed.join(', ') || 'none'}`,
  };
}

export function timerStartedOnce(facts: WorkflowFacts): Check {
  const started = facts.timers.map((timer) => `event ${timer.startedEventId}`);
  return {
    name: 'the approval timer was started once (it kept its deadline)',
    passed: facts.timers.length === 1,
    evidence: `TimerStarted: ${started.join(', ') || 'none'}`,
  };
}

/** The worker-crash scenario: another worker finished the workflow without redoing anything. */
export function workerCrashChecks(
  facts: WorkflowFacts,
  crash: { identity: string; historyLength: number },
): Check[] {
  const after = facts.workflowTaskCompletions.filter((task) => task.eventId > crash.historyLength);
  const identities = [...new Set(after.map((task) => task.identity))];
  const before = facts.workflowTaskCompletions.filter((task) => task.eventId <= crash.historyLength);
  return [
    {
      name: 'the crashed worker had completed the workflow tasks before the crash',
      passed: before.length > 0 && before.every((task) => task.identity === crash.identity),
      evidence: `WorkflowTaskCompleted up to event ${crash.historyLength}: ${before.length} by ${[
        ...new Set(before.map((task) => task.identity)),
      ].join(', ')}`,
    },
    {
      name: 'the workflow tasks after the crash were completed by another worker',
      passed: after.length > 0 && !identities.includes(crash.identity),
      evidence:
        after.length === 0
          ? `no WorkflowTaskCompleted after event ${crash.historyLength}`
          : `WorkflowTaskCompleted after event ${crash.historyLength}: ${after.length} by ${identities.join(', ')}`,
    },
    scheduledOnce(facts),
    timerStartedOnce(facts),
  ];
}

function describeEvent(event: HistoryEvent): string {
  return `${eventId(event)}:${event.eventType ?? '?'}`;
}

/** Nothing the history held before a crash is missing from the history read after `recovery`. */
export function historyKept(
  beforeCrash: readonly HistoryEvent[],
  after: readonly HistoryEvent[],
  recovery: string,
): Check {
  const kept = beforeCrash.filter(
    (event, index) => after[index] !== undefined && describeEvent(after[index]) === describeEvent(event),
  );
  return {
    name: `every event recorded before the crash is in the history read after ${recovery}`,
    passed: beforeCrash.length > 0 && kept.length === beforeCrash.length,
    evidence:
      `${kept.length} of the ${beforeCrash.length} events read before the last crash are there, same IDs and ` +
      `types; the history now has ${after.length} events`,
  };
}

/** The server-restart scenario: nothing recorded before a crash was lost, and the timer fired at most once. */
export function serverRestartChecks(
  facts: WorkflowFacts,
  beforeCrash: readonly HistoryEvent[],
  after: readonly HistoryEvent[],
  timerShouldFire: boolean,
): Check[] {
  const [timer] = facts.timers;
  const firedCount = facts.timers.filter((candidate) => candidate.firedEventId !== undefined).length;
  const timeOf = (id: number | undefined) => protoMs(after.find((event) => eventId(event) === id)?.eventTime);
  const firedAfterMs = timeOf(timer?.firedEventId) - timeOf(timer?.startedEventId);
  return [
    historyKept(beforeCrash, after, 'the restart'),
    scheduledOnce(facts),
    timerStartedOnce(facts),
    {
      name: timerShouldFire ? 'the timer fired once' : 'the timer never fired (the approval came first)',
      passed: timerShouldFire ? firedCount === 1 && firedAfterMs >= timer.durationMs : firedCount === 0,
      evidence:
        timer?.firedEventId !== undefined
          ? `TimerFired (event ${timer.firedEventId}) ${firedAfterMs} ms after TimerStarted ` +
            `(event ${timer.startedEventId}), whose deadline was ${timer.durationMs} ms`
          : 'no TimerFired event',
    },
  ];
}
