// Two regions: the namespace failing over, a region lost and back, the link between them cut and healed, and the
// copies of each order's history converging.
import type { RegionEvent } from '../../events/events';
import { formatDuration } from '../format';
import type { Story, Tellers } from './teller';

export function regionTellers(story: Story): Tellers<RegionEvent> {
  const c = story.chalk;
  const ok = c.green('✓');
  const busy = (text: string) => story.setStatus({ text, since: Date.now(), kind: 'busy' });
  const versions = (before?: number, after?: number) =>
    before === undefined || after === undefined ? '' : ` (failover version ${before} → ${after})`;
  return {
    'region.failover': (event) => {
      story.setStatus(undefined);
      story.say(
        event,
        `${ok} ${event.how === 'planned' ? 'Planned handover' : 'Forced failover'}: the namespace moved from ` +
          `${event.from} to ${event.to}${versions(event.versionBefore, event.versionAfter)}; ${event.to} accepted writes after ${formatDuration(event.tookMs)}`,
      );
    },
    'region.lost': (event) => {
      story.setStatus(undefined);
      story.say(
        event,
        c.red.bold(
          `💥 ${event.region} lost: its server and workers (pids ${event.pids.join(', ')}) SIGKILLed while ${event.while}`,
        ),
      );
      for (const order of event.eventsBehind) {
        story.line(
          `    ${order.workflowId}: ${order.own} events in ${event.region}, ${order.replicated} replicated ` +
            `(${order.own - order.replicated} behind)`,
        );
      }
    },
    'region.restarted': (event) => {
      story.say(
        event,
        `${ok} ${event.region} started again (pid ${event.pid}) after ${formatDuration(event.downMs)} down`,
      );
      busy(`Waiting for ${event.region}'s copies to converge:`);
    },
    'region.link-cut': (event) => {
      story.say(
        event,
        c.yellow(
          `✂ The link between the regions is cut (${event.how === 'refused' ? 'connections refused' : 'a black hole: nothing answers'}): replication stops`,
        ),
      );
    },
    'region.link-healed': (event) => {
      story.say(event, `${ok} The link is healed after ${formatDuration(event.cutMs)}`);
    },
    'region.lag': (event) => {
      story.say(
        event,
        `${event.workflowId}: ${event.region} is ${event.behind} events behind, ${formatDuration(event.sinceCutMs)} into the cut`,
      );
    },
    'regions.converged': (event) => {
      story.setStatus(undefined);
      story.say(
        event,
        `${ok} ${event.workflowId}: both regions hold the same ${event.events} events ` +
          `(${formatDuration(event.afterMs)} to converge)`,
      );
    },
  };
}
