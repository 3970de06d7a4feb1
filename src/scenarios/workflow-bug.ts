// The sample's "bug in workflow" without editing code: the workflow worker runs with a bug injected into the
// workflow (a workflow interceptor module), the workflow gets stuck but stays alive, then the fix is "deployed" by
// replacing the worker, and the same run finishes.
import type { WorkflowExecutionDescription } from '@temporalio/client';
import { ACTIVITY } from '../domain/contract';
import { orderWith } from '../domain/order';
import type { OrderRunSpec } from '../domain/order-run';
import { pollDescriptions } from '../temporal/describe-poller';
import type { Check } from '../verification/checks';
import type { WorkflowFacts } from '../verification/workflow-facts';
import { activitiesOfType } from '../verification/workflow-facts';
import { INJECTED_BUG_MESSAGE } from '../workflows/injected-bug';
import { startInProcessWorker } from '../temporal/workers';
import { followOrder, startOrder } from '../temporal/order-client/start-and-follow';
import { orderReport } from './order-steps';
import { option } from '../runs/options';
import { requireRealTime } from '../runs/runnable';
import type { Scenario } from './scenario';

const options = {
  fixAfter: option.integer({
    description: 'Deploy the fix after this many failed workflow tasks.',
    default: 2,
    min: 1,
    max: 20,
  }),
};

const DESCRIBE_EVERY_MS = 100;

function bugChecks(facts: WorkflowFacts, startedRunId: string): Check[] {
  const failures = facts.workflowTaskFailures.filter((failure) => failure.message === INJECTED_BUG_MESSAGE);
  const payments = activitiesOfType(facts, ACTIVITY.processPayment);
  return [
    {
      name: `the bug failed workflow tasks, not the workflow (${JSON.stringify(INJECTED_BUG_MESSAGE)})`,
      passed: failures.length > 0,
      evidence:
        failures.length > 0
          ? `WorkflowTaskFailed ${JSON.stringify(INJECTED_BUG_MESSAGE)} at event ${failures.map((f) => f.eventId).join(', ')} ` +
            '(the server records the first failure of a streak; its retries are transient)'
          : `no WorkflowTaskFailed with ${JSON.stringify(INJECTED_BUG_MESSAGE)} in ${facts.eventCount} events`,
    },
    {
      name: 'the same run completed after the fix',
      passed: facts.runId === startedRunId && facts.status === 'completed',
      evidence: `run ${facts.runId} is ${facts.status} (WorkflowExecutionCompleted at event ${facts.closeEventId ?? '—'}); started as run ${startedRunId}`,
    },
    {
      name: 'work done before the bug was kept: process_payment ran once',
      passed: payments.length === 1 && payments[0].attempt === 1,
      evidence: `${payments.length} ActivityTaskScheduled for process_payment (event ${payments.map((p) => p.scheduledEventId).join(', ')})`,
    },
  ];
}

export const workflowBug: Scenario<typeof options> = {
  name: 'workflow-bug',
  title: 'Bug in the workflow: stuck but alive, then fixed in place',
  summary: 'A bug in the running workflow: stuck but alive, then fixed in place, same run.',
  lesson:
    'A deployment ships a workflow that throws. Temporal does not fail the order: the failing workflow task is ' +
    'retried while the workflow waits, with everything it had done so far intact. Deploying the fixed code — ' +
    'here, replacing the workflow worker with one without the bug — lets the very same run continue where it ' +
    'stopped, as if the bug had never been there.',
  options,
  validate: (_, server) =>
    requireRealTime(
      workflowBug.name,
      server,
      'the time-skipping test server does not report the retried workflow task this scenario follows (describe() ' +
        'shows no pending workflow task)',
    ),
  async run(context, { fixAfter }) {
    const spec: OrderRunSpec = {
      order: orderWith({}),
      inventoryDown: false,
      approval: 'auto',
      speed: context.speed,
    };
    const stop = new AbortController();
    const signal = AbortSignal.any([stop.signal, context.signal]);
    const buggy = await startInProcessWorker(context, 'workflow', { variant: 'with-injected-bug' });
    const activityWorker = await startInProcessWorker(context, 'activity');
    let polling: Promise<void> = Promise.resolve();
    try {
      const handle = await startOrder(context, spec);
      const following = followOrder(context, handle, spec, { activitiesFromHistory: false });
      following.catch(() => undefined);

      let reportedAttempt = 1;
      const enoughFailures = new Promise<WorkflowExecutionDescription>((resolve, reject) => {
        polling = pollDescriptions(handle, DESCRIBE_EVERY_MS, signal, (description) => {
          const attempt = description.raw.pendingWorkflowTask?.attempt ?? 0;
          if (attempt > reportedAttempt) {
            reportedAttempt = attempt;
            context.events.emit({ type: 'workflow-task.retrying', attempt });
          }
          if (attempt - 1 >= fixAfter) resolve(description);
        });
        polling.catch(reject);
      });
      const stuck = await Promise.race([
        enoughFailures,
        following.then(() => {
          throw new Error('the workflow finished although the bug was injected');
        }),
      ]);
      context.events.emit({
        type: 'note',
        text:
          `Workflow is ${stuck.status.name} after ${reportedAttempt - 1} failed workflow task attempts: stuck, but nothing ` +
          'is lost. Deploying the fix: replacing the workflow worker with one without the bug.',
      });
      await buggy.stop();
      context.events.emit({ type: 'worker.stopped', role: 'workflow' });
      const fixed = await startInProcessWorker(context, 'workflow');
      const outcome = await following;
      await fixed.stop();
      await activityWorker.stop();
      return orderReport(
        context,
        workflowBug.name,
        spec,
        outcome,
        bugChecks(outcome.facts, handle.firstExecutionRunId),
      );
    } finally {
      stop.abort();
      // A describe() still in flight must not outlive the scenario: the server may be torn down next.
      await polling.catch(() => undefined);
    }
  },
};
