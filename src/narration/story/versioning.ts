// The versioning scenario: its acts, the orders in flight as new code meets their history, non-determinism in
// plain words, the replay gate, and the Worker Deployment's versions.
import type { VersioningEvent } from '../../events/events';
import { verdictLine } from '../replay-report';
import { nondeterminismInPlainWords } from '../versioning-report';
import type { Story, Tellers } from './teller';

export function versioningTellers(story: Story): Tellers<VersioningEvent> {
  const c = story.chalk;
  const ok = c.green('✓');
  /** Non-determinism errors already explained in plain words: each is explained once. */
  const explained = new Set<string>();
  return {
    'act.started': (event) => {
      story.setStatus(undefined);
      story.line();
      story.line(c.bold(`Act ${event.act} of ${event.acts} — ${event.title}`));
    },
    'act.skipped': (event) => {
      story.line();
      story.line(c.bold(`Act ${event.act} of ${event.acts} — ${event.title}`));
      story.say(event, c.yellow(`Skipped: ${event.reason}`));
    },
    'order.reached': (event) => {
      story.say(
        event,
        `● order ${c.bold(event.orderId)} on ${event.version}: ${event.stage} (event ${event.eventId})`,
      );
    },
    'workflow-task.nondeterministic': (event) => {
      story.say(
        event,
        c.yellow(
          `⚠ order ${c.bold(event.orderId)}: WorkflowTaskFailed (event ${event.eventId}), cause ${event.cause}`,
        ),
      );
      story.indented(c.dim(event.divergence.message));
      if (explained.has(event.divergence.message)) story.indented('The same divergence as above.');
      else story.indented(nondeterminismInPlainWords(event.divergence));
      explained.add(event.divergence.message);
    },
    'order.stuck': (event) => {
      story.say(
        event,
        `Stuck, not lost: order ${c.bold(event.orderId)} is ${event.status}, its workflow task on attempt ` +
          `${event.workflowTaskAttempt}; its history still holds ${event.completedActivities.join(', ') || 'its start'}` +
          (event.signals > 0
            ? ` and ${event.signals === 1 ? 'the approval' : `${event.signals} signals`}`
            : ''),
      );
    },
    'order.closed': (event) => {
      story.say(
        event,
        `${ok} order ${c.bold(event.orderId)} closed on ${event.version}: ${c.bold(event.result)} — ` +
          `${event.activities.join(' → ')}` +
          (event.patch
            ? `; patch marker ${JSON.stringify(event.patch.patchId)}${event.patch.deprecated ? ' (deprecated)' : ''}`
            : '; no patch marker'),
      );
    },
    'replay-gate.checked': (event) => {
      story.say(event, `Replay gate: the histories so far against ${c.bold(event.against)}`);
      for (const verdict of event.verdicts) {
        story.line(`    ${verdictLine(verdict, c)} ${c.dim(verdict.open ? '(open)' : '(closed)')}`);
      }
    },
    'deployment.current-version': (event) => {
      story.say(
        event,
        event.buildId
          ? `Server: new workflows of ${event.taskQueue} now start on ${c.bold(`${event.deploymentName} ${event.buildId}`)} (its current version)`
          : `Server: new workflows of ${event.taskQueue} go to unversioned workers again (${event.deploymentName} has no current version)`,
      );
    },
    'deployment.drained': (event) => {
      story.say(
        event,
        `${ok} Server: ${c.bold(`${event.deploymentName} ${event.buildId}`)} is drained: no workflow pinned to it is open`,
      );
    },
    'order.pinned': (event) => {
      story.say(
        event,
        `order ${c.bold(event.orderId)} is ${event.behavior}` +
          (event.buildId ? ` to ${c.bold(`${event.deploymentName} ${event.buildId}`)}` : '') +
          c.dim(' (describe(): versioningInfo)'),
      );
    },
  };
}
