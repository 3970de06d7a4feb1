// The chaos audit judges each order by the server's record and the ledger: designed outcome reached, or (under the
// sample's retry policy only) lost to a crash during a call tried once.
import { expect } from 'chai';
import { orderWith } from '../../src/domain/order';
import type { OrderRunSpec } from '../../src/domain/order-run';
import { withTemporaryLedger } from '../helpers/temporary-ledger';
import type { OrderToAudit } from '../../src/verification/chaos-audit';
import { auditChaos, outcomeOf } from '../../src/verification/chaos-audit';
import type { ActivityFacts, WorkflowFacts } from '../../src/verification/workflow-facts';

const WORKFLOW_ID = 'order-chaos-001-1';

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

  const record = (action: 'charge' | 'reserve' | 'deliver', key = `${WORKFLOW_ID}/${action}`) =>
    temporary.current().record({
      key,
      service: action === 'charge' ? 'payment' : action === 'reserve' ? 'inventory' : 'courier',
      action,
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
  });

  it('passes a fulfilled order with one of each effect, and flags a second charge under another key', () => {
    record('charge');
    record('reserve');
    record('deliver');
    expect(
      auditChaos([order(facts({}))], temporary.current(), 'idempotent').orders[0].problems,
    ).to.deep.equal([]);
    record('charge', `${WORKFLOW_ID}/charge-again`);
    const audit = auditChaos([order(facts({}))], temporary.current(), 'idempotent');
    expect(audit.orders[0].problems.join('\n')).to.match(/ledger: .*charge/);
    expect(audit.ledger.duplicateEffects).to.have.length(1);
  });

  it('lists an order lost during a one-attempt call as expected under the sample policy only, with its charge', () => {
    record('charge');
    const lost = facts({
      status: 'failed',
      result: undefined,
      failure: { message: 'Activity task timed out' },
      activities: [timedOutPayment],
    });
    const sample = auditChaos([order(lost)], temporary.current(), 'sample').orders[0];
    expect(sample.problems).to.deep.equal([]);
    expect(sample.lostToCrash).to.deep.equal({ activity: 'process_payment', charged: true });
    const idempotent = auditChaos([order(lost)], temporary.current(), 'idempotent').orders[0];
    expect(idempotent.lostToCrash).to.equal(undefined);
    expect(idempotent.problems[0]).to.match(/designed to end fulfilled, ended lost/);
  });

  it('reports a workflow still running as stuck', () => {
    const audit = auditChaos(
      [order(facts({ status: 'running', result: undefined }))],
      temporary.current(),
      'idempotent',
    );
    expect(audit.stuckWorkflows).to.deep.equal([WORKFLOW_ID]);
    expect(audit.outcomes.running).to.equal(1);
  });
});
