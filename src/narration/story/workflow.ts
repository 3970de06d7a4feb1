// An order's workflow: started, its workflow tasks failed and retried, how it closed, and where a failure is.
import type { WorkflowEvent } from '../../events/events';
import type { Story, Tellers } from './teller';

export function workflowTellers(story: Story): Tellers<WorkflowEvent> {
  const c = story.chalk;
  const ok = c.green('✓');
  const bad = c.red('✗');
  return {
    'workflow.started': (event) => {
      story.say(
        event,
        `Started OrderWorkflow ${c.bold(event.workflowId)} for order ${event.orderId}` +
          (event.inventoryDown ? c.yellow(' (inventory service down)') : '') +
          (event.itemsToPack > 0 ? `, ${event.itemsToPack} items to pack` : ''),
      );
      if (event.uiUrl) story.say(event, `  history: ${c.underline(event.uiUrl)}`);
    },
    'workflow-task.retrying': (event) => {
      story.say(event, `${c.yellow('↻')} Server retries the workflow task: attempt ${event.attempt}`);
    },
    'workflow-task.failed': (event) => {
      story.say(
        event,
        `${c.yellow('⚠')} Workflow task failed: ${event.message}${event.attempt ? ` (attempt ${event.attempt})` : ''}`,
      );
    },
    'workflow.completed': (event) => {
      story.setStatus(undefined);
      story.say(event, `${ok} Workflow completed: ${c.bold(event.result)}`);
    },
    'workflow.cancelled': (event) => {
      story.setStatus(undefined);
      story.say(event, `${c.yellow('⊘')} Workflow cancelled`);
    },
    'workflow.failed': (event) => {
      story.setStatus(undefined);
      story.say(
        event,
        `${bad} Workflow failed: ${event.message}` +
          (event.cause
            ? ` — cause ${event.causeType ? `${event.causeType}: ` : ''}${c.bold(event.cause)}`
            : '') +
          (event.activity ? ` in ${event.activity}` : ''),
      );
    },
    'failure.located': (event) => {
      story.say(event, c.bold('Where to find the failure:'));
      story.line(`    workflow ${event.workflowId}, run ${event.runId}`);
      if (event.activity) {
        story.line(
          `    event ${event.eventId}: ${event.activity} attempt ${event.attempt} failed` +
            (event.nonRetryable ? ' (non-retryable, so never retried)' : ''),
        );
      }
      story.line(
        `    error type ${c.bold(event.errorType ?? 'unknown')}, message ${c.bold(JSON.stringify(event.message))}`,
      );
      story.line(
        c.dim(
          `    temporal workflow show --workflow-id ${event.workflowId} --run-id ${event.runId} ` +
            `--address ${event.address} --namespace ${event.namespace}` +
            (event.codecEndpoint ? ` --codec-endpoint ${event.codecEndpoint}` : ''),
        ),
      );
    },
  };
}
