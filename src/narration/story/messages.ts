// What reaches an order from outside: the approval it waits for, signals, updates, a cancellation, and this CLI's
// commands as a person in another terminal runs them.
import type { OrderMessageEvent } from '../../events/events';
import { commandLine, formatDuration } from '../format';
import type { Story, Tellers } from './teller';

export function messageTellers(story: Story): Tellers<OrderMessageEvent> {
  const c = story.chalk;
  const ok = c.green('✓');
  return {
    'approval.waiting': (event) => {
      story.say(
        event,
        `Waiting up to ${formatDuration(event.windowMs)} for ${c.bold('approve_order')} (durable timer started)`,
      );
      story.setStatus({
        text: 'Waiting for approval:',
        since: Date.now(),
        until: Date.now() + event.windowMs,
        kind: 'countdown',
      });
    },
    'approval.manual': (event) => {
      story.say(event, c.bold('Approve the order from another terminal:'));
      story.line(`    ${c.cyan(commandLine(story.invocation, event.approveArguments))}`);
    },
    'approval.expired': (event) => {
      story.setStatus(undefined);
      story.say(event, c.yellow('Approval window passed: the durable timer fired'));
    },
    'signal.sent': (event) => {
      story.say(event, `Sending ${c.bold(event.signal)} to ${event.workflowId}, as an approver would`);
    },
    'signal.received': (event) => {
      story.setStatus(undefined);
      story.say(event, `${ok} Server recorded signal ${c.bold(event.signal)}`);
      story.startDeferredCountdown();
    },
    'update.accepted': (event) => {
      story.setStatus(undefined);
      story.say(event, `${ok} Server recorded update ${c.bold(event.update)}: its validator accepted it`);
    },
    'cancel.sent': (event) => {
      story.say(event, `Requesting the cancellation of ${event.workflowId}, as \`cancel\` does`);
      if (event.heartbeatEveryMs !== undefined) {
        story.line(
          `    the activity in flight learns of it from the answer to a heartbeat, which the SDK sends at most ` +
            `every ${formatDuration(event.heartbeatEveryMs)} (80% of its heartbeat timeout)`,
        );
      }
    },
    'cancel.received': (event) => {
      story.setStatus(undefined);
      story.say(event, `${ok} Server recorded the cancellation request: the workflow stops where it is`);
    },
    'command.ran': (event) => {
      story.say(
        event,
        `${c.cyan('$')} ${commandLine(story.invocation, event.arguments)} → exit ${event.exitCode ?? 'killed'}`,
      );
      for (const text of event.output.trim().split('\n').filter(Boolean)) story.line(`    ${text}`);
    },
  };
}
