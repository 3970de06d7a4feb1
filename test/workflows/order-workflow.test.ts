// OrderWorkflow on a real embedded Temporal dev server, with both real workers, at a high speed.
import { WorkflowFailedError } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { expect } from 'chai';
import { APPROVE_SIGNAL, TASK_QUEUE, WORKFLOW_TYPE } from '../../src/domain/contract';
import { orderWith } from '../../src/domain/order';
import type { ApprovalMode, OrderRunSpec } from '../../src/domain/order-run';
import { expectedOutcome, workflowArguments } from '../../src/domain/order-run';
import { workflowTimeouts } from '../../src/domain/speed';
import { fetchHistory } from '../../src/temporal/history';
import { createWorker } from '../../src/temporal/workers';
import { orderChecks } from '../../src/verification/order-checks';
import { workflowFacts } from '../../src/verification/workflow-facts';
import type { TestServer } from '../helpers/embedded-server';
import { startTestServer } from '../helpers/embedded-server';

const SPEED = 20;

describe('OrderWorkflow on the embedded dev server', function () {
  let test: TestServer;
  let workers: Worker[];
  let running: Promise<void>[];
  let sequence = 0;

  before(async () => {
    test = await startTestServer();
    const target = { connection: await test.server.workerConnection(), namespace: test.server.namespace };
    workers = [
      await createWorker(target, { role: 'workflow', speed: SPEED }),
      await createWorker(target, { role: 'activity', speed: SPEED }),
    ];
    running = workers.map((worker) => worker.run());
  });

  after(async () => {
    for (const worker of workers ?? []) worker.shutdown();
    await Promise.all(running ?? []);
    await test?.teardown.closeAll();
  });

  async function runOrder(changes: { expiry?: string; inventoryDown?: boolean; approval: ApprovalMode }) {
    const spec: OrderRunSpec = {
      order: orderWith({ order_id: `test-${++sequence}`, credit_card_expiry: changes.expiry ?? '12/30' }),
      inventoryDown: changes.inventoryDown ?? false,
      approval: changes.approval,
      speed: SPEED,
    };
    const handle = await test.server.client.workflow.start(WORKFLOW_TYPE, {
      taskQueue: TASK_QUEUE,
      workflowId: `order-${spec.order.order_id}-${Date.now()}`,
      args: workflowArguments(spec),
    });
    if (changes.approval === 'auto') await handle.signal(APPROVE_SIGNAL);
    const result = await handle.result().catch((error: unknown) => error);
    const execution = { workflowId: handle.workflowId, runId: handle.firstExecutionRunId };
    const facts = workflowFacts(execution, await fetchHistory(test.server.client, execution));
    const checks = orderChecks(facts, spec, expectedOutcome(spec, new Date()));
    return { spec, result, facts, checks };
  }

  it('fulfils an approved order', async () => {
    const { result, facts, checks } = await runOrder({ approval: 'auto' });
    expect(result).to.equal('Order fulfilled');
    expect(facts.activities.map((activity) => activity.activityType)).to.deep.equal([
      'process_payment',
      'reserve_inventory',
      'deliver_order',
    ]);
    expect(checks.filter((check) => !check.passed)).to.deep.equal([]);
  });

  it('expires an order nobody approves, after the approval window, without delivering', async () => {
    const { result, facts, checks } = await runOrder({ approval: 'none' });
    expect(result).to.equal('Order expired');
    expect(facts.timers).to.have.length(1);
    // The sample's 30 s, scaled by the speed (and never below the timeouts' floor).
    expect(facts.timers[0].durationMs).to.equal(workflowTimeouts(SPEED).approvalWindow);
    expect(facts.timers[0].firedEventId).to.be.a('number');
    expect(facts.activities.map((activity) => activity.activityType)).to.not.include('deliver_order');
    expect(checks.filter((check) => !check.passed)).to.deep.equal([]);
  });

  it('fails the workflow on an expired card after one payment attempt', async () => {
    const { result, facts, checks } = await runOrder({ expiry: '12/23', approval: 'auto' });
    expect(result).to.be.instanceOf(WorkflowFailedError);
    expect(facts.status).to.equal('failed');
    expect(facts.failure?.cause?.message).to.equal('Invalid credit card expiry');
    expect(facts.activities).to.have.length(1);
    expect(facts.activities[0]).to.deep.include({
      activityType: 'process_payment',
      attempt: 1,
      outcome: 'failed',
    });
    expect(checks.filter((check) => !check.passed)).to.deep.equal([]);
  });

  it('recovers the inventory reservation on attempt 5 while the service is down', async () => {
    const { spec, result, facts, checks } = await runOrder({ inventoryDown: true, approval: 'auto' });
    expect(result).to.equal('Order fulfilled');
    const inventory = facts.activities.find((activity) => activity.activityType === 'reserve_inventory');
    expect(inventory).to.deep.include({
      attempt: 5,
      outcome: 'completed',
      result: `Inventory reserved for order ${spec.order.order_id} (recovered after 5 attempts)`,
    });
    expect(inventory?.previousAttemptFailure?.cause?.message).to.equal(
      'Inventory service unavailable (attempt 4)',
    );
    expect(checks.filter((check) => !check.passed)).to.deep.equal([]);
  });

  it('records the speed as a workflow input only when it is not the default', async () => {
    const { facts } = await runOrder({ approval: 'auto' });
    expect(facts.input).to.have.length(3);
    expect(facts.input[2]).to.deep.equal({ speed: SPEED });
  });
});
