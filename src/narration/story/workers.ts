// The workers: started, stopped, killed; and a new workflow worker taking over a dead one's workflow (worker-crash).
import type { WorkerLifecycleEvent, WorkerRole } from '../../events/events';
import { capitalize, formatDuration } from '../format';
import type { Story, Tellers } from './teller';

/** A wait at least this long gets a countdown. */
const LONG_WAIT_MS = 3_000;

export function workerTellers(story: Story): Tellers<WorkerLifecycleEvent> {
  const c = story.chalk;
  const ok = c.green('✓');
  return {
    'worker.started': (event) => {
      story.say(
        event,
        `${workerName(event.role)} worker started (${event.host}${event.pid ? `, pid ${event.pid}` : ''}` +
          `${event.alsoIn ? `; also polling ${event.alsoIn.join(', ')}` : ''})` +
          (event.variant ? c.yellow(` — ${event.variant}`) : ''),
      );
    },
    'worker.stopped': (event) => {
      story.say(event, `${workerName(event.role)} worker stopped`);
    },
    'worker.killed': (event) => {
      story.say(
        event,
        c.red.bold(`💥 ${workerName(event.role)} worker (pid ${event.pid}) killed with ${event.signal}`),
      );
    },
    'sticky-queue.waiting': (event) => {
      story.say(
        event,
        `New workflow worker ${c.bold(event.replacementIdentity)} polls order-task-queue; it has never seen this order`,
      );
      story.line(
        `    the workflow's next task goes first to the sticky queue of ${event.crashedIdentity}, the dead ` +
          'worker that had the workflow in its cache;',
      );
      story.line(
        `    nobody polls it any more, so the server waits ${formatDuration(event.timeoutMs)} (the sticky ` +
          'schedule-to-start timeout) before it offers the task on order-task-queue, to any worker',
      );
      // Long waits get a countdown once the task exists: when the server records the approval.
      if (event.timeoutMs >= LONG_WAIT_MS) {
        story.deferCountdown("Waiting for the dead worker's sticky queue to time out:", event.timeoutMs);
      }
    },
    'workflow.replayed': (event) => {
      story.setStatus(undefined);
      const scheduled = Object.entries(event.activitiesScheduled)
        .map(([activity, times]) => `${activity} ×${times}`)
        .join(', ');
      story.say(
        event,
        `${ok} ${c.bold(event.identity)} received the history up to event ${event.receivedUpToEventId} and ` +
          `replayed the ${event.replayedEvents} events from before the crash to rebuild the workflow's state`,
      );
      const route = event.stickyTimedOut
        ? 'the task reached it after the sticky queue timed out'
        : 'the server sent the task straight to order-task-queue';
      const activities = Object.values(event.activitiesScheduled).every((times) => times === 1)
        ? `no activity ran again (each scheduled once: ${scheduled || 'none'})`
        : `activities scheduled: ${scheduled}`;
      story.line(`    ${route}; ${activities};`);
      story.line(
        '    the approval timer was started ' +
          `${event.timersStarted === 1 ? 'once, so it kept its deadline' : `${event.timersStarted} times`}`,
      );
    },
  };
}

function workerName(role: WorkerRole): string {
  return role === 'combined' ? 'Workflow-and-activity' : capitalize(role);
}
