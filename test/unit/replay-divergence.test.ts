// Where a replay left the history, from the SDK core's words: the event it means, what the history holds there and
// what the code did instead; words it does not know are kept as they are.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { packageRoot } from '../../src/processes/server-executables';
import { historyFromJSON } from '../../src/temporal/sdk-internals';
import { oneVerdictEach } from '../../src/domain/replay-verdict';
import { divergenceOf, nondeterminismMessage } from '../../src/verification/replay-divergence';

const events =
  historyFromJSON(
    JSON.parse(
      readFileSync(path.join(packageRoot(), 'test', 'fixtures', 'histories', 'happy-path.json'), 'utf8'),
    ),
  ).events ?? [];

const WRAPPED =
  'Replay failed with a nondeterminism error. Details: Workflow activation completion failed: Failure { failure: ' +
  "Some(Failure { message: \"[TMPRL1100] Nondeterminism error: Activity type of scheduled event 'process_payment' " +
  'does not match activity type of activity command \'check_fraud\'", source: "", stack_trace: "" }) }';

describe('the divergence a replay reports', () => {
  it('takes the SDK core’s message out of its wrapping', () => {
    expect(nondeterminismMessage(WRAPPED)).to.equal(
      "[TMPRL1100] Nondeterminism error: Activity type of scheduled event 'process_payment' does not match " +
        "activity type of activity command 'check_fraud'",
    );
  });

  it('places an activity of another type at the event that scheduled the recorded one', () => {
    expect(divergenceOf(WRAPPED, events)).to.deep.include({
      eventId: 5,
      history: 'ActivityTaskScheduled process_payment',
      code: 'emitted ScheduleActivityTask check_fraud',
    });
  });

  it('names the patch whose marker the code no longer asks about', () => {
    const message =
      '[TMPRL1100] Nondeterminism error: Non-deprecated patch marker encountered for change fraud-check, but there ' +
      'is no corresponding change command!';
    expect(divergenceOf(message, events)).to.deep.equal({
      eventId: undefined,
      history: 'MarkerRecorded of patch "fraud-check"',
      code: 'made no patched("fraud-check") call',
      message,
    });
  });

  it('reads the event out of a message that names it', () => {
    const message =
      'Nondeterminism error: No command scheduled for event HistoryEvent(id: 7, ActivityTaskStarted)';
    expect(divergenceOf(message, events)).to.deep.include({
      eventId: 7,
      history: 'ActivityTaskStarted',
      code: 'emitted no command for it',
    });
  });

  it('keeps words it does not know as they are', () => {
    expect(divergenceOf('Workflow type OrderWorkflow not found', events)).to.deep.equal({
      message: 'Workflow type OrderWorkflow not found',
    });
  });
});

describe('one replay verdict per history', () => {
  const verdict = (name: string) => ({ name, eventCount: 1, passed: true });

  it('passes the verdicts through when each history has its own, in order', () => {
    expect(oneVerdictEach(['a', 'b'], [verdict('a'), verdict('b')])).to.deep.equal([
      verdict('a'),
      verdict('b'),
    ]);
  });

  it('refuses a history left without a verdict, one given two, or a verdict for another history', () => {
    expect(() => oneVerdictEach(['a', 'b'], [verdict('a'), undefined])).to.throw(
      '2 replay verdicts for 2 histories, none in its place for b',
    );
    expect(() => oneVerdictEach(['a', 'b'], [verdict('a')])).to.throw('1 replay verdicts for 2 histories');
    expect(() => oneVerdictEach(['a'], [verdict('a'), verdict('a')])).to.throw(
      '2 replay verdicts for 1 histories',
    );
    expect(() => oneVerdictEach(['a', 'b'], [verdict('b'), verdict('a')])).to.throw(
      'none in its place for a',
    );
  });
});
