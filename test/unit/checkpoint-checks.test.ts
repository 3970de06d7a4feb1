// The checkpoint checks must fail when the record shows a restart from scratch or a new slip.
import { expect } from 'chai';
import type { RecordedHeartbeat } from '../../src/verification/checkpoint-checks';
import { checkpointChecks } from '../../src/verification/checkpoint-checks';
import type { WorkflowFacts } from '../../src/verification/workflow-facts';

const SLIP = 'SLIP-00C0FFEE';

function facts(result: string, previousTimeout = 'HEARTBEAT'): WorkflowFacts {
  return {
    workflowId: 'order-checkpoint-demo-1',
    runId: 'run',
    input: [],
    status: 'completed',
    result: 'Order fulfilled',
    activities: [
      {
        activityType: 'pack_order_items',
        scheduledEventId: 17,
        startedEventId: 18,
        attempt: 2,
        outcome: 'completed',
        outcomeEventId: 19,
        result,
        previousAttemptFailure: { message: 'activity Heartbeat timeout', timeoutType: previousTimeout },
      },
    ],
    timers: [],
    signals: [],
    updates: [],
    workflowTaskFailures: [],
    workflowTaskCompletions: [],
    workflowTaskTimeouts: [],
    eventCount: 35,
  };
}

function heartbeat(attempt: number, index: number, slip = SLIP): RecordedHeartbeat {
  return {
    attempt,
    checkpoint: { last_processed_idx: index, last_item_sku: `SKU-${index + 1}`, packing_slip_id: slip },
  };
}

const attemptOne = [heartbeat(1, -1), heartbeat(1, 1)];

describe('checkpoint checks', () => {
  it('pass for a resume from the held checkpoint with the same slip', () => {
    const list = checkpointChecks(facts(`Packed 10 items (slip: ${SLIP})`), [
      ...attemptOne,
      heartbeat(2, 1),
      heartbeat(2, 4),
    ]);
    expect(list.map((check) => check.passed)).to.deep.equal([true, true, true]);
  });

  it('fail when attempt 2 started from scratch', () => {
    const list = checkpointChecks(facts(`Packed 10 items (slip: ${SLIP})`), [
      ...attemptOne,
      heartbeat(2, -1),
      heartbeat(2, 3),
    ]);
    expect(list[2].passed).to.equal(false);
  });

  it('fail when the retry acquired a new slip', () => {
    const list = checkpointChecks(facts('Packed 10 items (slip: SLIP-BAADF00D)'), [
      ...attemptOne,
      heartbeat(2, 1, 'SLIP-BAADF00D'),
    ]);
    expect(list[1].passed).to.equal(false);
    expect(list[2].passed).to.equal(false);
  });

  it('fail when attempt 1 did not end in a heartbeat timeout', () => {
    const list = checkpointChecks(facts(`Packed 10 items (slip: ${SLIP})`, 'START_TO_CLOSE'), [
      ...attemptOne,
      heartbeat(2, 1),
    ]);
    expect(list[0].passed).to.equal(false);
  });

  it('fail when the server recorded nothing for attempt 2', () => {
    expect(checkpointChecks(facts(`Packed 10 items (slip: ${SLIP})`), attemptOne)[2].passed).to.equal(false);
  });
});
