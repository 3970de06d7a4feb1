// Where a replay left the history: the SDK says in words what the code did that the history does not hold (its
// non-determinism error names activity types, patch IDs or event IDs, never all of them); this finds the event it
// means in the history, so that a person reads "at event 5 the history holds X, the code emitted Y".
import type { Divergence } from '../domain/replay-verdict';
import type { HistoryEvent } from './history-events';
import { eventId, patchMarkerOf } from './history-events';

type Reader = (match: RegExpMatchArray, events: readonly HistoryEvent[]) => Omit<Divergence, 'message'>;

const find = (events: readonly HistoryEvent[], test: (event: HistoryEvent) => boolean) => {
  const event = events.find(test);
  return event && eventId(event);
};

/** The shapes of the SDK core's non-determinism messages, and what each says about the history and the code. */
const READERS: [RegExp, Reader][] = [
  [
    /Activity type of scheduled event '([^']*)' does not match activity type of activity command '([^']*)'/,
    ([, recorded, emitted], events) => ({
      eventId: find(
        events,
        (event) => event.activityTaskScheduledEventAttributes?.activityType?.name === recorded,
      ),
      history: `ActivityTaskScheduled ${recorded}`,
      code: `emitted ScheduleActivityTask ${emitted}`,
    }),
  ],
  [
    /Activity id of scheduled event '([^']*)' does not match activity id of activity command '([^']*)'/,
    ([, recorded, emitted], events) => ({
      eventId: find(events, (event) => event.activityTaskScheduledEventAttributes?.activityId === recorded),
      history: `ActivityTaskScheduled with activity ID ${recorded}`,
      code: `emitted ScheduleActivityTask with activity ID ${emitted}`,
    }),
  ],
  [
    /Non-deprecated patch marker encountered for change (\S+), but there is no corresponding change command/,
    ([, patchId], events) => ({
      eventId: find(events, (event) => patchMarkerOf(event)?.patchId === patchId),
      history: `MarkerRecorded of patch ${JSON.stringify(patchId)}`,
      code: `made no patched(${JSON.stringify(patchId)}) call`,
    }),
  ],
  [
    /No command scheduled for event HistoryEvent\(id: (\d+), (\w+)\)/,
    ([, id, type]) => ({ eventId: Number(id), history: type, code: 'emitted no command for it' }),
  ],
  [/HistoryEvent\(id: (\d+), (\w+)\)/, ([, id, type]) => ({ eventId: Number(id), history: type })],
];

/** The non-determinism error's own message, out of the SDK's wrapping ("… Failure { message: "…" … }"). */
export function nondeterminismMessage(error: string): string {
  const quoted = /message: "((?:[^"\\]|\\.)*)"/.exec(error);
  return quoted ? quoted[1].replace(/\\(.)/g, '$1') : error;
}

/** Where the code parted from this history, by the SDK's message; what it cannot place is said as the SDK said it. */
export function divergenceOf(error: string, events: readonly HistoryEvent[]): Divergence {
  const message = nondeterminismMessage(error);
  for (const [pattern, read] of READERS) {
    const match = pattern.exec(message);
    if (match) return { ...read(match, events), message };
  }
  return { message };
}
