// Human in the loop, with the second terminal played by a second process: the approve command the narration
// prints is run as its own process — twice, as an impatient approver would — while the workflow waits.
import { orderWith } from '../domain/order';
import { requireRealTime } from '../runs/runnable';
import type { OrderRunSpec } from '../domain/order-run';
import type { CliOutcome } from '../processes/cli-process';
import { approveArguments, runCliCommand } from '../processes/cli-process';
import type { Check } from '../verification/checks';
import { ACTIVITY, APPROVE_SIGNAL } from '../domain/contract';
import type { WorkflowFacts } from '../verification/workflow-facts';
import { activitiesOfType } from '../verification/workflow-facts';
import { followOrder, startOrder } from '../temporal/order-client/start-and-follow';
import { orderReport, startInProcessWorkers } from './order-steps';
import type { Scenario } from './scenario';

const APPROVERS = 2;
const MAX_SPEED_FOR_A_PERSON = 10;

function approvedTwiceChecks(facts: WorkflowFacts, exitCodes: (number | null)[]): Check[] {
  const signals = facts.signals.filter((signal) => signal.name === APPROVE_SIGNAL);
  const deliveries = activitiesOfType(facts, ACTIVITY.deliverOrder);
  return [
    {
      name: 'approving twice is harmless: the order is delivered once',
      passed: deliveries.length === 1 && signals.length >= 1,
      evidence:
        `${signals.length} approve_order signal(s) recorded (event ${signals.map((s) => s.eventId).join(', ') || '—'}), ` +
        `${deliveries.length} deliver_order scheduled; approve processes exited ${exitCodes.join(' and ')}`,
    },
  ];
}

export const humanInTheLoop: Scenario = {
  name: 'human-in-the-loop',
  title: 'Human in the loop: the order waits for a person, who approves from another terminal',
  summary: 'The order waits for a person: the printed approve command, run twice as its own process.',
  lesson:
    'The workflow pauses for a decision that only a person can make, for as long as the approval window allows, ' +
    'holding no thread and no process. The approval arrives as a signal from anywhere — here, the printed ' +
    '`approve` command run as a separate process, twice: signals are recorded, the order is delivered once.',
  options: {},
  validate: (_, server) =>
    requireRealTime(
      humanInTheLoop.name,
      server,
      'the approver runs in real time; this server would skip the approval window meanwhile',
    ),
  async run(context) {
    // The approver is a real process that needs about a second to start: keep the approval window humane.
    const paced = { ...context, speed: Math.min(context.speed, MAX_SPEED_FOR_A_PERSON) };
    const spec: OrderRunSpec = {
      order: orderWith({}),
      inventoryDown: false,
      approval: 'manual',
      speed: paced.speed,
    };
    const stop = new AbortController();
    const signal = AbortSignal.any([stop.signal, context.signal]);
    const workers = await startInProcessWorkers(paced);
    let approving: Promise<CliOutcome[]> = Promise.resolve([]);
    const approveTwice = (workflowId: string) => {
      const approve = approveArguments(workflowId, context.server.address, context.server.namespace);
      approving = Promise.all(
        Array.from({ length: APPROVERS }, () =>
          runCliCommand(approve, context.server.childEnvironment(), signal),
        ),
      );
      // Awaited after the order is followed; a failure meanwhile must not escape as an unhandled rejection.
      approving.catch(() => undefined);
    };
    try {
      const handle = await startOrder(paced, spec);
      const outcome = await followOrder(paced, handle, spec, {
        activitiesFromHistory: false,
        onManualApproval: approveTwice,
      });
      const exitCodes = (await approving).map((result) => result.code);
      await workers.activity.stop();
      await workers.workflow.stop();
      return orderReport(
        paced,
        humanInTheLoop.name,
        spec,
        outcome,
        approvedTwiceChecks(outcome.facts, exitCodes),
      );
    } finally {
      stop.abort();
    }
  },
};
