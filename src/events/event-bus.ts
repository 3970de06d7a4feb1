import type { ProgressEvent, TimedEvent } from './events';

type Listener = (event: TimedEvent) => void;

/** Delivers every event to the subscribers in order, stamps it with the time since `startedAt`, and keeps it. */
export class EventBus {
  readonly startedAt: number;
  private readonly listeners = new Set<Listener>();
  private readonly recorded: TimedEvent[] = [];

  constructor(private readonly clock: () => number = Date.now) {
    this.startedAt = clock();
  }

  emit(event: ProgressEvent): void {
    const timed = { ...event, at: this.clock() - this.startedAt } as TimedEvent;
    this.recorded.push(timed);
    for (const listener of [...this.listeners]) listener(timed);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Everything emitted so far. */
  get events(): readonly TimedEvent[] {
    return this.recorded;
  }
}
