// Where a replay left the history, from the SDK core's words: the event it means, what the history holds there and
// what the code did instead; words it does not know are kept as they are.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { packageRoot } from '../../src/processes/server-executables';
import { historyFromJSON } from '../../src/temporal/sdk-internals';
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
