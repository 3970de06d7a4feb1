// What two regions' records prove of an order that moved between them, read from histories built here by hand:
// equal copies, the region each event's failover version names, and the calls the ledger absorbed across regions.
import { temporal } from '@temporalio/proto';
import { expect } from 'chai';
import type { AbsorbedDuplicate } from '../../src/services/effects';
import type { HistoryEvent } from '../../src/verification/history-events';
import {
  absorbedAcrossRegionsCheck,
  describeSpans,
  firstDifference,
  historiesEqualCheck,
  versionSpans,
  writtenByCheck,
} from '../../src/verification/region-checks';

const { EventType } = temporal.api.enums.v1;

/** Each region's initial failover version; a failover adds the increment (10), so version mod 10 names the writer. */
const REGION_OF_INITIAL_VERSION: Record<number, string | undefined> = { 1: 'region-a', 2: 'region-b' };
const regionOf = (version: number) => REGION_OF_INITIAL_VERSION[version % 10];

const EVENT_TYPES = [
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
  EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
  EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
  EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
  EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
  EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED,
];

/** An event's fields as written here: plain numbers, which the SDK's message class holds as Longs. */
interface EventFields {
  eventId: number;
  eventTime: { seconds: number; nanos: number };
  eventType: temporal.api.enums.v1.EventType;
  version: number;
  taskId: number;
  workflowTaskScheduledEventAttributes: { taskQueue: { name: string }; attempt: number };
}

/** Event `eventId` of a history, written at failover version `version`, under its shard's own task ID. */
function fields(eventId: number, version: number): EventFields {
  return {
    eventId,
    eventTime: { seconds: 1_800_000_000 + eventId, nanos: 0 },
    eventType: EVENT_TYPES[(eventId - 1) % EVENT_TYPES.length],
    version,
    taskId: 1_048_576 + eventId,
    workflowTaskScheduledEventAttributes: { taskQueue: { name: 'orders' }, attempt: 1 },
  };
}

/** The events as a server's history holds them: messages with Longs for their 64-bit numbers. */
function held(events: readonly EventFields[]): HistoryEvent[] {
  return events.map((each) => temporal.api.history.v1.HistoryEvent.fromObject(each));
}

/** A history of one event per version given, numbered from 1. */
function history(...versions: number[]): EventFields[] {
  return versions.map((version, index) => fields(index + 1, version));
}

/** The same history as another shard holds it: the same events under its own task IDs. */
function otherShardsCopy(events: readonly EventFields[]): EventFields[] {
  return events.map((each) => ({ ...each, taskId: each.taskId + 7_340_032 }));
}

/** A copy of `events` with event `eventId` changed by `change`. */
function changedAt(
  events: readonly EventFields[],
  eventId: number,
  change: (event: EventFields) => EventFields,
): EventFields[] {
  return events.map((each) => (each.eventId === eventId ? change(each) : each));
}

describe('two regions’ copies of a history', () => {
  const written = history(1, 1, 1, 11, 12, 12);
  const events = held(written);

  it('are equal event by event, task IDs aside, and the check counts the events', () => {
    const copy = held(otherShardsCopy(written));
    expect(Number(copy[0].taskId)).to.not.equal(Number(events[0].taskId));
    expect(firstDifference(events, copy)).to.equal(undefined);
    expect(historiesEqualCheck('order-1', { 'region-a': events, 'region-b': copy })).to.deep.equal({
      name: 'order-1: its history is the same event by event in region-a and region-b',
      passed: true,
      evidence: '6 events in each',
    });
  });

  it('differ at the first event whose any attribute differs, and the check names that event', () => {
    const changes: Record<string, (each: EventFields) => EventFields> = {
      version: (each) => ({ ...each, version: 2 }),
      'event type': (each) => ({ ...each, eventType: EventType.EVENT_TYPE_TIMER_STARTED }),
      time: (each) => ({ ...each, eventTime: { seconds: 1_800_000_999, nanos: 0 } }),
      attributes: (each) => ({
        ...each,
        workflowTaskScheduledEventAttributes: { taskQueue: { name: 'orders' }, attempt: 2 },
      }),
    };
    for (const [what, change] of Object.entries(changes)) {
      const copy = held(changedAt(otherShardsCopy(written), 4, change));
      expect(firstDifference(events, copy), what).to.equal(4);
      const check = historiesEqualCheck('order-1', { 'region-a': events, 'region-b': copy });
      expect(check.passed, what).to.equal(false);
      expect(check.evidence, what).to.equal('they differ from event 4 (region-a holds 6 events, region-b 6)');
    }
  });

  it('differ where the shorter copy ends, whichever copy that is', () => {
    const shorter = events.slice(0, 4);
    expect(firstDifference(events, shorter)).to.equal(5);
    expect(firstDifference(shorter, events)).to.equal(5);
    const check = historiesEqualCheck('order-1', { 'region-a': events, 'region-b': shorter });
    expect(check.passed).to.equal(false);
    expect(check.evidence).to.equal('they differ from event 5 (region-a holds 6 events, region-b 4)');
  });

  it('prove nothing when empty: the check fails', () => {
    expect(historiesEqualCheck('order-1', { 'region-a': [], 'region-b': [] }).passed).to.equal(false);
    const oneEmpty = historiesEqualCheck('order-1', { 'region-a': events, 'region-b': [] });
    expect(oneEmpty.passed).to.equal(false);
    expect(oneEmpty.evidence).to.equal('they differ from event 1 (region-a holds 6 events, region-b 0)');
  });
});

describe('who wrote a history, by each event’s failover version', () => {
  it('groups consecutive events of one version into a span named by its region', () => {
    const spans = versionSpans(held(history(1, 1, 1, 11, 12, 12)), regionOf);
    expect(spans).to.deep.equal([
      { version: 1, region: 'region-a', firstEventId: 1, lastEventId: 3 },
      { version: 11, region: 'region-a', firstEventId: 4, lastEventId: 4 },
      { version: 12, region: 'region-b', firstEventId: 5, lastEventId: 6 },
    ]);
    const described = describeSpans(spans);
    expect(described).to.match(/^events 1–3 by region-a \(version 1\), /);
    expect(described).to.match(/ 4 by region-a \(version 11\), events 5–6 by region-b \(version 12\)$/);
  });

  it('names no region for a version no region writes', () => {
    expect(describeSpans(versionSpans(held(history(5)), regionOf))).to.match(
      / 1 by no region \(version 5\)$/,
    );
  });

  it('passes for a history written by region-a, then by region-b after the failover', () => {
    const check = writtenByCheck('order-1', held(history(1, 1, 1, 2, 2)), regionOf, ['region-a', 'region-b']);
    expect(check).to.deep.equal({
      name: "order-1: written by region-a, then region-b, as each event's failover version says",
      passed: true,
      evidence: 'events 1–3 by region-a (version 1), events 4–5 by region-b (version 2)',
    });
  });

  it('passes when region-a wrote at two versions before region-b: a failover there and back while the order waited', () => {
    const check = writtenByCheck('order-1', held(history(1, 1, 11, 12)), regionOf, ['region-a', 'region-b']);
    expect(check.passed, check.evidence).to.equal(true);
    expect(check.evidence).to.match(
      /^events 1–2 by region-a \(version 1\), .* 3 by region-a \(version 11\), /,
    );
  });

  it('fails for a history that went back to region-a, listing its spans', () => {
    const check = writtenByCheck('order-1', held(history(1, 1, 2, 2, 11)), regionOf, [
      'region-a',
      'region-b',
    ]);
    expect(check.passed).to.equal(false);
    expect(check.evidence).to.match(
      /^events 1–2 by region-a \(version 1\), events 3–4 by region-b \(version 2\), .* 5 by region-a \(version 11\)$/,
    );
  });

  it('fails for a history written by one region only', () => {
    const check = writtenByCheck('order-1', held(history(1, 1, 1)), regionOf, ['region-a', 'region-b']);
    expect(check.passed).to.equal(false);
    expect(check.evidence).to.equal('events 1–3 by region-a (version 1)');
  });
});

describe('calls absorbed across the regions', () => {
  const REGION_OF_WORKER: Record<string, string | undefined> = {
    'activities@region-a': 'region-a',
    'activities@region-b': 'region-b',
  };
  const regionOfWorker = (worker: string) => REGION_OF_WORKER[worker];

  /** A call `worker` made again at `attempt`, absorbed by the ledger: the effect of region-a's first attempt stands. */
  function absorbed(key: string, attempt: number, worker: string): AbsorbedDuplicate {
    return {
      id: 40 + attempt,
      key,
      attempt,
      worker,
      at: '2026-12-06T17:00:05.000Z',
      effect: {
        id: 7,
        key,
        service: 'payment',
        action: 'charge',
        workflowId: 'order-1',
        result: 'charged',
        attempt: 1,
        worker: 'activities@region-a',
        at: '2026-12-06T17:00:01.000Z',
      },
    };
  }

  it('names each with its key, attempt, worker and region, and the effect that stands', () => {
    const check = absorbedAcrossRegionsCheck(
      'order-1',
      [absorbed('order-1:charge', 2, 'activities@region-b')],
      regionOfWorker,
    );
    expect(check).to.deep.equal({
      name: 'order-1: every call that ran again across the regions was absorbed by its idempotency key',
      passed: true,
      evidence:
        'order-1:charge attempt 2 in region-b (activities@region-b), absorbed: effect #7 of activities@region-a stands',
    });
  });

  it('says that no call ran twice when the ledger absorbed none', () => {
    const check = absorbedAcrossRegionsCheck('order-1', [], regionOfWorker);
    expect(check.passed).to.equal(true);
    expect(check.evidence).to.equal('no call ran twice');
  });

  it('fails when a call came from a worker of no known region', () => {
    const check = absorbedAcrossRegionsCheck(
      'order-1',
      [absorbed('order-1:charge', 2, 'activities@region-b'), absorbed('order-1:charge', 3, 'stray-worker')],
      regionOfWorker,
    );
    expect(check.passed).to.equal(false);
    expect(check.evidence).to.match(
      /; order-1:charge attempt 3 in an unknown region \(stray-worker\), absorbed/,
    );
  });
});
