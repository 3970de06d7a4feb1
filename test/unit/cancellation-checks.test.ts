// The cancellation scenario's "stopped by the cancellation, before anything was given back" holds each of its
// promises on its own: packing cancelled after the request, and nothing given back until packing had stopped.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { ACTIVITY } from '../../src/domain/contract';
import { packageRoot } from '../../src/processes/server-executables';
import { historyFromJSON } from '../../src/temporal/sdk-internals';
import { checks } from '../../src/verification/checks';
import type { WorkflowFacts } from '../../src/verification/workflow-facts';
import { activitiesOfType, workflowFacts } from '../../src/verification/workflow-facts';

/** The facts of the recorded cancellation: request at event 18, packing cancelled at 24, compensations at 28, 34. */
function recordedCancellation(): WorkflowFacts {
  const file = path.join(packageRoot(), 'test', 'fixtures', 'histories', 'cancellation.json');
  const events = historyFromJSON(JSON.parse(readFileSync(file, 'utf8'))).events ?? [];
  return workflowFacts({ workflowId: 'order-fixture', runId: 'run' }, events);
}

const stoppedFirst = (facts: WorkflowFacts) => checks.stoppedBeforeGivingBack(facts, ACTIVITY.packOrderItems);

describe('cancellation: packing stopped before anything was given back', () => {
  it('passes the recorded cancellation, naming where each step is', () => {
    const check = stoppedFirst(recordedCancellation());
    expect(check.passed, check.evidence).to.equal(true);
    expect(check.evidence).to.equal(
      'WorkflowExecutionCancelRequested (event 18); pack_order_items ActivityTaskCanceled (event 24); ' +
        'release_inventory scheduled at event 28, refund_payment scheduled at event 34',
    );
  });

  it('fails when a compensation was scheduled while packing still ran, packing cancelled after the request all the same', () => {
    const facts = recordedCancellation();
    const [release] = activitiesOfType(facts, 'release_inventory');
    release.scheduledEventId = 21;
    const check = stoppedFirst(facts);
    expect(check.passed, check.evidence).to.equal(false);
    expect(check.evidence).to.contain('release_inventory scheduled at event 21');
  });

  it('fails when packing was not cancelled, or its cancellation came before the request', () => {
    const completed = recordedCancellation();
    activitiesOfType(completed, ACTIVITY.packOrderItems)[0].outcome = 'completed';
    expect(stoppedFirst(completed).passed).to.equal(false);

    const early = recordedCancellation();
    early.cancelRequestedEventId = 25;
    expect(stoppedFirst(early).passed).to.equal(false);
  });
});
