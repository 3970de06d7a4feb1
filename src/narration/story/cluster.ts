// The real engine's cluster: its supervisor restarting a service that exited, and the history hosts and shards
// the history-failover scenario kills and follows.
import type { ClusterSupervisionEvent, ShardEvent } from '../../events/events';
import { formatDuration } from '../format';
import { supervisionLines } from '../supervision';
import type { Story, Tellers } from './teller';

export function clusterTellers(story: Story): Tellers<ClusterSupervisionEvent | ShardEvent> {
  const c = story.chalk;
  const ok = c.green('✓');
  const supervised = (event: ClusterSupervisionEvent): void => {
    for (const line of supervisionLines(event, c)) story.line(line);
  };
  return {
    'cluster.service-exited': supervised,
    'cluster.service-restarted': supervised,
    'shards.owned': (event) => {
      story.say(
        event,
        `Shards by history host (the database's shards table): ${Object.entries(event.owners)
          .map(([host, shards]) => `${host} owns ${shards.join(', ') || 'none'}`)
          .join('; ')}` +
          (event.orderShard !== undefined ? `; the order lives in shard ${event.orderShard}` : ''),
      );
    },
    'history-host.killed': (event) => {
      story.setStatus(undefined);
      story.say(
        event,
        c.red.bold(`💥 ${event.host} (pid ${event.pid}) killed with SIGKILL while ${event.while}`),
      );
      story.line(
        `    it owned shards ${event.shards.join(', ')}: until another host takes them, they serve nobody`,
      );
      story.setStatus({
        text: 'Waiting for membership to notice and the surviving host to take the shards:',
        since: Date.now(),
        kind: 'busy',
      });
    },
    'shards.moved': (event) => {
      story.setStatus(undefined);
      story.say(
        event,
        `${ok} ${event.why === 'failover' ? 'Failover' : 'Rebalance'} after ${formatDuration(event.afterMs)}: ` +
          event.moves
            .map(
              (move) =>
                `shard ${move.shardId} ${move.from} → ${move.to} (range_id ${move.rangeIdBefore} → ${move.rangeIdAfter})`,
            )
            .join(', '),
      );
    },
    'history-host.restarted': (event) => {
      story.say(
        event,
        `${ok} ${event.host} started again (pid ${event.pid}) on its ports after ${formatDuration(event.downMs)} down`,
      );
      story.setStatus({ text: 'Waiting for the shards to rebalance:', since: Date.now(), kind: 'busy' });
    },
  };
}
