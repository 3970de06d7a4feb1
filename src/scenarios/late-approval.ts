// A late approval: the order's approval window has passed and it is giving back what it took when the approver
// answers, from another terminal (a process of its own). The approve_order signal is taken and ignored — `approve`
// exits 0, the approver is told nothing; the approval as a Workflow Update is refused by its validator with the
// reason, before anything enters the history.
import type { WorkflowHandle } from '@temporalio/client';
import { APPROVE_SIGNAL, APPROVE_UPDATE, COMPENSATION, ORDER_EXPIRED } from '../domain/contract';
import { orderWith } from '../domain/order';
import type { OrderRunSpec } from '../domain/order-run';
import type { CliOutcome } from '../processes/cli-process';
import { approveArguments, runCliCommand } from '../processes/cli-process';
import { requireRealTime } from '../runs/runnable';
import { untilDescribed } from '../temporal/describe-poller';
import { startInProcessWorker } from '../temporal/workers';
import type { Check } from '../verification/checks';
import type { WorkflowFacts } from '../verification/workflow-facts';
import { followOrder, startOrder } from '../temporal/order-client/start-and-follow';
import { orderReport, startInProcessWorkers } from './order-steps';
import type { Scenario, ScenarioContext } from './scenario';

const DESCRIBE_EVERY_MS = 100;

/** Resolves once the order, its window passed, waits to give back what it took: the approver is late. */
async function untilGivingBack(handle: WorkflowHandle, signal: AbortSignal): Promise<void> {
  const givingBack = await untilDescribed(handle, DESCRIBE_EVERY_MS, signal, (description) =>
    Boolean(
      description.raw.pendingActivities?.some(
        (activity) => activity.activityType?.name === COMPENSATION.releaseInventory,
      ),
    ),
  );
  if (!givingBack) throw new Error('the order closed before it gave anything back');
}

/** Runs this CLI's command as the approver would in another terminal, and tells what it answered. */
async function approver(context: ScenarioContext, commandArguments: string[]): Promise<CliOutcome> {
  const outcome = await runCliCommand(commandArguments, context.server.childEnvironment(), context.signal);
  context.events.emit({
    type: 'command.ran',
    arguments: commandArguments,
    exitCode: outcome.code,
    output: `${outcome.stdout}${outcome.stderr}`,
  });
  return outcome;
}

function lateApprovalChecks(facts: WorkflowFacts, signalled: CliOutcome, updated: CliOutcome): Check[] {
  const fired = facts.timers[0]?.firedEventId;
  const late = facts.signals.find((signal) => signal.name === APPROVE_SIGNAL);
  const said = (outcome: CliOutcome) =>
    `exit ${outcome.code}: ${`${outcome.stdout}${outcome.stderr}`.trim()}`;
  return [
    {
      name: `the late ${APPROVE_SIGNAL} was recorded after the window passed, and changed nothing`,
      passed:
        fired !== undefined &&
        late !== undefined &&
        late.eventId > fired &&
        facts.status === 'completed' &&
        facts.result === ORDER_EXPIRED,
      evidence:
        `TimerFired (event ${fired ?? '—'}); WorkflowExecutionSignaled ${APPROVE_SIGNAL} ` +
        `(event ${late?.eventId ?? '—'}); result ${JSON.stringify(facts.result)}`,
    },
    {
      name: '`approve` told the approver nothing was wrong (exit 0): the signal was lost without a word',
      passed: signalled.code === 0 && signalled.stdout.includes(`Sent ${APPROVE_SIGNAL}`),
      evidence: said(signalled),
    },
    {
      name: '`approve --update` was refused with the reason (exit 1)',
      passed: updated.code === 1 && /refused: the order expired/.test(updated.stderr),
      evidence: said(updated),
    },
    {
      name: `the refused ${APPROVE_UPDATE} left no trace in the history`,
      passed: facts.updates.length === 0,
      evidence:
        facts.updates.length === 0
          ? `no WorkflowExecutionUpdateAccepted among ${facts.eventCount} events`
          : `WorkflowExecutionUpdateAccepted at event ${facts.updates[0].acceptedEventId}`,
    },
  ];
}

export const lateApproval: Scenario = {
  name: 'late-approval',
  title: 'A late approval: the signal is lost without a word, the update says why',
  summary:
    'An approval after the window: the signal is taken and ignored, the update is refused with the reason.',
  lesson:
    'A signal is fire-and-forget: the server records it whatever the workflow then does with it, so an ' +
    'approval that arrives after the order expired — while the order still gives back what it took — is ' +
    'dropped without a word, and the approver is told all went well. A Workflow Update is a request that ' +
    'answers: its validator runs in the workflow before anything is recorded and refuses a late approval with ' +
    'the reason ("the order expired 2 s ago"), so the approver knows.',
  options: {},
  validate: (_, server) =>
    requireRealTime(
      lateApproval.name,
      server,
      'the approver runs in real time; this server would skip the approval window meanwhile',
    ),
  async run(context) {
    const spec: OrderRunSpec = {
      order: orderWith({}),
      inventoryDown: false,
      approval: 'none',
      speed: context.speed,
      compensate: true,
    };
    const workers = await startInProcessWorkers(context);
    const handle = await startOrder(context, spec);
    const following = followOrder(context, handle, spec, {
      activitiesFromHistory: false,
      // Away while the order waits, the activity worker leaves its compensations waiting for another: the time in
      // which the approver is late, however fast this machine gives things back.
      whenWaitingForApproval: async () => {
        await workers.activity.stop();
        context.events.emit({ type: 'worker.stopped', role: 'activity' });
      },
    });
    // Awaited below; a failure meanwhile must not escape as an unhandled rejection.
    following.catch(() => undefined);
    await untilGivingBack(handle, context.signal);
    const approve = approveArguments(handle.workflowId, context.server.address, context.server.namespace);
    const signalled = await approver(context, approve);
    const updated = await approver(context, [...approve, '--update']);
    const activityWorker = await startInProcessWorker(context, 'activity');
    const outcome = await following;
    await activityWorker.stop();
    await workers.workflow.stop();
    return orderReport(
      context,
      lateApproval.name,
      spec,
      outcome,
      lateApprovalChecks(outcome.facts, signalled, updated),
    );
  },
};
