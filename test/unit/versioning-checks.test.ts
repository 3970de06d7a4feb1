// The versioning scenario's claims read from recorded histories: the non-determinism error of its first act's order,
// the path each version 2 took (marker, fraud check before payment), and what they say when the record disagrees.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { packageRoot } from '../../src/processes/server-executables';
import { historyFromJSON } from '../../src/temporal/sdk-internals';
import type { HistoryEvent } from '../../src/verification/history-events';
import { nondeterministicFailure, versioningChecks } from '../../src/verification/versioning-checks';
import { workflowFacts } from '../../src/verification/workflow-facts';

const FIXTURES = path.join(packageRoot(), 'test', 'fixtures');

function history(file: string): HistoryEvent[] {
  return historyFromJSON(JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8'))).events ?? [];
}

const execution = { workflowId: 'order-fixture', runId: 'run' };

describe('the versioning scenario’s checks', () => {
  it('finds the non-determinism error in the history of the order version 2 broke', () => {
    const failure = nondeterministicFailure(history('histories/versioning.json'));
    expect(failure?.cause).to.equal('NonDeterministicError');
    expect(failure?.message).to.match(
      /^\[TMPRL1100\] Nondeterminism error: Activity type of scheduled event/,
    );
    expect(nondeterministicFailure(history('histories/workflow-bug.json'))).to.equal(undefined);
  });

  it('tells a run of each version 2 by its marker and its fraud check before payment', () => {
    for (const [file, marker] of [
      ['v2.json', 'none'],
      ['v2-patched.json', 'patched'],
      ['v2-deprecated.json', 'deprecated'],
    ] as const) {
      const events = history(`version-histories/${file}`);
      const check = versioningChecks.tookNewPath('o', events, workflowFacts(execution, events), marker);
      expect(check.passed, `${file}: ${check.evidence}`).to.equal(true);
      const wrong = marker === 'none' ? 'patched' : 'none';
      expect(
        versioningChecks.tookNewPath('o', events, workflowFacts(execution, events), wrong).passed,
      ).to.equal(false);
    }
  });

  it('sees that version 1 kept the old path, and that version 2 did not', () => {
    const old = history('histories/happy-path.json');
    expect(versioningChecks.keptOldPath('o', old, workflowFacts(execution, old)).passed).to.equal(true);
    const fresh = history('version-histories/v2.json');
    const check = versioningChecks.keptOldPath('o', fresh, workflowFacts(execution, fresh));
    expect(check.passed).to.equal(false);
    expect(check.evidence).to.match(/check_fraud \(event 5\), process_payment/);
  });

  it('holds the replay gate to the open runs only', () => {
    const verdicts = [
      {
        name: 'closed',
        eventCount: 30,
        passed: false,
        open: false,
        divergence: { eventId: 5, message: 'm' },
      },
      { name: 'open', eventCount: 20, passed: true, open: true },
    ];
    expect(versioningChecks.gate(verdicts, 'next', 'replays').passed).to.equal(true);
    expect(versioningChecks.gate(verdicts, 'next', 'diverges').passed).to.equal(false);
    expect(versioningChecks.gate([verdicts[0]], 'next', 'replays')).to.deep.include({
      passed: false,
      evidence: 'no open run among the histories',
    });
  });

  it('holds a run the next code cannot replay to its status when that code was deployed, not to the gate’s read', () => {
    // The gate read the diverging run's history as closed, and lets the next code through on the open runs alone:
    // whether the diverging run was still closed when the code went out is describe()'s word at that moment.
    const verdicts = [
      {
        name: 'order-old-1',
        eventCount: 30,
        passed: false,
        open: false,
        divergence: { eventId: 5, message: 'm' },
      },
      { name: 'order-new-1', eventCount: 20, passed: true, open: true },
    ];
    expect(versioningChecks.gate(verdicts, 'next', 'replays').passed).to.equal(true);
    const atDeploy = (status: string) => [
      { orderId: 'old', workflowId: 'order-old-1', status },
      { orderId: 'new', workflowId: 'order-new-1', status: 'RUNNING' },
    ];

    expect(versioningChecks.closedBeforeDeploy(verdicts, atDeploy('COMPLETED'), 'next').passed).to.equal(
      true,
    );
    const running = versioningChecks.closedBeforeDeploy(verdicts, atDeploy('RUNNING'), 'next');
    expect(running.passed).to.equal(false);
    expect(running.evidence).to.contain('order-old-1 RUNNING');
    const undescribed = versioningChecks.closedBeforeDeploy(verdicts, [], 'next');
    expect(undescribed.passed).to.equal(false);
    expect(undescribed.evidence).to.contain('order-old-1 not described');
  });
});
