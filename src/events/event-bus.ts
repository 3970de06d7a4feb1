import type { ProgressEvent, TimedEvent } from './events';

type Listener = (event: TimedEvent) => void;

export interface EventBusOptions {
  /**
   * Keep every event for `events` (a scenario's JSON lists its steps); off where nobody reads them afterwards and
   * a run emits many (bench, chaos, long-running workers).
   */
  keep?: boolean;
  clock?: () => number;
}

/** Delivers every event to the subscribers in order, stamps it with the time since `startedAt`, and keeps it. */
export class EventBus {
  readonly startedAt: number;
  private readonly listeners = new Set<Listener>();
  private readonly recorded: TimedEvent[] = [];
  private readonly keep: boolean;
  private readonly clock: () => number;

  constructor({ keep = true, clock = Date.now }: EventBusOptions = {}) {
    this.keep = keep;
    this.clock = clock;
    this.startedAt = clock();
  }

  emit(event: ProgressEvent): void {
    const timed = { ...event, at: this.clock() - this.startedAt } as TimedEvent;
    if (this.keep) this.recorded.push(timed);
    for (const listener of [...this.listeners]) listener(timed);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Everything emitted so far (nothing unless kept). */
  get events(): readonly TimedEvent[] {
    return this.recorded;
  }
}
