// `chaos`: its plan, then each fault as it strikes (or strikes nothing), and a tally of orders closed and faults
// struck on the status line.
import { faultCounts } from '../../chaos/plan';
import type { OrderOutcome } from '../../domain/order-run';
import type { ChaosEvent, FaultTarget } from '../../events/events';
import { chaosProgress, describePlan, faultLine, skippedFaultLine } from '../chaos-progress';
import type { Story, Tellers } from './teller';

/** What the story counts of a chaos run as its events arrive, for its progress line. */
interface ChaosTally {
  closed: Partial<Record<OrderOutcome, number>> & { total: number };
  faults: Record<FaultTarget, number>;
}

export function chaosTellers(story: Story): Tellers<ChaosEvent> {
  const c = story.chalk;
  let tally: ChaosTally | undefined;
  return {
    'chaos.planned': (event) => {
      for (const line of describePlan(event)) story.line(line);
      const planned: ChaosTally = { closed: { total: 0 }, faults: faultCounts([]) };
      tally = planned;
      story.setStatus({ kind: 'tally', text: () => chaosProgress(event, planned.closed, planned.faults) });
    },
    'chaos.order-closed': (event) => {
      if (tally) {
        tally.closed.total++;
        tally.closed[event.outcome] = (tally.closed[event.outcome] ?? 0) + 1;
      }
    },
    'chaos.fault': (event) => {
      if (tally) tally.faults[event.target]++;
      story.line(faultLine(event, c));
    },
    'chaos.fault-skipped': (event) => {
      story.line(skippedFaultLine(event, c));
    },
  };
}
