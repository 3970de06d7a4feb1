// Renders the event stream as a story a person can follow: one line per step, with the time since the start,
// colour only on a terminal, and a live status line (spinner, countdown, progress) while something is waited for.
// Each topic of events has its teller in story/; this composes them, one teller for every event type.
import type { ChalkInstance } from 'chalk';
import { Chalk } from 'chalk';
import wrapAnsi from 'wrap-ansi';
import type { EventBus } from '../events/event-bus';
import type { ProgressEventType, TimedEvent } from '../events/events';
import { formatDuration } from './format';
import type { Lines } from './progress-line';
import { ProgressLine } from './progress-line';
import { activityProgressTellers } from './story/activity-progress';
import { activityTellers } from './story/activities';
import { benchTellers } from './story/bench';
import { chaosTellers } from './story/chaos';
import { clusterTellers } from './story/cluster';
import { regionTellers } from './story/regions';
import { messageTellers } from './story/messages';
import { noteTellers } from './story/note';
import { serverTellers } from './story/server';
import type { Status, Story, Teller, Timed } from './story/teller';
import { versioningTellers } from './story/versioning';
import { workerTellers } from './story/workers';
import { workflowTellers } from './story/workflow';

export interface StoryOptions {
  /** Colour and the live status line: only on a terminal, and never with NO_COLOR for colour. */
  color: boolean;
  interactive: boolean;
  out: NodeJS.WriteStream;
  /** How a person runs this CLI from another terminal, for the commands the story prints (`npx order-demo`). */
  invocation: string;
}

/** A teller for every event type there is: an event type no topic tells does not compile. */
type EveryTeller = { [T in ProgressEventType]: Teller<T> };

/** Columns of a scenario's lesson, before its indent. */
const LESSON_WIDTH = 100;
/** The columns a step's time stamp takes, under which its explanation lines up. */
const STEP_INDENT = 11;

export class StoryRenderer implements Lines {
  private readonly chalk: ChalkInstance;
  private readonly progress: ProgressLine;
  private readonly tellers: EveryTeller;
  private status: Status;
  /** A countdown that starts with a later event (see Story.deferCountdown). */
  private deferredCountdown: { text: string; ms: number } | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly bus: EventBus,
    options: StoryOptions,
  ) {
    this.chalk = new Chalk({ level: options.color ? 1 : 0 });
    this.progress = new ProgressLine(options.out, options.interactive, (text) => this.chalk.dim(text));
    const story: Story = {
      chalk: this.chalk,
      invocation: options.invocation,
      say: (event, text) => this.line(`${this.stamp(event.at)} ${text}`),
      line: (text) => this.line(text),
      indented: (text) => this.indented(text),
      setStatus: (status) => this.setStatus(status),
      deferCountdown: (text, ms) => (this.deferredCountdown = { text, ms }),
      startDeferredCountdown: () => this.startDeferredCountdown(),
    };
    this.tellers = {
      ...serverTellers(story),
      ...workerTellers(story),
      ...workflowTellers(story),
      ...messageTellers(story),
      ...activityTellers(story),
      ...activityProgressTellers(story),
      ...clusterTellers(story),
      ...regionTellers(story),
      ...chaosTellers(story),
      ...benchTellers(story),
      ...versioningTellers(story),
      ...noteTellers(story),
    };
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

  private render(event: TimedEvent): void {
    tell(this.tellers, event);
  }

  private stamp(at: number): string {
    return this.chalk.dim(`[+${(at / 1000).toFixed(1).padStart(5)}s]`);
  }

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

  private startDeferredCountdown(): void {
    if (this.deferredCountdown === undefined) return;
    const { text, ms } = this.deferredCountdown;
    this.setStatus({ text, since: Date.now(), until: Date.now() + ms, kind: 'countdown' });
    this.deferredCountdown = undefined;
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
}

/** The event to the teller of its type. */
function tell<T extends ProgressEventType>(tellers: EveryTeller, event: Timed<T>): void {
  const teller: Teller<T> = tellers[event.type];
  teller(event);
}
