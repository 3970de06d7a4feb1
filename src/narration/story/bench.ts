// `bench`: each load as it starts, and the orders it has closed on the status line.
import type { BenchEvent } from '../../events/events';
import { benchProgress } from '../bench-report';
import type { Story, Tellers } from './teller';

export function benchTellers(story: Story): Tellers<BenchEvent> {
  /** Orders the current load has closed so far. */
  let completed = 0;
  return {
    'bench.load-started': (event) => {
      const startedAt = Date.now();
      completed = 0;
      if (event.loads > 1) {
        story.say(
          event,
          `Load ${event.load} of ${event.loads}: ${event.orders} orders on ${event.workerProcesses} worker processes`,
        );
      }
      story.setStatus({ kind: 'tally', text: () => benchProgress(completed, event.orders, startedAt) });
    },
    'bench.order-closed': (event) => {
      completed = event.completed;
    },
  };
}
