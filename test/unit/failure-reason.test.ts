// Why a failed activity attempt is or is not retried, read from the recorded scenario histories, and how the story
// words it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { historyFromJSON } from '../../src/temporal/sdk-internals';
import { temporal } from '@temporalio/proto';
import { expect } from 'chai';
import { EventBus } from '../../src/events/event-bus';
import type { ActivityRetry } from '../../src/events/events';
import { retryNote } from '../../src/narration/story/activities';
import type { HistoryEvent } from '../../src/verification/history-events';
import { activityAttemptFailure } from '../../src/verification/history-events';
import { expectedRetry } from '../../src/temporal/activity-reporting';
import { packageRoot } from '../../src/processes/server-executables';
import { watchWorkflow } from '../../src/temporal/workflow-watcher';

const FIXTURES = path.join(packageRoot(), 'test', 'fixtures', 'histories');
const { RetryState, TimeoutType } = temporal.api.enums.v1;

function events(scenario: string): HistoryEvent[] {
  const json: unknown = JSON.parse(readFileSync(path.join(FIXTURES, `${scenario}.json`), 'utf8'));
  return historyFromJSON(json).events ?? [];
}

/** Every failed attempt the history records for one activity type, with the attempt it belongs to. */
function failedAttempts(scenario: string, activity: string) {
  const history = events(scenario);
  const scheduled = new Set(
    history
      .filter((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === activity)
      .map((event) => Number(event.eventId)),
  );
  const attempts = new Map<number, number>();
  return history.flatMap((event) => {
    const started = event.activityTaskStartedEventAttributes;
    const closed = event.activityTaskFailedEventAttributes ?? event.activityTaskTimedOutEventAttributes;
    const scheduledEventId = Number((started ?? closed)?.scheduledEventId);
    if (!scheduled.has(scheduledEventId)) return [];
    if (started) attempts.set(scheduledEventId, started.attempt ?? 1);
    const failure = activityAttemptFailure(event);
    if (!failure) return [];
    const attempt = attempts.get(scheduledEventId) ?? 1;
    return [{ attempt: started ? attempt - 1 : attempt, ...failure }];
  });
}

describe('why a failed activity attempt is or is not retried', () => {
  describe('from the recorded histories', () => {
    it('invalid-card: process_payment failed with the non-retryable InvalidCreditCard', () => {
      expect(failedAttempts('invalid-card', 'process_payment')).to.deep.equal([
        {
          attempt: 1,
          message: 'Invalid credit card expiry',
          errorType: 'InvalidCreditCard',
          timeoutType: undefined,
          retry: 'non-retryable',
        },
      ]);
    });

    it('inventory-down: reserve_inventory failed retryably, and the server retried it', () => {
      // The history keeps only the failure before the attempt that closed the activity (attempt 4 of 5).
      expect(failedAttempts('inventory-down', 'reserve_inventory')).to.deep.equal([
        {
          attempt: 4,
          message: 'Inventory service unavailable (attempt 4)',
          errorType: 'InventoryServiceUnavailable',
          timeoutType: undefined,
          retry: 'retrying',
        },
      ]);
    });

    it('checkpoint: pack_order_items timed out on its heartbeat, and the server retried it', () => {
      expect(failedAttempts('checkpoint', 'pack_order_items')).to.deep.equal([
        {
          attempt: 1,
          message: 'activity Heartbeat timeout',
          errorType: undefined,
          timeoutType: 'HEARTBEAT',
          retry: 'retrying',
        },
      ]);
    });

    it('finds no failed attempt where every activity succeeded at once', () => {
      expect(events('happy-path').map(activityAttemptFailure).filter(Boolean)).to.deep.equal([]);
    });
  });

  describe('narrated from the history (activities on workers that report nothing here)', () => {
    // Only the activities' events: durations read from JSON (the approval timer's) are plain numbers, not the
    // Longs the server sends.
    const activityEvents = (scenario: string) =>
      events(scenario).filter((event) =>
        Object.keys(event).some((key) => key.startsWith('activityTask') && key.endsWith('EventAttributes')),
      );

    /** The watcher's failures for a recorded history, and how many retry backoffs it narrated. */
    async function narrate(scenario: string) {
      const client = {
        options: { namespace: 'default', loadedDataConverter: { payloadCodecs: [] } },
        withAbortSignal: <T>(_signal: AbortSignal, call: () => Promise<T>) => call(),
        workflowService: {
          getWorkflowExecutionHistory: () =>
            Promise.resolve({ history: { events: activityEvents(scenario) } }),
        },
        // The server shows a retry pending after a failed attempt: narrated only for workers reporting here.
        workflow: {
          getHandle: () => ({
            client: { options: { loadedDataConverter: { payloadCodecs: [] } } },
            describe: () =>
              Promise.resolve({
                status: { name: 'COMPLETED' },
                raw: {
                  pendingActivities: [
                    {
                      activityId: '1',
                      activityType: { name: 'reserve_inventory' },
                      attempt: 2,
                      lastFailure: { message: 'down', applicationFailureInfo: {} },
                    },
                  ],
                },
              }),
          }),
        },
      } as unknown as Client;
      const bus = new EventBus();
      await watchWorkflow(client, { workflowId: 'w', runId: 'r' }, bus, new AbortController().signal, {
        activitiesFromHistory: true,
        longPoll: true,
      });
      const failures = bus.events.flatMap((event) =>
        event.type === 'activity.failed' ? [`${event.activity} ${event.attempt}: ${retryNote(event)}`] : [],
      );
      const backoffs = bus.events.filter((event) => event.type === 'activity.retry-scheduled').length;
      return { failures, backoffs };
    }

    it('invalid-card: non-retryable, with its error type', async () => {
      expect((await narrate('invalid-card')).failures).to.deep.equal([
        'process_payment 1: non-retryable InvalidCreditCard: no more attempts',
      ]);
    });

    it('inventory-down: the failure before the successful attempt is retryable, and no backoff is narrated', async () => {
      expect(await narrate('inventory-down')).to.deep.equal({
        failures: ['reserve_inventory 4: retryable'],
        backoffs: 0,
      });
    });

    it('checkpoint: the heartbeat timeout is named, and retryable', async () => {
      expect((await narrate('checkpoint')).failures).to.deep.equal([
        'pack_order_items 1: timed out: HEARTBEAT; retryable',
      ]);
    });
  });

  describe("from the server's retry state", () => {
    const closedWith = (
      retryState: temporal.api.enums.v1.RetryState,
      failure: temporal.api.failure.v1.IFailure,
    ): HistoryEvent => ({ activityTaskTimedOutEventAttributes: { retryState, failure } });
    const startToClose: temporal.api.failure.v1.IFailure = {
      message: 'activity StartToClose timeout',
      timeoutFailureInfo: { timeoutType: TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE },
    };

    const cases: [temporal.api.enums.v1.RetryState, ActivityRetry][] = [
      [RetryState.RETRY_STATE_IN_PROGRESS, 'retrying'],
      [RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE, 'non-retryable'],
      [RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED, 'retries-exhausted'],
      [RetryState.RETRY_STATE_TIMEOUT, 'out-of-time'],
      [RetryState.RETRY_STATE_CANCEL_REQUESTED, 'not-retried'],
    ];
    for (const [retryState, retry] of cases) {
      it(`${RetryState[retryState]} is ${retry}`, () => {
        expect(activityAttemptFailure(closedWith(retryState, startToClose))).to.deep.include({
          timeoutType: 'START_TO_CLOSE',
          retry,
        });
      });
    }
  });

  describe('as an in-process worker expects it', () => {
    it('a non-retryable error, or one of the policy’s non-retryable types, is not retried', () => {
      expect(expectedRetry(true, 'InvalidCreditCard', 1, { maximumAttempts: 1 })).to.equal('non-retryable');
      expect(expectedRetry(false, 'Fatal', 1, { nonRetryableErrorTypes: ['Fatal'] })).to.equal(
        'non-retryable',
      );
    });

    it('a retryable error on the last allowed attempt exhausts the retries', () => {
      expect(expectedRetry(false, 'Error', 10, { maximumAttempts: 10 })).to.equal('retries-exhausted');
    });

    it('a retryable error with attempts left, or no maximum, is retried', () => {
      expect(expectedRetry(false, 'Error', 9, { maximumAttempts: 10 })).to.equal('retrying');
      expect(expectedRetry(false, 'Error', 40, { maximumAttempts: 0 })).to.equal('retrying');
      expect(expectedRetry(false, 'Error', 1, undefined)).to.equal('retrying');
    });
  });

  describe('in the story', () => {
    const failed = (retry: ActivityRetry, more: { errorType?: string; timeoutType?: string } = {}) =>
      retryNote({ type: 'activity.failed', activity: 'a', attempt: 1, message: 'm', retry, ...more });

    it('names the non-retryable error type', () => {
      expect(failed('non-retryable', { errorType: 'InvalidCreditCard' })).to.equal(
        'non-retryable InvalidCreditCard: no more attempts',
      );
      expect(failed('non-retryable')).to.equal('non-retryable: no more attempts');
    });

    it('calls a retried failure retryable, never non-retryable', () => {
      expect(failed('retrying', { errorType: 'InventoryServiceUnavailable' })).to.equal('retryable');
    });

    it('tells exhausted retries and lack of time apart from non-retryable errors', () => {
      expect(failed('retries-exhausted')).to.equal('maximum attempts reached: no more attempts');
      expect(failed('out-of-time')).to.equal('out of time to retry: no more attempts');
      expect(failed('not-retried')).to.equal('not retried: no more attempts');
    });

    it('names the timeout that ended the attempt', () => {
      expect(failed('retrying', { timeoutType: 'HEARTBEAT' })).to.equal('timed out: HEARTBEAT; retryable');
      expect(failed('retries-exhausted', { timeoutType: 'START_TO_CLOSE' })).to.equal(
        'timed out: START_TO_CLOSE; maximum attempts reached: no more attempts',
      );
    });
  });
});
