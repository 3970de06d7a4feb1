// The timeline model from each recorded history (rows, attempts, outcomes, order), with describe() observations of
// earlier attempts, and its terminal rendering at 80 columns without colour against the snapshots in
// test/fixtures/timelines/. After a deliberate change of the rendering, rewrite the snapshots with
//   npx tsc -p tsconfig.json && UPDATE_TIMELINE_SNAPSHOTS=1 npx mocha --no-config dist/test/unit/timeline.test.js
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '../../src/temporal/sdk-internals';
import { expect } from 'chai';
import { renderTimeline } from '../../src/narration/timeline';
import type { ObservedAttempt } from '../../src/verification/timeline';
import type { HistoryEvent } from '../../src/verification/history-events';
import { packageRoot } from '../../src/processes/server-executables';
import type { Timeline, TimelineRow } from '../../src/verification/timeline';
import { buildTimeline } from '../../src/verification/timeline';

const FIXTURES = path.join(packageRoot(), 'test', 'fixtures');
const SNAPSHOTS = path.join(FIXTURES, 'timelines');
const execution = { workflowId: 'order-fixture', runId: 'run' };

function history(scenario: string): HistoryEvent[] {
  const json: unknown = JSON.parse(
    readFileSync(path.join(FIXTURES, 'histories', `${scenario}.json`), 'utf8'),
  );
  return historyFromJSON(json).events ?? [];
}

function timelineOf(scenario: string, observed: ObservedAttempt[] = []): Timeline {
  return buildTimeline(execution, history(scenario), observed);
}

function row(timeline: Timeline, name: string): TimelineRow {
  const found = timeline.rows.find((candidate) => candidate.name === name);
  if (!found) expect.fail(`no row ${name} in ${timeline.rows.map((candidate) => candidate.name).join(', ')}`);
  return found;
}

describe('the timeline model from a recorded history', () => {
  it('has a row per activity, the timer and the signal, in the order of the history', () => {
    const timeline = timelineOf('happy-path');
    expect(timeline.rows.map(({ kind, name }) => `${kind} ${name}`)).to.deep.equal([
      'activity process_payment',
      'activity reserve_inventory',
      'timer approval timer',
      'signal approve_order',
      'activity deliver_order',
    ]);
    expect(timeline.status).to.equal('completed');
    const payment = row(timeline, 'process_payment').spans;
    expect(payment).to.have.length(1);
    expect(payment[0]).to.deep.include({ attempt: 1, outcome: 'completed', eventIds: [5, 6, 7] });
    expect(payment[0].endMs).to.be.greaterThan(payment[0].startMs);
    expect(row(timeline, 'approval timer').spans[0].outcome).to.equal('canceled');
    expect(row(timeline, 'approve_order').marks[0]).to.deep.include({ kind: 'signal', eventId: 18 });
  });

  it("inventory-down: reserve_inventory's final attempt 5, the 4 failed ones before it summed up", () => {
    const spans = row(timelineOf('inventory-down'), 'reserve_inventory').spans;
    expect(spans).to.have.length(1);
    expect(spans[0]).to.deep.include({ attempt: 5, outcome: 'completed', source: 'history' });
    expect(spans[0].earlierAttempts?.count).to.equal(4);
    expect(spans[0].earlierAttempts?.lastFailure?.message).to.equal(
      'Inventory service unavailable (attempt 4)',
    );
  });

  it("checkpoint: pack_order_items' attempt 2 after a HEARTBEAT timeout", () => {
    const spans = row(timelineOf('checkpoint'), 'pack_order_items').spans;
    expect(spans.at(-1)).to.deep.include({ attempt: 2, outcome: 'completed' });
    expect(spans.at(-1)?.earlierAttempts).to.deep.include({ count: 1 });
    expect(spans.at(-1)?.earlierAttempts?.lastFailure?.timeoutType).to.equal('HEARTBEAT');
  });

  it('expire: the approval timer fired, nothing delivered', () => {
    const timeline = timelineOf('expire');
    expect(row(timeline, 'approval timer').spans[0]).to.deep.include({
      outcome: 'fired',
      eventIds: [17, 18],
    });
    expect(timeline.rows.map((candidate) => candidate.name)).not.to.include('deliver_order');
  });

  it('workflow-bug: the workflow task failures as marks, counted from the retried task', () => {
    const marks = row(timelineOf('workflow-bug'), 'workflow task').marks;
    expect(marks).to.have.length(1);
    expect(marks[0]).to.deep.include({
      kind: 'workflow-task-failed',
      label: 'workflow task failed 3 times',
      detail: 'workflow bug!',
      eventId: 10,
    });
  });

  it('invalid-card: the payment attempt failed, non-retryable', () => {
    const span = row(timelineOf('invalid-card'), 'process_payment').spans[0];
    expect(span).to.deep.include({ attempt: 1, outcome: 'failed' });
    expect(span.failure?.type).to.equal('InvalidCreditCard');
  });
});

describe('the timeline model with the attempts describe() showed', () => {
  const origin = Date.parse('2026-11-25T17:32:56.741Z');
  const attempt = (number: number, fields: Partial<ObservedAttempt>): ObservedAttempt => ({
    activityId: '3',
    activityType: 'pack_order_items',
    attempt: number,
    ...fields,
  });

  it('draws the earlier attempts as spans, the crashed worker marked where it was last heard', () => {
    const timeline = timelineOf('checkpoint', [
      attempt(1, {
        startedAt: origin + 330,
        lastHeartbeatAt: origin + 2_700,
        heartbeatDetails: { last_processed_idx: 1 },
        workerIdentity: 'doomed@vm',
        failure: { message: 'activity Heartbeat timeout', timeoutType: 'HEARTBEAT' },
      }),
      attempt(2, { startedAt: origin + 6_310, workerIdentity: 'replacement@vm' }),
    ]);
    const packing = row(timeline, 'pack_order_items');
    expect(
      packing.spans.map(({ attempt: number, outcome, source }) => [number, outcome, source]),
    ).to.deep.equal([
      [1, 'timed-out', 'describe'],
      [2, 'completed', 'history'],
    ]);
    const [first, final] = packing.spans;
    expect(first.startMs).to.be.closeTo(330, 1);
    // describe() shows no end after a timeout: the last heartbeat plus the heartbeat timeout the history records.
    expect(first.endMs).to.be.closeTo(2_700 + 3_000, 1);
    expect(first).to.deep.include({
      workerIdentity: 'doomed@vm',
      heartbeatDetails: { last_processed_idx: 1 },
    });
    expect(final.earlierAttempts).to.equal(undefined);
    expect(final.workerIdentity).to.equal('replacement@vm');
    expect(packing.marks).to.have.length(1);
    expect(packing.marks[0]).to.deep.include({ kind: 'worker-lost', label: 'worker lost' });
    expect(packing.marks[0].atMs).to.be.closeTo(2_700, 1);
  });
});

describe('the timeline in the terminal', () => {
  const scenarios = readdirSync(path.join(FIXTURES, 'histories')).map((file) => path.basename(file, '.json'));

  for (const scenario of scenarios) {
    it(`renders ${scenario} at 80 columns as its snapshot`, () => {
      const text = `${renderTimeline(timelineOf(scenario), { width: 80, color: false }).join('\n')}\n`;
      const snapshot = path.join(SNAPSHOTS, `${scenario}.txt`);
      if (process.env.UPDATE_TIMELINE_SNAPSHOTS) writeFileSync(snapshot, text);
      expect(text).to.equal(readFileSync(snapshot, 'utf8'));
      for (const line of text.split('\n')) expect(line.length).to.be.at.most(80);
    });
  }

  it('tells the outcomes apart without colour', () => {
    const text = renderTimeline(timelineOf('invalid-card'), { width: 80, color: false }).join('\n');
    expect(text).to.include('▒').and.not.include('\u001b[');
    expect(renderTimeline(timelineOf('happy-path'), { width: 80, color: true }).join('\n')).to.include(
      '\u001b[',
    );
  });
});
