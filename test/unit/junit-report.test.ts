// --junit's XML, read back with a JUnit parser as CI reads it: one suite per run with the server as properties; one
// case per scenario with its checks and their evidence; a failed check's case failed with it, a scenario this server
// cannot run skipped with the reason, one that could not finish an error; chaos one case, its audit's checks in it.
import { expect } from 'chai';
import type { ChaosReport } from '../../src/chaos/chaos';
import { chaosPlan } from '../../src/chaos/plan';
import { ORDER_OUTCOMES } from '../../src/domain/order-run';
import { chaosPresenter } from '../../src/narration/chaos-report';
import { renderJunitReport } from '../../src/narration/junit-report';
import type { JunitResults, RunMeta } from '../../src/narration/presenter';
import type { ScenarioJson } from '../../src/narration/scenario-report';
import { scenarioCases, scenarioJson, scenarioPresenter } from '../../src/narration/scenario-report';
import type { ScenarioReport } from '../../src/scenarios/scenario';
import type { ChaosAudit } from '../../src/verification/chaos-audit';
import { chaosChecks } from '../../src/verification/chaos-audit';
import type { Check } from '../../src/verification/checks';
import { allPassed } from '../../src/verification/checks';
import { caseNamed, junitSuite, outputOf, propertiesOf } from '../helpers/junit';

const SERVER: RunMeta['server'] = { kind: 'dev-server', address: '127.0.0.1:7233', namespace: 'default' };

function meta(durationMs: number): RunMeta {
  return { durationMs, speed: 10, server: SERVER, steps: [] };
}

function scenarioReport(scenario: string, checks: Check[]): ScenarioReport {
  const workflowId = `order-${scenario}`;
  return {
    scenario,
    workflowId,
    runId: 'run-1',
    status: 'completed',
    result: 'Order fulfilled',
    expected: 'fulfilled',
    checks,
    passed: allPassed(checks),
    timeline: {
      workflowId,
      runId: 'run-1',
      startedAt: '2025-01-01T00:00:00Z',
      durationMs: 0,
      status: 'completed',
      rows: [],
    },
  };
}

function ran(report: ScenarioReport, durationMs: number): ScenarioJson {
  return scenarioJson(report, meta(durationMs));
}

const FULFILLED: Check = {
  name: 'workflow result is "Order fulfilled"',
  passed: true,
  evidence: 'WorkflowExecutionCompleted (event 30): "Order fulfilled"',
};
const CHARGED_ONCE: Check = {
  name: 'payment charged exactly once',
  passed: true,
  evidence: 'ledger: 1 charge under key order-expire/charge',
};
const NOT_EXPIRED: Check = {
  name: 'workflow result is "Order expired"',
  passed: false,
  evidence: 'WorkflowExecutionCompleted (event 30): "Order fulfilled"',
};
const NO_DELIVERY: Check = {
  name: 'deliver_order never ran',
  passed: false,
  evidence: 'ActivityTaskScheduled deliver_order (event 21)',
};

const HAPPY_PATH = scenarioReport('happy-path', [FULFILLED, CHARGED_ONCE]);
const EXPIRE = scenarioReport('expire', [CHARGED_ONCE, NOT_EXPIRED, NO_DELIVERY]);

function render(command: string, results: JunitResults, durationMs = 90_500): string {
  return renderJunitReport({
    command,
    startedAt: new Date('2025-01-01T12:00:00Z'),
    durationMs,
    speed: 10,
    server: SERVER,
    ...results,
  });
}

describe('JUnit report (--junit)', () => {
  it("all: one suite, a case per scenario in order, the counts, the server's properties", async () => {
    const suite = await junitSuite(
      render(
        'order-demo all',
        {
          cases: scenarioCases([
            ran(HAPPY_PATH, 4_200),
            ran(EXPIRE, 12_345),
            { scenario: 'worker-crash', passed: false, error: 'worker did not start', durationMs: 1_500 },
            { scenario: 'history-failover', skipped: 'it kills a history host of the cluster' },
          ]),
        },
        90_500,
      ),
    );
    expect(suite).to.include({
      name: 'order-demo all (dev-server)',
      tests: 4,
      failures: 1,
      errors: 1,
      skipped: 1,
      time: 90.5,
    });
    expect(suite.timestamp).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    expect(propertiesOf(suite)).to.deep.equal({
      'server.kind': 'dev-server',
      'server.address': '127.0.0.1:7233',
      'server.namespace': 'default',
      speed: 10,
    });
    expect(suite.testcase?.map((testCase) => testCase.name)).to.deep.equal([
      'happy-path',
      'expire',
      'worker-crash',
      'history-failover',
    ]);
    for (const testCase of suite.testcase ?? []) expect(testCase.classname).to.equal('order-demo.dev-server');
  });

  it('a passed scenario: its time in seconds, every check with its evidence, no failure', async () => {
    const suite = await junitSuite(
      render('order-demo all', { cases: scenarioCases([ran(HAPPY_PATH, 4_200)]) }),
    );
    const happyPath = caseNamed(suite, 'happy-path');
    expect(happyPath.time).to.equal(4.2);
    expect(happyPath).to.not.have.any.keys('failure', 'error', 'skipped');
    expect(outputOf(happyPath)).to.deep.equal([
      '✓ workflow result is "Order fulfilled"',
      '    WorkflowExecutionCompleted (event 30): "Order fulfilled"',
      '✓ payment charged exactly once',
      '    ledger: 1 charge under key order-expire/charge',
    ]);
  });

  it('a failed check fails its scenario: the first failed check as the message, the failed checks as the body', async () => {
    const suite = await junitSuite(render('order-demo all', { cases: scenarioCases([ran(EXPIRE, 12_345)]) }));
    const expire = caseNamed(suite, 'expire');
    expect(expire.time).to.equal(12.345);
    expect(expire.failure).to.have.length(1);
    expect(expire.failure?.[0].message).to.equal('workflow result is "Order expired"');
    expect(expire.failure?.[0].inner?.split('\n')).to.deep.equal([
      '✗ workflow result is "Order expired"',
      '    WorkflowExecutionCompleted (event 30): "Order fulfilled"',
      '✗ deliver_order never ran',
      '    ActivityTaskScheduled deliver_order (event 21)',
    ]);
    // The output still lists every check, the passed one too.
    expect(outputOf(expire)).to.include('✓ payment charged exactly once');
    expect(outputOf(expire)).to.include('✗ deliver_order never ran');
  });

  it('a scenario this server cannot run is skipped with the reason; one that could not finish is an error', async () => {
    const suite = await junitSuite(
      render('order-demo all', {
        cases: scenarioCases([
          { scenario: 'history-failover', skipped: 'it kills a history host of the cluster' },
          { scenario: 'worker-crash', passed: false, error: 'worker did not start', durationMs: 1_500 },
        ]),
      }),
    );
    const skipped = caseNamed(suite, 'history-failover');
    expect(skipped.skipped).to.deep.equal([{ message: 'it kills a history host of the cluster' }]);
    expect(skipped).to.not.have.any.keys('failure', 'error', 'system-out');
    const stopped = caseNamed(suite, 'worker-crash');
    expect(stopped.error?.[0]).to.include({ message: 'worker did not start', type: 'could not finish' });
    expect(stopped.time).to.equal(1.5);
    expect(stopped).to.not.have.any.keys('failure', 'skipped');
  });

  it('a scenario command: one suite named after it, one case timed by its run', async () => {
    const suite = await junitSuite(
      render('order-demo expire', scenarioPresenter.junit?.(EXPIRE, meta(8_000)) ?? { cases: [] }, 9_000),
    );
    expect(suite).to.include({ name: 'order-demo expire (dev-server)', tests: 1, failures: 1, time: 9 });
    expect(caseNamed(suite, 'expire').time).to.equal(8);
  });

  describe('chaos', () => {
    function chaosReport(leftoverProcesses: number[]): ChaosReport {
      const plan = chaosPlan({
        orders: 2,
        activityWorkers: 1,
        workflowWorkers: 1,
        killActivityWorkers: 1,
        killWorkflowWorkers: 0,
        serverRestarts: 0,
        killHistoryHosts: 0,
        killMatching: 0,
        databaseRestarts: 0,
        regionFailovers: 0,
        seed: 42,
        speed: 10,
        retryPolicy: 'idempotent',
        compensate: true,
      });
      const outcomes = Object.fromEntries(
        ORDER_OUTCOMES.map((outcome) => [outcome, 0]),
      ) as ChaosAudit['outcomes'];
      const audit: ChaosAudit = {
        approvalsNotAcceptedInTime: [],
        orders: plan.orders.map((order) => ({
          number: order.number,
          kind: order.kind,
          orderId: `chaos-00${order.number}`,
          workflowId: `order-chaos-00${order.number}-1`,
          designed: order.designed,
          outcome: order.designed,
          keptCharge: false,
          keptReservation: false,
          problems: [],
        })),
        outcomes: { ...outcomes, [plan.orders[0].designed]: 1, [plan.orders[1].designed]: 1 },
        stuckWorkflows: [],
        ledger: {
          effects: 7,
          byAction: { charge: 2, reserve: 2, deliver: 2, refund: 1 },
          duplicateEffects: [],
          absorbedDuplicates: [],
          undeliveredNotRefunded: [],
          undeliveredNotReleased: [],
        },
      };
      const checks = chaosChecks(audit, leftoverProcesses);
      return {
        passed: allPassed(checks),
        plan,
        audit,
        checks,
        faults: [],
        skippedFaults: [],
        unexpectedWorkerExits: 0,
        supervision: [],
        leftoverProcesses,
        durationMs: 61_000,
      };
    }

    function renderChaos(report: ChaosReport): string {
      return render(
        'order-demo chaos',
        chaosPresenter.junit?.(report, meta(70_000)) ?? { cases: [] },
        70_000,
      );
    }

    it('one case for the run, every audit check in its output, the seed and settings as properties', async () => {
      const suite = await junitSuite(renderChaos(chaosReport([])));
      expect(suite).to.include({ name: 'order-demo chaos (dev-server)', tests: 1, failures: 0, time: 70 });
      expect(propertiesOf(suite)).to.include({
        seed: 42,
        'retry-policy': 'idempotent',
        compensate: 'true',
        orders: 2,
        'server.kind': 'dev-server',
      });
      const run = caseNamed(suite, 'chaos');
      expect(run.time).to.equal(61);
      expect(run).to.not.have.any.keys('failure');
      expect(outputOf(run).filter((line) => !line.startsWith(' '))).to.deep.equal([
        '✓ every order reached its designed outcome, as its history and the ledger show',
        '✓ no workflow still running',
        '✓ no effect done twice',
        '✓ no process of the run left behind',
      ]);
    });

    it('fails with the audit check that did not hold, and its evidence', async () => {
      const suite = await junitSuite(renderChaos(chaosReport([4242])));
      expect(suite).to.include({ tests: 1, failures: 1 });
      const run = caseNamed(suite, 'chaos');
      expect(run.failure?.[0].message).to.equal('no process of the run left behind');
      expect(run.failure?.[0].inner?.split('\n')).to.deep.equal([
        '✗ no process of the run left behind',
        '    still running: pid 4242',
      ]);
    });
  });
});
