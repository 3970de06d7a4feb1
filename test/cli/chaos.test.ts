// chaos end to end with a small plan: worker processes killed, the server restarted, and an audit that holds — with
// compensation, no order that was never delivered keeps a charge or a reservation; without, the audit names them.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { expectError, parseJsonOutput, runCli } from '../helpers/cli';
import { caseNamed, junitSuiteOfFile, outputOf, propertiesOf } from '../helpers/junit';
import { useTemporaryFolder } from '../helpers/temporary-folder';

interface ChaosJson {
  passed: boolean;
  seed: number;
  retryPolicy: string;
  compensate: boolean;
  orders: number;
  outcomes: Record<string, number>;
  lostToCrash: { number: number; activity: string; charged: boolean; refunded: boolean }[];
  kills: {
    activityWorkers: number;
    workflowWorkers: number;
    serverRestarts: number;
    historyHosts: number;
    matchingHosts: number;
    databaseRestarts: number;
  };
  ledger: {
    effects: number;
    byAction: Record<string, number>;
    duplicateEffects: number;
    absorbedDuplicates: number;
    undeliveredNotRefunded: number;
    undeliveredNotRefundedOrders: { number: number; orderId: string; workflowId: string }[];
    undeliveredNotReleased: number;
    undeliveredNotReleasedOrders: { number: number; orderId: string; workflowId: string }[];
  };
  stuckWorkflows: number;
  leftoverProcesses: number;
  durationMs: number;
}

/** A small plan: 20 orders, `activityKills` activity-worker kills, one workflow-worker kill, one server restart. */
function smallPlan(activityKills: number): string[] {
  return [
    'chaos',
    '--orders',
    '20',
    '--kill-activity-workers',
    String(activityKills),
    '--kill-workflow-workers',
    '1',
    '--server-restarts',
    '1',
    '--json',
  ];
}

describe('order-demo chaos', () => {
  const histories = useTemporaryFolder('chaos-histories');
  const reports = useTemporaryFolder('chaos-junit');

  it('passes the audit of a small plan: every order at its designed outcome, nothing twice, nothing kept, nothing left', async () => {
    const result = await runCli([...smallPlan(4), '--seed', '5', '--keep-histories', histories()]);
    const report = parseJsonOutput<ChaosJson>(result);
    expect(report.passed, JSON.stringify(report, null, 2)).to.equal(true);
    expect(result.code).to.equal(0);
    expect(report).to.include({
      seed: 5,
      retryPolicy: 'idempotent',
      compensate: true,
      orders: 20,
      stuckWorkflows: 0,
      leftoverProcesses: 0,
    });
    expect(report.kills).to.deep.equal({
      activityWorkers: 4,
      workflowWorkers: 1,
      serverRestarts: 1,
      historyHosts: 0,
      matchingHosts: 0,
      databaseRestarts: 0,
    });
    expect(report.outcomes.fulfilled + report.outcomes.expired + report.outcomes['card-declined']).to.equal(
      20,
    );
    expect(report.outcomes.lost).to.equal(0);
    expect(report.ledger.duplicateEffects).to.equal(0);
    expect(report.ledger.effects).to.be.above(20);
    // The expired orders gave back what they took, exactly once, whatever was killed meanwhile.
    expect(report.outcomes.expired).to.be.above(0);
    expect(report.ledger).to.include({ undeliveredNotRefunded: 0, undeliveredNotReleased: 0 });
    expect(report.ledger.byAction.refund).to.equal(report.outcomes.expired);
    expect(report.ledger.byAction.release).to.equal(report.outcomes.expired);
    expect(report.durationMs).to.be.a('number');
    // Histories written through kills and restarts replay against the workflow all the same.
    expect(readdirSync(histories())).to.have.length(20);
    const replayed = await runCli(['replay-check', histories()]);
    expect(replayed.code, replayed.stdout).to.equal(0);
    expect(replayed.stdout).to.contain('PASS all 20 histories replay against standard');
  });

  it('under the sample retry policy, lists the orders a crash lost (during a one-attempt call), each charge refunded, and still passes', async () => {
    // One activity worker, killed often: orders whose payment or reservation it was running are lost for sure.
    const result = await runCli([
      'chaos',
      '--orders',
      '20',
      '--activity-workers',
      '1',
      '--kill-activity-workers',
      '16',
      '--kill-workflow-workers',
      '0',
      '--server-restarts',
      '0',
      '--seed',
      '6',
      '--retry-policy',
      'sample',
      '--json',
    ]);
    const report = parseJsonOutput<ChaosJson>(result);
    expect(report.passed, JSON.stringify(report, null, 2)).to.equal(true);
    expect(result.code, result.stderr).to.equal(0);
    expect(report.lostToCrash.length, 'orders lost to a crash').to.be.at.least(1);
    expect(report.outcomes.lost).to.equal(report.lostToCrash.length);
    for (const lost of report.lostToCrash) {
      expect(lost.activity).to.be.oneOf(['process_payment', 'reserve_inventory']);
      // With compensation even an order a crash lost gives its charge back, if it was charged.
      expect(lost.refunded).to.equal(lost.charged);
    }
    expect(report.ledger).to.include({ undeliveredNotRefunded: 0, undeliveredNotReleased: 0 });
  });

  it('--no-compensate: passes, and names the orders never delivered that kept the charge and the stock', async () => {
    const junit = path.join(reports(), 'chaos.xml');
    const result = await runCli([
      ...['chaos', '--orders', '10', '--kill-activity-workers', '2', '--kill-workflow-workers', '0'],
      ...['--server-restarts', '0', '--seed', '3', '--no-compensate', '--json', '--junit', junit],
    ]);
    const report = parseJsonOutput<ChaosJson>(result);
    expect(report.passed, JSON.stringify(report, null, 2)).to.equal(true);
    expect(report.compensate).to.equal(false);
    expect(report.outcomes.expired).to.be.above(0);
    expect(report.ledger.undeliveredNotRefunded).to.equal(report.outcomes.expired);
    expect(report.ledger.undeliveredNotReleased).to.equal(report.outcomes.expired);
    expect(report.ledger.undeliveredNotRefundedOrders.map((order) => order.orderId)).to.have.length(
      report.outcomes.expired,
    );
    // The run is one JUnit case, passed, its audit's checks in its output; the seed replays it.
    const suite = await junitSuiteOfFile(junit);
    expect(suite).to.include({ tests: 1, failures: 0, errors: 0 });
    expect(propertiesOf(suite)).to.include({ seed: 3, compensate: 'false', orders: 10 });
    expect(outputOf(caseNamed(suite, 'chaos')).filter((line) => line.startsWith('✓ '))).to.have.length(4);
  });

  it('refuses what it cannot do before anything starts (exit 2)', async () => {
    expectError(
      await runCli(['chaos', '--address', '127.0.0.1:1']),
      2,
      /--server-restarts 1 needs the embedded dev server.*add --server-restarts 0/,
    );
    expectError(await runCli(['chaos', '--orders', '0']), 2, /--orders/);
  });
});
