// The activities' attempts, and what the server does about them: retries, time-outs, attempts on a worker without
// the activity, compensations.
import type { ActivityAttemptEvent, ActivityScheduleEvent, EventOfType } from '../../events/events';
import { formatDuration } from '../format';
import type { Story, Tellers } from './teller';

export function activityTellers(story: Story): Tellers<ActivityAttemptEvent | ActivityScheduleEvent> {
  const c = story.chalk;
  const ok = c.green('✓');
  const bad = c.red('✗');
  return {
    'activity.started': (event) => {
      story.say(event, `${c.cyan('→')} ${event.activity} attempt ${event.attempt} started`);
      story.setStatus({
        text: `${event.activity} attempt ${event.attempt} running…`,
        since: Date.now(),
        kind: 'busy',
      });
    },
    'activity.completed': (event) => {
      story.setStatus(undefined);
      story.say(event, `${ok} ${event.activity} attempt ${event.attempt}: ${event.result}`);
    },
    'activity.cancelled': (event) => {
      story.setStatus(undefined);
      story.say(
        event,
        `${c.yellow('⊘')} ${event.activity} attempt ${event.attempt} cancelled: the workflow asked it to stop`,
      );
    },
    'activity.failed': (event) => {
      story.setStatus(undefined);
      story.say(
        event,
        `${bad} ${event.activity} attempt ${event.attempt} failed: ${event.message} ` +
          (event.retry === 'retrying' ? c.yellow : c.red)(`(${retryNote(event)})`),
      );
    },
    'activity.retry-scheduled': (event) => {
      story.say(
        event,
        `${c.yellow('↻')} server retries ${event.activity} in ${formatDuration(event.delayMs)} (attempt ${event.nextAttempt})`,
      );
      story.setStatus({
        text: `Backing off before ${event.activity} attempt ${event.nextAttempt}:`,
        since: Date.now(),
        until: Date.now() + event.delayMs,
        kind: 'countdown',
      });
    },
    'activity.timed-out': (event) => {
      story.setStatus(undefined);
      story.say(
        event,
        `${c.yellow('⏱')} Server: ${event.activity} attempt ${event.attempt} timed out (${event.timeoutType}); ` +
          `attempt ${event.nextAttempt} scheduled`,
      );
    },
    'activity.unregistered': (event) => {
      story.say(
        event,
        `${bad} ${event.activity} attempt ${event.attempt} failed: ${c.bold('not registered')} on ` +
          `${event.worker ?? 'the worker that took it'}, which lacks order-demo's compensations (the Python ` +
          "sample's worker has none); the server retries it until an order-demo activity worker takes it",
      );
      story.line(c.dim(`    ${event.message}`));
    },
    'compensation.scheduled': (event) => {
      story.say(event, `${c.cyan('↩')} Giving back: ${c.bold(event.activity)} scheduled`);
    },
  };
}

/** Whether another attempt follows a failed one, and if not, why not: "non-retryable InvalidCreditCard: ...". */
export function retryNote(event: EventOfType<'activity.failed'>): string {
  const reason = {
    retrying: 'retryable',
    'non-retryable': `non-retryable${event.errorType ? ` ${event.errorType}` : ''}: no more attempts`,
    'retries-exhausted': 'maximum attempts reached: no more attempts',
    'out-of-time': 'out of time to retry: no more attempts',
    'not-retried': 'not retried: no more attempts',
  }[event.retry];
  return event.timeoutType ? `timed out: ${event.timeoutType}; ${reason}` : reason;
}
