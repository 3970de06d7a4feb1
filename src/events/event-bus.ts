import type { EventOfType, ProgressEvent, ProgressEventType, TimedEvent } from './events';

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

  /** Resolves with the first event of this type (from now on) that matches; rejects when `signal` aborts. */
  next<T extends ProgressEventType>(
    type: T,
    signal: AbortSignal,
    matches: (event: EventOfType<T> & { at: number }) => boolean = () => true,
  ): Promise<EventOfType<T> & { at: number }> {
    return new Promise((resolve, reject) => {
      const stop = () => {
        unsubscribe();
        signal.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        stop();
        reject(signal.reason);
      };
      const unsubscribe = this.subscribe((event) => {
        if (event.type !== type) return;
        const typed = event as EventOfType<T> & { at: number };
        if (!matches(typed)) return;
        stop();
        resolve(typed);
      });
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort);
    });
  }
}
