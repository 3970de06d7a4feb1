// The activities' progress as they report it (the packing slip, each item, a repeat the ledger absorbed), and the
// checkpoint the server holds of it while a heartbeat timeout is awaited.
import type { ActivityProgressEvent, CheckpointEvent } from '../../events/events';
import { formatDuration, progressBar } from '../format';
import type { Story, Tellers } from './teller';

export function activityProgressTellers(story: Story): Tellers<ActivityProgressEvent | CheckpointEvent> {
  const c = story.chalk;
  return {
    'packing.slip-acquired': (event) => {
      story.say(
        event,
        `Packing slip ${c.bold(event.slipId)} acquired and checkpointed before any item (attempt ${event.attempt})`,
      );
      story.setStatus({
        text: `Packing ${progressBar(0, event.total)} 0/${event.total}`,
        since: Date.now(),
        kind: 'progress',
      });
    },
    'packing.resumed': (event) => {
      story.say(
        event,
        c.green(
          `Resuming from checkpoint idx=${event.fromIndex - 1} with the same slip ${c.bold(event.slipId)}`,
        ) + ` (attempt ${event.attempt}, ${event.total - event.fromIndex} items left)`,
      );
    },
    'packing.item-packed': (event) => {
      story.say(
        event,
        `  packed ${event.sku} (${event.index + 1}/${event.total}), checkpoint idx=${event.index}`,
      );
      story.setStatus(
        event.index + 1 < event.total
          ? {
              text: `Packing ${progressBar(event.index + 1, event.total)} ${event.index + 1}/${event.total}`,
              since: Date.now(),
              kind: 'progress',
            }
          : undefined,
      );
    },
    'ledger.duplicate-absorbed': (event) => {
      story.say(event, `  ${c.green('↺')} ${event.description} ${c.dim(`(idempotency key ${event.key})`)}`);
    },
    'checkpoint.recorded': (event) => {
      story.say(
        event,
        c.dim(
          `  server holds checkpoint idx=${event.index} (${event.index < 0 ? 'before any item' : event.sku}), ` +
            `slip ${event.slipId}, attempt ${event.attempt}`,
        ),
      );
    },
    'heartbeat-timeout.waiting': (event) => {
      const lost = event.workerIndex - event.serverIndex;
      story.say(
        event,
        `The worker had packed up to idx=${event.workerIndex}; the server holds idx=${event.serverIndex} ` +
          `(${event.serverIndex < 0 ? 'before any item' : event.serverSku}) with slip ${c.bold(event.slipId)}`,
      );
      if (lost > 0) {
        story.line(
          c.yellow(
            `    heartbeats are throttled: the SDK sends at most one every ${formatDuration(event.throttleMs)} ` +
              `(80% of the heartbeat timeout), so ${lost} item${lost === 1 ? '' : 's'} will be packed again — ` +
              'at-least-once execution, which is why activities must be idempotent',
          ),
        );
      }
      story.line(
        `    the server declares attempt 1 dead after ${formatDuration(event.heartbeatTimeoutMs)} without a heartbeat`,
      );
      story.setStatus({
        text: 'Waiting for the heartbeat timeout:',
        since: Date.now(),
        until: Date.now() + event.remainingMs,
        kind: 'countdown',
      });
    },
  };
}
