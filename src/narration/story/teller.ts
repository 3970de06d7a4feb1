// What a topic's teller writes with, and the shape of a teller: one function per event type of its topic.
import type { ChalkInstance } from 'chalk';
import type { EventOfType, ProgressEvent, ProgressEventType } from '../../events/events';

/** The live status line while something is waited for: a countdown, progress, how long it has been busy, a tally. */
export type Status =
  | { text: string; since: number; until?: number; kind: 'countdown' | 'progress' | 'busy' }
  | { kind: 'tally'; text: () => string }
  | undefined;

/** The story as a teller writes it: steps with their time stamp, lines under them, the status line. */
export interface Story {
  /** Colour, or none (not a terminal, NO_COLOR). */
  readonly chalk: ChalkInstance;
  /** How a person runs this CLI from another terminal, for the commands the story prints (`npx order-demo`). */
  readonly invocation: string;
  /** A step: the event's time since the start, then the text. */
  say(event: { at: number }, text: string): void;
  /** A line under a step, as it is. */
  line(text?: string): void;
  /** Words under a step, wrapped and indented to stand apart from the steps. */
  indented(text: string): void;
  setStatus(status: Status): void;
  /**
   * A countdown for a wait that begins only with a later event (the task that waits must exist first): it starts
   * when a teller calls startDeferredCountdown.
   */
  deferCountdown(text: string, ms: number): void;
  startDeferredCountdown(): void;
}

/** An event of one type as the bus delivers it: with its time since the run began. */
export type Timed<T extends ProgressEventType> = EventOfType<T> & { at: number };

export type Teller<T extends ProgressEventType> = (event: Timed<T>) => void;

/** A teller for every event type of a topic, and for no other: a type left out does not compile. */
export type Tellers<Topic extends ProgressEvent> = { [T in Topic['type']]: Teller<T> };
