// The chaos audit judges each order by the server's record and the ledger: designed outcome reached, or (under the
// sample's retry policy only) lost to a crash during a call tried once.
import { expect } from 'chai';
import { orderWith } from '../../src/domain/order';
import type { OrderRunSpec } from '../../src/domain/order-run';
import { approvalWindowFor } from '../../src/domain/order-run';
import { withTemporaryLedger } from '../helpers/temporary-ledger';
import type { OrderToAudit } from '../../src/verification/chaos-audit';
import { auditChaos, chaosChecks, outcomeOf } from '../../src/verification/chaos-audit';
import type { ActivityFacts, WorkflowFacts } from '../../src/verification/workflow-facts';

const WORKFLOW_ID = 'order-chaos-001-1';
const IDEMPOTENT = { retryPolicy: 'idempotent', compensate: false } as const;
const SAMPLE = { retryPolicy: 'sample', compensate: false } as const;

function facts(overrides: Partial<WorkflowFacts>): WorkflowFacts {
  return {
    workflowId: WORKFLOW_ID,
    runId: 'run',
    input: [],
    status: 'completed',
    result: 'Order fulfilled',
    activities: [],
    timers: [],
    signals: [],
    updates: [],
    workflowTaskFailures: [],
    workflowTaskCompletions: [],
    workflowTaskTimeouts: [],
    eventCount: 30,
    ...overrides,
  };
}

const timedOutPayment: ActivityFacts = {
  activityType: 'process_payment',
  scheduledEventId: 5,
  attempt: 1,
  outcome: 'timed-out',
};

const spec: OrderRunSpec = {
  order: orderWith({ order_id: 'chaos-001' }),
  inventoryDown: false,
  approval: 'auto',
  speed: 10,
};

function order(orderFacts: WorkflowFacts): OrderToAudit {
  return {
    number: 1,
    kind: 'plain',
    designed: 'fulfilled',
    spec,
    workflowId: WORKFLOW_ID,
    facts: orderFacts,
  };
}

describe('chaos audit', () => {
  const temporary = withTemporaryLedger();

  const SERVICES = {
    charge: 'payment',
    refund: 'payment',
    reserve: 'inventory',
    release: 'inventory',
    deliver: 'courier',
  } as const;

  const record = (action: keyof typeof SERVICES, key = `${WORKFLOW_ID}/${action}`) =>
    temporary.current().record({
      key,
      service: SERVICES[action],
      action,
      subject:
        action === 'refund'
          ? `${WORKFLOW_ID}/charge`
          : action === 'release'
            ? `${WORKFLOW_ID}/reserve`
            : undefined,
      workflowId: WORKFLOW_ID,
      orderId: 'chaos-001',
      result: action,
      attempt: 1,
      worker: 'test',
    });

  it('classifies outcomes from the history', () => {
    expect(outcomeOf(facts({}))).to.equal('fulfilled');
    expect(outcomeOf(facts({ result: 'Order expired' }))).to.equal('expired');
    expect(outcomeOf(facts({ status: 'running' }))).to.equal('running');
    expect(
      outcomeOf(
        facts({
          status: 'failed',
          failure: { message: 'x', cause: { message: 'y', type: 'InvalidCreditCard' } },
        }),
      ),
    ).to.equal('card-declined');
    expect(outcomeOf(facts({ status: 'failed', failure: { message: 'Activity task timed out' } }))).to.equal(
      'lost',
    );
    expect(outcomeOf(facts({ status: 'canceled', result: undefined }))).to.equal('cancelled');
  });

  it('passes a fulfilled order with one of each effect, and flags a second charge under another key', () => {
    record('charge');
    record('reserve');
    record('deliver');
    expect(auditChaos([order(facts({}))], temporary.current(), IDEMPOTENT).orders[0].problems).to.deep.equal(
      [],
    );
    record('charge', `${WORKFLOW_ID}/charge-again`);
    const audit = auditChaos([order(facts({}))], temporary.current(), IDEMPOTENT);
    expect(audit.orders[0].problems.join('\n')).to.match(/ledger: .*charge/);
    expect(audit.ledger.duplicateEffects).to.have.length(1);
  });

  it('gives its verdict check by check: a second charge and a process left behind fail theirs, with the evidence', () => {
    record('charge');
    record('reserve');
    record('deliver');
    const names = (checks: { name: string }[]) => checks.map((check) => check.name);
    const clean = chaosChecks(auditChaos([order(facts({}))], temporary.current(), IDEMPOTENT), []);
    expect(clean.filter((check) => !check.passed)).to.deep.equal([]);
    expect(names(clean)).to.deep.equal([
      'every order reached its designed outcome, as its history and the ledger show',
      'no workflow still running',
      'no effect done twice',
      'no process of the run left behind',
    ]);
    record('charge', `${WORKFLOW_ID}/charge-again`);
    const failed = chaosChecks(auditChaos([order(facts({}))], temporary.current(), IDEMPOTENT), [4242]);
    expect(names(failed.filter((check) => !check.passed))).to.deep.equal([
      'every order reached its designed outcome, as its history and the ledger show',
      'no effect done twice',
      'no process of the run left behind',
    ]);
    expect(failed[2].evidence).to.contain(
      `duplicate effect: charge of ${WORKFLOW_ID} under keys ${WORKFLOW_ID}/charge, ${WORKFLOW_ID}/charge-again`,
    );
    expect(failed[3].evidence).to.equal('still running: pid 4242');
  });

  it('lists an order lost during a one-attempt call as expected under the sample policy only, with its charge', () => {
    record('charge');
    const lost = facts({
      status: 'failed',
      result: undefined,
      failure: { message: 'Activity task timed out' },
      activities: [timedOutPayment],
    });
    const sample = auditChaos([order(lost)], temporary.current(), SAMPLE).orders[0];
    expect(sample.problems).to.deep.equal([]);
    expect(sample.lostToCrash).to.deep.equal({ activity: 'process_payment', charged: true, refunded: false });
    const idempotent = auditChaos([order(lost)], temporary.current(), IDEMPOTENT).orders[0];
    expect(idempotent.lostToCrash).to.equal(undefined);
    expect(idempotent.problems[0]).to.match(/designed to end fulfilled, ended lost/);
  });

  it('reports a workflow still running as stuck', () => {
    const audit = auditChaos(
      [order(facts({ status: 'running', result: undefined }))],
      temporary.current(),
      IDEMPOTENT,
    );
    expect(audit.stuckWorkflows).to.deep.equal([WORKFLOW_ID]);
    expect(audit.outcomes.running).to.equal(1);
  });

  describe('what the orders never delivered kept', () => {
    const expired = () => ({
      ...order(facts({ result: 'Order expired' })),
      designed: 'expired' as const,
      kind: 'never-approved',
    });

    it('without compensation: lists the order that kept its charge and its reservation, as the lesson, not a problem', () => {
      record('charge');
      record('reserve');
      const audit = auditChaos([expired()], temporary.current(), IDEMPOTENT);
      const listed = [{ number: 1, kind: 'never-approved', orderId: 'chaos-001', workflowId: WORKFLOW_ID }];
      expect(audit.ledger.undeliveredNotRefunded).to.deep.equal(listed);
      expect(audit.ledger.undeliveredNotReleased).to.deep.equal(listed);
      expect(audit.orders[0].problems).to.deep.equal([]);
    });

    it('with compensation: lists nothing once both came back, and fails the order that kept its charge', () => {
      record('charge');
      record('reserve');
      record('release');
      const compensating = { retryPolicy: 'idempotent', compensate: true } as const;
      const kept = auditChaos([expired()], temporary.current(), compensating);
      expect(kept.ledger.undeliveredNotRefunded).to.have.length(1);
      expect(kept.ledger.undeliveredNotReleased).to.deep.equal([]);
      expect(kept.orders[0].problems.join('\n')).to.match(/ledger: each charge refunded exactly once/);
      record('refund');
      const returned = auditChaos([expired()], temporary.current(), compensating);
      expect(returned.ledger.undeliveredNotRefunded).to.deep.equal([]);
      expect(returned.orders[0].problems).to.deep.equal([]);
    });

    it('counts nothing kept for a delivered order or one still running', () => {
      record('charge');
      record('reserve');
      const running = order(facts({ status: 'running', result: undefined }));
      expect(
        auditChaos([running], temporary.current(), IDEMPOTENT).ledger.undeliveredNotRefunded,
      ).to.deep.equal([]);
      record('deliver');
      expect(
        auditChaos([order(facts({}))], temporary.current(), IDEMPOTENT).ledger.undeliveredNotRefunded,
      ).to.deep.equal([]);
    });
  });
  describe('an approval sent while the order waits (approved late)', () => {
    const window = approvalWindowFor(spec);
    const FIRED_AT = 1_000_000;
    /**
     * The order's history: the deadline's timer fired at FIRED_AT as event 20, seen by the workflow task started as
     * event 22; the approval as `signal` says.
     */
    function approvedLate(
      signal: { eventId: number; at: number } | undefined,
      firstAt: number,
      result: string,
    ) {
      record('charge');
      record('reserve');
      if (result === 'Order fulfilled') record('deliver');
      return {
        ...order(
          facts({
            result,
            timers: [{ startedEventId: 10, durationMs: window, firedEventId: 20, firedAt: FIRED_AT }],
            workflowTaskCompletions: [
              { eventId: 9, startedEventId: 8, identity: 'worker' },
              { eventId: 24, startedEventId: 22, identity: 'worker' },
            ],
            signals: signal ? [{ name: 'approve_order', ...signal }] : [],
          }),
        ),
        kind: 'approved-late',
        approvalAttempts: {
          firstAt,
          attempts: 4,
          acceptedAt: FIRED_AT + 2_500,
          lastRefusal: { message: 'shard has no owner', at: FIRED_AT + 1_000 },
        },
      };
    }

    it('tells an approval sent in time that the server recorded only after the deadline from one the workflow lost', () => {
      const refused = approvedLate({ eventId: 25, at: FIRED_AT + 3_000 }, FIRED_AT - 5_000, 'Order expired');
      const audit = auditChaos([refused], temporary.current(), IDEMPOTENT);
      expect(audit.orders[0].problems).to.deep.equal([]);
      expect(audit.orders[0].approval?.verdict).to.equal('not-accepted-in-time');
      expect(audit.approvalsNotAcceptedInTime).to.have.length(1);
      expect(audit.approvalsNotAcceptedInTime[0].evidence).to.match(
        /^first sent 5\.0s before the deadline, in 4 tries, accepted 2\.5s after the deadline; refused last 1\.0s after the deadline: shard has no owner; the server recorded it as event 25, after the workflow acted on the deadline's timer \(fired as event 20, seen by the workflow task started as event 22\)$/,
      );
      expect(chaosChecks(audit, [])[0]).to.include({ passed: true });
    });

    it('fails an order that expired although the server recorded its approval before the deadline', () => {
      const lost = approvedLate({ eventId: 15, at: FIRED_AT - 4_000 }, FIRED_AT - 5_000, 'Order expired');
      const audit = auditChaos([lost], temporary.current(), IDEMPOTENT);
      expect(audit.orders[0].approval?.verdict).to.equal('accepted-in-time');
      expect(audit.orders[0].problems.join('\n')).to.match(
        /designed to end fulfilled, ended expired: the workflow lost its approval, recorded as event 15, 4\.0s before/,
      );
      expect(audit.approvalsNotAcceptedInTime).to.deep.equal([]);
    });

    it('expects fulfilment when the approval came after the timer fired but before the workflow saw the timer', () => {
      const together = approvedLate({ eventId: 21, at: FIRED_AT + 1_000 }, FIRED_AT - 5_000, 'Order expired');
      const audit = auditChaos([together], temporary.current(), IDEMPOTENT);
      expect(audit.orders[0].approval?.verdict).to.equal('accepted-in-time');
      expect(audit.orders[0].problems.join('\n')).to.match(
        /designed to end fulfilled, ended expired: the workflow lost its approval, .*before the workflow task that saw it started \(event 22\)/,
      );
    });

    it('fails an order whose approval was sent only after the deadline', () => {
      const late = approvedLate(undefined, FIRED_AT + 1_000, 'Order expired');
      const audit = auditChaos([late], temporary.current(), IDEMPOTENT);
      expect(audit.orders[0].approval?.verdict).to.equal('sent-late');
      expect(audit.orders[0].problems.join('\n')).to.match(
        /designed to end fulfilled, ended expired: .*after the deadline/,
      );
    });
  });
});
