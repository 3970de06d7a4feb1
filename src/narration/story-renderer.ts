// Renders the event stream as a story a person can follow: one line per step, with the time since the start,
// colour only on a terminal, and a live status line (spinner, countdown, progress) while something is waited for.
import type { ChalkInstance } from 'chalk';
import { Chalk } from 'chalk';
import wrapAnsi from 'wrap-ansi';
import type { OrderOutcome } from '../domain/order-run';
import type { EventBus } from '../events/event-bus';
import type { EventOfType, FaultTarget, TimedEvent, WorkerRole } from '../events/events';
import { faultCounts } from '../chaos/plan';
import { benchProgress } from './bench-report';
import { chaosProgress, describePlan, faultLine, skippedFaultLine } from './chaos-report';
import { supervisionLines } from './supervision';
import { commandLine, formatDuration, progressBar } from './format';
import { verdictLine } from './replay-report';
import { nondeterminismInPlainWords } from './versioning-report';
import type { Lines } from './progress-line';
import { ProgressLine } from './progress-line';

export interface StoryOptions {
  /** Colour and the live status line: only on a terminal, and never with NO_COLOR for colour. */
  color: boolean;
  interactive: boolean;
  out: NodeJS.WriteStream;
  /** How a person runs this CLI from another terminal, for the commands the story prints (`npx order-demo`). */
  invocation: string;
}

/** Columns of a scenario's lesson, before its indent. */
const LESSON_WIDTH = 100;
/** The columns a step's time stamp takes, under which its explanation lines up. */
const STEP_INDENT = 11;
/** A wait at least this long gets a countdown. */
const LONG_WAIT_MS = 3_000;

type Status =
  | { text: string; since: number; until?: number; kind: 'countdown' | 'progress' | 'busy' }
  | { kind: 'tally'; text: () => string }
  | undefined;

/** What the story counts of a chaos run as its events arrive, for its progress line. */
interface ChaosTally {
  closed: Partial<Record<OrderOutcome, number>> & { total: number };
  faults: Record<FaultTarget, number>;
}

export class StoryRenderer implements Lines {
  private readonly chalk: ChalkInstance;
  private readonly progress: ProgressLine;
  private status: Status;
  /** A sticky queue timeout to count down once the task that waits for it exists. */
  private stickyWaitMs: number | undefined;
  private chaos: ChaosTally | undefined;
  /** Orders a bench load has closed so far. */
  private benchCompleted = 0;
  /** Non-determinism errors already explained in plain words: each is explained once. */
  private readonly explained = new Set<string>();
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly bus: EventBus,
    private readonly options: StoryOptions,
  ) {
    this.chalk = new Chalk({ level: options.color ? 1 : 0 });
    this.progress = new ProgressLine(options.out, options.interactive, (text) => this.chalk.dim(text));
  }

  start(): this {
    this.unsubscribe = this.bus.subscribe((event) => this.render(event));
    return this;
  }

  stop(): void {
    this.unsubscribe?.();
    this.progress.stop();
  }

  /** A line that is not an event: headings, verdicts. */
  line(text = ''): void {
    this.progress.line(text);
  }

  /** The run's title and why it matters, before anything runs. */
  intro(title: string, lesson: string): void {
    this.line(this.chalk.bold(title));
    this.line(
      wrapAnsi(lesson, LESSON_WIDTH, { hard: false })
        .split('\n')
        .map((text) => this.chalk.dim(`  ${text}`))
        .join('\n'),
    );
    this.line();
  }

  /** The run is over: nothing is waited for any more. */
  settle(): void {
    this.setStatus(undefined);
  }

  private stamp(at: number): string {
    return this.chalk.dim(`[+${(at / 1000).toFixed(1).padStart(5)}s]`);
  }

  private say(event: TimedEvent, text: string): void {
    this.line(`${this.stamp(event.at)} ${text}`);
  }

  /** Words under a step, wrapped and indented to stand apart from the steps. */
  private indented(text: string): void {
    this.line(
      wrapAnsi(text, LESSON_WIDTH, { hard: true })
        .split('\n')
        .map((line) => `${' '.repeat(STEP_INDENT)}${line}`)
        .join('\n'),
    );
  }

  private setStatus(status: Status): void {
    this.status = status;
    this.progress.follow(status && (() => this.statusText()));
  }

  private statusText(): string | undefined {
    const status = this.status;
    if (!status) return undefined;
    if (status.kind === 'tally') return status.text();
    if (status.kind === 'countdown' && status.until !== undefined) {
      return `${status.text} ${formatDuration(Math.max(0, status.until - Date.now()))} left`;
    }
    if (status.kind === 'busy') return `${status.text} ${formatDuration(Date.now() - status.since)}`;
    return status.text;
  }

  private render(event: TimedEvent): void {
    const c = this.chalk;
    const ok = c.green('✓');
    const bad = c.red('✗');
    switch (event.type) {
      case 'server.starting':
        this.say(
          event,
          `Starting the embedded ${event.kind} (${event.executableSource ?? 'SDK download'}${event.executable ? `: ${event.executable}` : ''})`,
        );
        this.setStatus({ text: 'Starting the Temporal server…', since: Date.now(), kind: 'busy' });
        break;
      case 'server.step':
        this.say(event, c.dim(event.text));
        this.setStatus({ text: `${capitalize(event.text)}…`, since: Date.now(), kind: 'busy' });
        break;
      case 'server.ready':
        this.setStatus(undefined);
        this.say(
          event,
          `Temporal server ready at ${c.bold(event.address)}, namespace ${event.namespace} (${event.kind})`,
        );
        if (event.uiUrl) this.say(event, `Web UI: ${c.underline(event.uiUrl)}`);
        if (event.codecEndpoint) {
          this.say(
            event,
            `Codec server for the Web UI and \`temporal --codec-endpoint\`: ${event.codecEndpoint}`,
          );
        }
        break;
      case 'worker.started':
        this.say(
          event,
          `${workerName(event.role)} worker started (${event.host}${event.pid ? `, pid ${event.pid}` : ''})` +
            (event.variant ? c.yellow(` — ${event.variant}`) : ''),
        );
        break;
      case 'worker.stopped':
        this.say(event, `${workerName(event.role)} worker stopped`);
        break;
      case 'worker.killed':
        this.say(
          event,
          c.red.bold(`💥 ${workerName(event.role)} worker (pid ${event.pid}) killed with ${event.signal}`),
        );
        break;
      case 'workflow.started':
        this.say(
          event,
          `Started OrderWorkflow ${c.bold(event.workflowId)} for order ${event.orderId}` +
            (event.inventoryDown ? c.yellow(' (inventory service down)') : '') +
            (event.itemsToPack > 0 ? `, ${event.itemsToPack} items to pack` : ''),
        );
        if (event.uiUrl) this.say(event, `  history: ${c.underline(event.uiUrl)}`);
        break;
      case 'activity.started':
        this.say(event, `${c.cyan('→')} ${event.activity} attempt ${event.attempt} started`);
        this.setStatus({
          text: `${event.activity} attempt ${event.attempt} running…`,
          since: Date.now(),
          kind: 'busy',
        });
        break;
      case 'activity.completed':
        this.setStatus(undefined);
        this.say(event, `${ok} ${event.activity} attempt ${event.attempt}: ${event.result}`);
        break;
      case 'activity.cancelled':
        this.setStatus(undefined);
        this.say(
          event,
          `${c.yellow('⊘')} ${event.activity} attempt ${event.attempt} cancelled: the workflow asked it to stop`,
        );
        break;
      case 'activity.unregistered':
        this.say(
          event,
          `${bad} ${event.activity} attempt ${event.attempt} failed: ${c.bold('not registered')} on ` +
            `${event.worker ?? 'the worker that took it'}, which lacks order-demo's compensations (the Python ` +
            "sample's worker has none); the server retries it until an order-demo activity worker takes it",
        );
        this.line(c.dim(`    ${event.message}`));
        break;
      case 'activity.failed':
        this.setStatus(undefined);
        this.say(
          event,
          `${bad} ${event.activity} attempt ${event.attempt} failed: ${event.message} ` +
            (event.retry === 'retrying' ? c.yellow : c.red)(`(${retryNote(event)})`),
        );
        break;
      case 'activity.retry-scheduled':
        this.say(
          event,
          `${c.yellow('↻')} server retries ${event.activity} in ${formatDuration(event.delayMs)} (attempt ${event.nextAttempt})`,
        );
        this.setStatus({
          text: `Backing off before ${event.activity} attempt ${event.nextAttempt}:`,
          since: Date.now(),
          until: Date.now() + event.delayMs,
          kind: 'countdown',
        });
        break;
      case 'packing.slip-acquired':
        this.say(
          event,
          `Packing slip ${c.bold(event.slipId)} acquired and checkpointed before any item (attempt ${event.attempt})`,
        );
        this.setStatus({
          text: `Packing ${progressBar(0, event.total)} 0/${event.total}`,
          since: Date.now(),
          kind: 'progress',
        });
        break;
      case 'packing.resumed':
        this.say(
          event,
          c.green(
            `Resuming from checkpoint idx=${event.fromIndex - 1} with the same slip ${c.bold(event.slipId)}`,
          ) + ` (attempt ${event.attempt}, ${event.total - event.fromIndex} items left)`,
        );
        break;
      case 'packing.item-packed':
        this.say(
          event,
          `  packed ${event.sku} (${event.index + 1}/${event.total}), checkpoint idx=${event.index}`,
        );
        this.setStatus(
          event.index + 1 < event.total
            ? {
                text: `Packing ${progressBar(event.index + 1, event.total)} ${event.index + 1}/${event.total}`,
                since: Date.now(),
                kind: 'progress',
              }
            : undefined,
        );
        break;
      case 'ledger.duplicate-absorbed':
        this.say(event, `  ${c.green('↺')} ${event.description} ${c.dim(`(idempotency key ${event.key})`)}`);
        break;
      case 'checkpoint.recorded':
        this.say(
          event,
          c.dim(
            `  server holds checkpoint idx=${event.index} (${event.index < 0 ? 'before any item' : event.sku}), ` +
              `slip ${event.slipId}, attempt ${event.attempt}`,
          ),
        );
        break;
      case 'heartbeat-timeout.waiting': {
        const lost = event.workerIndex - event.serverIndex;
        this.say(
          event,
          `The worker had packed up to idx=${event.workerIndex}; the server holds idx=${event.serverIndex} ` +
            `(${event.serverIndex < 0 ? 'before any item' : event.serverSku}) with slip ${c.bold(event.slipId)}`,
        );
        if (lost > 0) {
          this.line(
            c.yellow(
              `    heartbeats are throttled: the SDK sends at most one every ${formatDuration(event.throttleMs)} ` +
                `(80% of the heartbeat timeout), so ${lost} item${lost === 1 ? '' : 's'} will be packed again — ` +
                'at-least-once execution, which is why activities must be idempotent',
            ),
          );
        }
        this.line(
          `    the server declares attempt 1 dead after ${formatDuration(event.heartbeatTimeoutMs)} without a heartbeat`,
        );
        this.setStatus({
          text: 'Waiting for the heartbeat timeout:',
          since: Date.now(),
          until: Date.now() + event.remainingMs,
          kind: 'countdown',
        });
        break;
      }
      case 'activity.timed-out':
        this.setStatus(undefined);
        this.say(
          event,
          `${c.yellow('⏱')} Server: ${event.activity} attempt ${event.attempt} timed out (${event.timeoutType}); ` +
            `attempt ${event.nextAttempt} scheduled`,
        );
        break;
      case 'workflow-task.retrying':
        this.say(event, `${c.yellow('↻')} Server retries the workflow task: attempt ${event.attempt}`);
        break;
      case 'approval.waiting':
        this.say(
          event,
          `Waiting up to ${formatDuration(event.windowMs)} for ${c.bold('approve_order')} (durable timer started)`,
        );
        this.setStatus({
          text: 'Waiting for approval:',
          since: Date.now(),
          until: Date.now() + event.windowMs,
          kind: 'countdown',
        });
        break;
      case 'approval.manual':
        this.say(event, c.bold('Approve the order from another terminal:'));
        this.line(`    ${c.cyan(commandLine(this.options.invocation, event.approveArguments))}`);
        break;
      case 'signal.sent':
        this.say(event, `Sending ${c.bold(event.signal)} to ${event.workflowId}, as an approver would`);
        break;
      case 'update.accepted':
        this.setStatus(undefined);
        this.say(event, `${ok} Server recorded update ${c.bold(event.update)}: its validator accepted it`);
        break;
      case 'cancel.sent':
        this.say(event, `Requesting the cancellation of ${event.workflowId}, as \`cancel\` does`);
        if (event.heartbeatEveryMs !== undefined) {
          this.line(
            `    the activity in flight learns of it from the answer to a heartbeat, which the SDK sends at most ` +
              `every ${formatDuration(event.heartbeatEveryMs)} (80% of its heartbeat timeout)`,
          );
        }
        break;
      case 'cancel.received':
        this.setStatus(undefined);
        this.say(event, `${ok} Server recorded the cancellation request: the workflow stops where it is`);
        break;
      case 'compensation.scheduled':
        this.say(event, `${c.cyan('↩')} Giving back: ${c.bold(event.activity)} scheduled`);
        break;
      case 'command.ran':
        this.say(
          event,
          `${c.cyan('$')} ${commandLine(this.options.invocation, event.arguments)} → exit ${event.exitCode ?? 'killed'}`,
        );
        for (const text of event.output.trim().split('\n').filter(Boolean)) this.line(`    ${text}`);
        break;
      case 'sticky-queue.waiting':
        this.say(
          event,
          `New workflow worker ${c.bold(event.replacementIdentity)} polls order-task-queue; it has never seen this order`,
        );
        this.line(
          `    the workflow's next task goes first to the sticky queue of ${event.crashedIdentity}, the dead ` +
            'worker that had the workflow in its cache;',
        );
        this.line(
          `    nobody polls it any more, so the server waits ${formatDuration(event.timeoutMs)} (the sticky ` +
            'schedule-to-start timeout) before it offers the task on order-task-queue, to any worker',
        );
        // Long waits get a countdown once the task exists: when the server records the approval.
        if (event.timeoutMs >= LONG_WAIT_MS) this.stickyWaitMs = event.timeoutMs;
        break;
      case 'workflow.replayed': {
        this.setStatus(undefined);
        const scheduled = Object.entries(event.activitiesScheduled)
          .map(([activity, times]) => `${activity} ×${times}`)
          .join(', ');
        this.say(
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
        this.line(`    ${route}; ${activities};`);
        this.line(
          '    the approval timer was started ' +
            `${event.timersStarted === 1 ? 'once, so it kept its deadline' : `${event.timersStarted} times`}`,
        );
        break;
      }
      case 'server.killed':
        this.setStatus(undefined);
        this.say(
          event,
          c.red.bold(`💥 Temporal server (pid ${event.pid}) killed with SIGKILL while ${event.while}`),
        );
        this.line(`    its state is in ${event.dbFilename}; workers and clients now get connection errors`);
        this.setStatus({
          text: 'Starting the server again on the same port and file:',
          since: Date.now(),
          kind: 'busy',
        });
        break;
      case 'server.restarted':
        this.setStatus(undefined);
        this.say(
          event,
          `${ok} Server back at ${event.address} (pid ${event.pid}) after ${formatDuration(event.downMs)} down`,
        );
        this.line(
          `    workers reconnect by themselves: ${event.workers
            .map((worker) => `${worker.role} worker (${worker.host}) ${worker.state}`)
            .join(', ')}`,
        );
        break;
      case 'shards.owned':
        this.say(
          event,
          `Shards by history host (the database's shards table): ${Object.entries(event.owners)
            .map(([host, shards]) => `${host} owns ${shards.join(', ') || 'none'}`)
            .join('; ')}` +
            (event.orderShard !== undefined ? `; the order lives in shard ${event.orderShard}` : ''),
        );
        break;
      case 'history-host.killed':
        this.setStatus(undefined);
        this.say(
          event,
          c.red.bold(`💥 ${event.host} (pid ${event.pid}) killed with SIGKILL while ${event.while}`),
        );
        this.line(
          `    it owned shards ${event.shards.join(', ')}: until another host takes them, they serve nobody`,
        );
        this.setStatus({
          text: 'Waiting for membership to notice and the surviving host to take the shards:',
          since: Date.now(),
          kind: 'busy',
        });
        break;
      case 'shards.moved':
        this.setStatus(undefined);
        this.say(
          event,
          `${ok} ${event.why === 'failover' ? 'Failover' : 'Rebalance'} after ${formatDuration(event.afterMs)}: ` +
            event.moves
              .map(
                (move) =>
                  `shard ${move.shardId} ${move.from} → ${move.to} (range_id ${move.rangeIdBefore} → ${move.rangeIdAfter})`,
              )
              .join(', '),
        );
        break;
      case 'history-host.restarted':
        this.say(
          event,
          `${ok} ${event.host} started again (pid ${event.pid}) on its ports after ${formatDuration(event.downMs)} down`,
        );
        this.setStatus({ text: 'Waiting for the shards to rebalance:', since: Date.now(), kind: 'busy' });
        break;
      case 'signal.received':
        this.setStatus(undefined);
        this.say(event, `${ok} Server recorded signal ${c.bold(event.signal)}`);
        if (this.stickyWaitMs !== undefined) {
          this.setStatus({
            text: "Waiting for the dead worker's sticky queue to time out:",
            since: Date.now(),
            until: Date.now() + this.stickyWaitMs,
            kind: 'countdown',
          });
          this.stickyWaitMs = undefined;
        }
        break;
      case 'approval.expired':
        this.setStatus(undefined);
        this.say(event, c.yellow('Approval window passed: the durable timer fired'));
        break;
      case 'workflow-task.failed':
        this.say(
          event,
          `${c.yellow('⚠')} Workflow task failed: ${event.message}${event.attempt ? ` (attempt ${event.attempt})` : ''}`,
        );
        break;
      case 'workflow.completed':
        this.setStatus(undefined);
        this.say(event, `${ok} Workflow completed: ${c.bold(event.result)}`);
        break;
      case 'workflow.cancelled':
        this.setStatus(undefined);
        this.say(event, `${c.yellow('⊘')} Workflow cancelled`);
        break;
      case 'workflow.failed':
        this.setStatus(undefined);
        this.say(
          event,
          `${bad} Workflow failed: ${event.message}` +
            (event.cause
              ? ` — cause ${event.causeType ? `${event.causeType}: ` : ''}${c.bold(event.cause)}`
              : '') +
            (event.activity ? ` in ${event.activity}` : ''),
        );
        break;
      case 'failure.located':
        this.say(event, c.bold('Where to find the failure:'));
        this.line(`    workflow ${event.workflowId}, run ${event.runId}`);
        if (event.activity) {
          this.line(
            `    event ${event.eventId}: ${event.activity} attempt ${event.attempt} failed` +
              (event.nonRetryable ? ' (non-retryable, so never retried)' : ''),
          );
        }
        this.line(
          `    error type ${c.bold(event.errorType ?? 'unknown')}, message ${c.bold(JSON.stringify(event.message))}`,
        );
        this.line(
          c.dim(
            `    temporal workflow show --workflow-id ${event.workflowId} --run-id ${event.runId} ` +
              `--address ${event.address} --namespace ${event.namespace}` +
              (event.codecEndpoint ? ` --codec-endpoint ${event.codecEndpoint}` : ''),
          ),
        );
        break;
      case 'note':
        this.say(event, c.dim(event.text));
        break;
      case 'act.started':
        this.setStatus(undefined);
        this.line();
        this.line(c.bold(`Act ${event.act} of ${event.acts} — ${event.title}`));
        break;
      case 'act.skipped':
        this.line();
        this.line(c.bold(`Act ${event.act} of ${event.acts} — ${event.title}`));
        this.say(event, c.yellow(`Skipped: ${event.reason}`));
        break;
      case 'order.reached':
        this.say(
          event,
          `● order ${c.bold(event.orderId)} on ${event.version}: ${event.stage} (event ${event.eventId})`,
        );
        break;
      case 'workflow-task.nondeterministic':
        this.say(
          event,
          c.yellow(
            `⚠ order ${c.bold(event.orderId)}: WorkflowTaskFailed (event ${event.eventId}), cause ${event.cause}`,
          ),
        );
        this.indented(c.dim(event.divergence.message));
        if (this.explained.has(event.divergence.message)) this.indented('The same divergence as above.');
        else this.indented(nondeterminismInPlainWords(event.divergence));
        this.explained.add(event.divergence.message);
        break;
      case 'order.stuck':
        this.say(
          event,
          `Stuck, not lost: order ${c.bold(event.orderId)} is ${event.status}, its workflow task on attempt ` +
            `${event.workflowTaskAttempt}; its history still holds ${event.completedActivities.join(', ') || 'its start'}` +
            (event.signals > 0
              ? ` and ${event.signals === 1 ? 'the approval' : `${event.signals} signals`}`
              : ''),
        );
        break;
      case 'order.closed':
        this.say(
          event,
          `${ok} order ${c.bold(event.orderId)} closed on ${event.version}: ${c.bold(event.result)} — ` +
            `${event.activities.join(' → ')}` +
            (event.patch
              ? `; patch marker ${JSON.stringify(event.patch.patchId)}${event.patch.deprecated ? ' (deprecated)' : ''}`
              : '; no patch marker'),
        );
        break;
      case 'replay-gate.checked':
        this.say(event, `Replay gate: the histories so far against ${c.bold(event.against)}`);
        for (const verdict of event.verdicts) {
          this.line(`    ${verdictLine(verdict, c)} ${c.dim(verdict.open ? '(open)' : '(closed)')}`);
        }
        break;
      case 'deployment.current-version':
        this.say(
          event,
          event.buildId
            ? `Server: new workflows of ${event.taskQueue} now start on ${c.bold(`${event.deploymentName} ${event.buildId}`)} (its current version)`
            : `Server: new workflows of ${event.taskQueue} go to unversioned workers again (${event.deploymentName} has no current version)`,
        );
        break;
      case 'deployment.drained':
        this.say(
          event,
          `${ok} Server: ${c.bold(`${event.deploymentName} ${event.buildId}`)} is drained: no workflow pinned to it is open`,
        );
        break;
      case 'order.pinned':
        this.say(
          event,
          `order ${c.bold(event.orderId)} is ${event.behavior}` +
            (event.buildId ? ` to ${c.bold(`${event.deploymentName} ${event.buildId}`)}` : '') +
            c.dim(' (describe(): versioningInfo)'),
        );
        break;
      case 'chaos.planned': {
        for (const line of describePlan(event)) this.line(line);
        const tally: ChaosTally = {
          closed: { total: 0 },
          faults: faultCounts([]),
        };
        this.chaos = tally;
        this.setStatus({ kind: 'tally', text: () => chaosProgress(event, tally.closed, tally.faults) });
        break;
      }
      case 'chaos.order-closed':
        if (this.chaos) {
          this.chaos.closed.total++;
          this.chaos.closed[event.outcome] = (this.chaos.closed[event.outcome] ?? 0) + 1;
        }
        break;
      case 'chaos.fault':
        if (this.chaos) this.chaos.faults[event.target]++;
        this.line(faultLine(event, c));
        break;
      case 'chaos.fault-skipped':
        this.line(skippedFaultLine(event, c));
        break;
      case 'cluster.service-exited':
      case 'cluster.service-restarted':
        for (const line of supervisionLines(event, c)) this.line(line);
        break;
      case 'bench.load-started': {
        const startedAt = Date.now();
        this.benchCompleted = 0;
        if (event.loads > 1) {
          this.say(
            event,
            `Load ${event.load} of ${event.loads}: ${event.orders} orders on ${event.workerProcesses} worker processes`,
          );
        }
        this.setStatus({
          kind: 'tally',
          text: () => benchProgress(this.benchCompleted, event.orders, startedAt),
        });
        break;
      }
      case 'bench.order-closed':
        this.benchCompleted = event.completed;
        break;
      default: {
        // Every event type has its case above: a new one does not compile here until it is told.
        const untold: never = event;
        throw new Error(`no narration for ${JSON.stringify(untold)}`);
      }
    }
  }
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

function workerName(role: WorkerRole): string {
  return role === 'combined' ? 'Workflow-and-activity' : capitalize(role);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
