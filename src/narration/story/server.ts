// The Temporal server: its start, step by step, and its address; killed and started again (server-crash).
import type { ServerEvent } from '../../events/events';
import { capitalize, formatDuration } from '../format';
import type { Story, Tellers } from './teller';

export function serverTellers(story: Story): Tellers<ServerEvent> {
  const c = story.chalk;
  const ok = c.green('✓');
  return {
    'server.starting': (event) => {
      story.say(
        event,
        `Starting the embedded ${event.kind} (${event.executableSource ?? 'SDK download'}${event.executable ? `: ${event.executable}` : ''})`,
      );
      story.setStatus({ text: 'Starting the Temporal server…', since: Date.now(), kind: 'busy' });
    },
    'server.step': (event) => {
      story.say(event, c.dim(event.text));
      story.setStatus({ text: `${capitalize(event.text)}…`, since: Date.now(), kind: 'busy' });
    },
    'server.ready': (event) => {
      story.setStatus(undefined);
      story.say(
        event,
        `Temporal server ready at ${c.bold(event.address)}, namespace ${event.namespace} (${event.kind})`,
      );
      if (event.uiUrl) story.say(event, `Web UI: ${c.underline(event.uiUrl)}`);
      if (event.codecEndpoint) {
        story.say(
          event,
          `Codec server for the Web UI and \`temporal --codec-endpoint\`: ${event.codecEndpoint}`,
        );
      }
    },
    'server.killed': (event) => {
      story.setStatus(undefined);
      story.say(
        event,
        c.red.bold(`💥 Temporal server (pid ${event.pid}) killed with SIGKILL while ${event.while}`),
      );
      story.line(`    its state is in ${event.dbFilename}; workers and clients now get connection errors`);
      story.setStatus({
        text: 'Starting the server again on the same port and file:',
        since: Date.now(),
        kind: 'busy',
      });
    },
    'server.restarted': (event) => {
      story.setStatus(undefined);
      story.say(
        event,
        `${ok} Server back at ${event.address} (pid ${event.pid}) after ${formatDuration(event.downMs)} down`,
      );
      story.line(
        `    workers reconnect by themselves: ${event.workers
          .map((worker) => `${worker.role} worker (${worker.host}) ${worker.state}`)
          .join(', ')}`,
      );
    },
  };
}
