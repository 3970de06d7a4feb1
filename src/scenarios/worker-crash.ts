// The workflow worker dies with the order half done: the workflow worker runs as a child process and is killed
// (SIGKILL) while the order waits for approval; a new worker process, which has never seen the order, rebuilds its
// state by replaying the history and finishes it.
import type { ChildWorker } from '../processes/child-worker';
import { orderWith, skus } from '../domain/order';
import type { OrderRunSpec } from '../domain/order-run';
import { SAMPLE_TIMINGS, stickyQueueTimeout } from '../domain/speed';
import { fetchHistory } from '../temporal/history';
import { activitiesScheduled, workerCrashChecks } from '../verification/crash-checks';
import type { WorkflowFacts } from '../verification/workflow-facts';
import { startChildWorker, startInProcessWorker } from '../temporal/workers';
import { followOrder, startOrder } from '../temporal/order-client/start-and-follow';
import { orderReport } from './order-steps';
import { requireRealTime } from '../runs/runnable';
import type { Scenario, ScenarioContext } from './scenario';

export const WORKER_CRASH_ORDER_ID = 'worker-crash-demo';
const ITEMS_TO_PACK = 3;
/** The approval window must outlast the crash, a new worker's start and the sticky queue's timeout. */
const MIN_APPROVAL_WINDOW_MS = 20_000;

interface Crash {
  identity: string;
  historyLength: number;
}

/** What the history says the replacement did: the first workflow task it completed after the crash. */
function tellReplay(context: ScenarioContext, facts: WorkflowFacts, crash: Crash): void {
  const first = facts.workflowTaskCompletions.find((task) => task.eventId > crash.historyLength);
  if (!first) return;
  context.events.emit({
    type: 'workflow.replayed',
    identity: first.identity,
    replayedEvents: crash.historyLength,
    receivedUpToEventId: first.startedEventId,
    stickyTimedOut: facts.workflowTaskTimeouts.some(
      (timeout) => timeout.eventId > crash.historyLength && timeout.timeoutType === 'SCHEDULE_TO_START',
    ),
    activitiesScheduled: activitiesScheduled(facts),
    timersStarted: facts.timers.length,
  });
}

export const workerCrash: Scenario = {
  name: 'worker-crash',
  title: 'The workflow worker crashes mid-order; a new one replays the history and finishes it',
  summary:
    'The workflow worker is killed while the order waits for approval; a new worker replays and finishes.',
  lesson:
    'A workflow’s state lives in the server’s history, not in the worker that runs it. Here the workflow worker ' +
    'process is killed outright with the order paid for, reserved and packed. A new worker process that has never ' +
    'seen the order receives its history, replays it to rebuild the state — without running any activity again — ' +
    'and carries on: the approval timer keeps its deadline, and the order completes.',
  options: {},
  validate: (_, server) =>
    requireRealTime(
      workerCrash.name,
      server,
      'a new workflow worker has to take over while the approval window lasts in real time, and this server would skip it',
    ),
  async run(context) {
    const spec: OrderRunSpec = {
      order: orderWith({ order_id: WORKER_CRASH_ORDER_ID, items_to_pack: skus(ITEMS_TO_PACK, 1) }),
      inventoryDown: false,
      approval: 'auto',
      speed: context.speed,
      minApprovalWindowMs: MIN_APPROVAL_WINDOW_MS,
    };
    const activityWorker = await startInProcessWorker(context, 'activity');
    const doomed = await startChildWorker(context, 'workflow');
    let replacement: ChildWorker | undefined;
    let crash: Crash | undefined;
    const handle = await startOrder(context, spec);
    const execution = { workflowId: handle.workflowId, runId: handle.firstExecutionRunId };
    const outcome = await followOrder(context, handle, spec, {
      activitiesFromHistory: false,
      whenWaitingForApproval: async () => {
        crash = {
          identity: doomed.identity,
          historyLength: (await fetchHistory(context.server.client, execution)).length,
        };
        await doomed.kill();
        replacement = await startChildWorker(context, 'workflow');
        context.events.emit({
          type: 'sticky-queue.waiting',
          crashedIdentity: doomed.identity,
          replacementIdentity: replacement.identity,
          timeoutMs: stickyQueueTimeout(context.speed) ?? SAMPLE_TIMINGS.stickyQueue,
        });
      },
    });
    if (crash) tellReplay(context, outcome.facts, crash);
    await replacement?.stop();
    await activityWorker.stop();
    const crashChecks = crash
      ? workerCrashChecks(outcome.facts, crash)
      : [
          {
            name: 'the workflow worker was killed mid-order',
            passed: false,
            evidence: 'the order never waited for approval',
          },
        ];
    return orderReport(context, workerCrash.name, spec, outcome, crashChecks);
  },
};
