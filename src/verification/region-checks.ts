// What two regions' own records prove of an order that moved between them: each region's copy of its history is the
// same event by event; each event's failover version says which region wrote it (version mod the increment is the
// writing region's initial version), so the history itself shows where the order ran before and after a failover;
// and the ledger names every call that ran in both regions and was absorbed by its idempotency key.
import type { AbsorbedDuplicate } from '../services/effects';
import type { Check } from './checks';
import type { HistoryEvent } from './history-events';

/** Which region writes events of this failover version. */
export type RegionOfVersion = (version: number) => string | undefined;

/** A run of consecutive events written by one region at one failover version. */
export interface VersionSpan {
  version: number;
  region: string;
  firstEventId: number;
  lastEventId: number;
}

/** An event as both regions must hold it: its ID, type, version, time and attributes (the task ID is each shard's own). */
function comparable(event: HistoryEvent): string {
  return JSON.stringify({ ...event, taskId: undefined });
}

/** The first event at which two copies of a history differ, or where one ends before the other; none when equal. */
export function firstDifference(
  one: readonly HistoryEvent[],
  other: readonly HistoryEvent[],
): number | undefined {
  const length = Math.max(one.length, other.length);
  for (let index = 0; index < length; index++) {
    const a = one[index];
    const b = other[index];
    if (!a || !b || comparable(a) !== comparable(b)) return index + 1;
  }
  return undefined;
}

export function historiesEqualCheck(
  workflowId: string,
  copies: Readonly<Record<string, readonly HistoryEvent[]>>,
): Check {
  const [[oneRegion, one], [otherRegion, other]] = Object.entries(copies);
  const difference = firstDifference(one, other);
  return {
    name: `${workflowId}: its history is the same event by event in ${oneRegion} and ${otherRegion}`,
    passed: difference === undefined && one.length > 0,
    evidence:
      difference === undefined
        ? `${one.length} events in each`
        : `they differ from event ${difference} (${oneRegion} holds ${one.length} events, ${otherRegion} ${other.length})`,
  };
}

export function versionSpans(events: readonly HistoryEvent[], regionOf: RegionOfVersion): VersionSpan[] {
  const spans: VersionSpan[] = [];
  for (const event of events) {
    const version = Number(event.version ?? 0);
    const eventId = Number(event.eventId ?? 0);
    const last = spans.at(-1);
    if (last && last.version === version) last.lastEventId = eventId;
    else
      spans.push({
        version,
        region: regionOf(version) ?? 'no region',
        firstEventId: eventId,
        lastEventId: eventId,
      });
  }
  return spans;
}

export function describeSpans(spans: readonly VersionSpan[]): string {
  return spans
    .map(
      (span) =>
        (span.lastEventId === span.firstEventId
          ? `event ${span.firstEventId} `
          : `events ${span.firstEventId}–${span.lastEventId} `) +
        `by ${span.region} (version ${span.version})`,
    )
    .join(', ');
}

/**
 * The regions that wrote the history, in order, are `expected` (e.g. region-a, then region-b after the failover):
 * read from each event's failover version.
 */
export function writtenByCheck(
  workflowId: string,
  events: readonly HistoryEvent[],
  regionOf: RegionOfVersion,
  expected: readonly string[],
): Check {
  const spans = versionSpans(events, regionOf);
  // A region writes at a new version after a failover away and back with nothing written elsewhere: still one writer.
  const writers = spans
    .map((span) => span.region)
    .filter((region, index, regions) => index === 0 || region !== regions[index - 1]);
  return {
    name: `${workflowId}: written by ${expected.join(', then ')}, as each event's failover version says`,
    passed: JSON.stringify(writers) === JSON.stringify(expected),
    evidence: describeSpans(spans),
  };
}

/** Whose calls the ledger absorbed: each named with its key, its attempt, its worker and that worker's region. */
export function absorbedAcrossRegionsCheck(
  workflowId: string,
  absorbed: readonly AbsorbedDuplicate[],
  regionOfWorker: (worker: string) => string | undefined,
): Check {
  const named = absorbed.map(
    (duplicate) =>
      `${duplicate.key} attempt ${duplicate.attempt} in ${regionOfWorker(duplicate.worker) ?? 'an unknown region'} ` +
      `(${duplicate.worker}), absorbed: effect #${duplicate.effect.id} of ${duplicate.effect.worker} stands`,
  );
  return {
    name: `${workflowId}: every call that ran again across the regions was absorbed by its idempotency key`,
    passed: absorbed.every((duplicate) => regionOfWorker(duplicate.worker) !== undefined),
    evidence: named.length === 0 ? 'no call ran twice' : named.join('; '),
  };
}
