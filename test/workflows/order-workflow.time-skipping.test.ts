// OrderWorkflow's own logic, on the time-skipping test server with mocked activities (as the SDK's samples test
// workflows): approval, expiry by the durable timer (its 30 s skipped, not waited for), a declined card, retries
// through an inventory outage, packing resumed from its heartbeat checkpoint. order-workflow.test.ts runs the real
// activities on a dev server (integration tier).
import { ApplicationFailure, Context } from '@temporalio/activity';
import { ActivityFailure, WorkflowFailedError } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { expect } from 'chai';
import type { OrderActivities } from '../../src/domain/contract';
import {
  activityResults,
  approveOrder,
  INVALID_CARD_ERROR_TYPE,
  INVALID_CARD_MESSAGE,
  INVENTORY_DOWN_ERROR_TYPE,
  INVENTORY_RECOVERS_ON_ATTEMPT,
  ORDER_EXPIRED,
  ORDER_FULFILLED,
  TASK_QUEUE,
} from '../../src/domain/contract';
import type { Order } from '../../src/domain/order';
import { orderWith, skus } from '../../src/domain/order';
import type { PackingCheckpoint } from '../../src/domain/packing';
import { SAMPLE_TIMINGS } from '../../src/domain/speed';
import { workflowCodeFor } from '../../src/temporal/workflow-bundle';
import { OrderWorkflow } from '../../src/workflows';
import { createTimeSkippingEnvironment } from '../helpers/sdk-environments';

/** Mocked activities that answer as the real ones do at once, recording each call as `name#attempt`. */
function mockActivities(overrides: Partial<OrderActivities> = {}) {
  const calls: string[] = [];
  const defaults: OrderActivities = {
    process_payment: async (order) => activityResults.paymentProcessed(order.order_id),
    reserve_inventory: async (order) => activityResults.inventoryReserved(order.order_id),
    pack_order_items: async (items) => activityResults.itemsPacked(items.length, 'SLIP-00C0FFEE'),
    deliver_order: async (order) => activityResults.orderDelivered(order.order_id),
  };
  const implementations = { ...defaults, ...overrides };
  const recorded =
    <Args extends unknown[]>(name: keyof OrderActivities, run: (...args: Args) => Promise<string>) =>
    (...args: Args) => {
      calls.push(`${name}#${Context.current().info.attempt}`);
      return run(...args);
    };
  const activities: OrderActivities = {
    process_payment: recorded('process_payment', implementations.process_payment),
    reserve_inventory: recorded('reserve_inventory', implementations.reserve_inventory),
    pack_order_items: recorded('pack_order_items', implementations.pack_order_items),
    deliver_order: recorded('deliver_order', implementations.deliver_order),
  };
  return { activities, calls };
}

describe('OrderWorkflow on the time-skipping test server, with mocked activities', () => {
  let env: TestWorkflowEnvironment;
  let sequence = 0;

  before(async () => {
    env = await createTimeSkippingEnvironment();
  });

  after(async () => {
    await env?.teardown();
  });

  /** Runs one order at the default speed on a worker with these activities; `approve` signals it at once. */
  async function runOrder(
    activities: OrderActivities,
    { order = orderWith({}), inventoryDown = false, approve = true } = {},
  ) {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: TASK_QUEUE,
      ...workflowCodeFor('standard'),
      activities,
    });
    return worker.runUntil(async () => {
      const handle = await env.client.workflow.start(OrderWorkflow, {
        taskQueue: TASK_QUEUE,
        workflowId: `order-${order.order_id}-time-skipping-${++sequence}`,
        args: [order, inventoryDown],
      });
      if (approve) await handle.signal(approveOrder);
      const result = await handle.result().catch((error: unknown) => error);
      return { result, history: await handle.fetchHistory() };
    });
  }

  it('fulfils an approved order: payment, inventory, delivery, once each', async () => {
    const { activities, calls } = mockActivities();
    const { result } = await runOrder(activities);
    expect(result).to.equal(ORDER_FULFILLED);
    expect(calls).to.deep.equal(['process_payment#1', 'reserve_inventory#1', 'deliver_order#1']);
  });

  it('gives each activity and the approval timer a summary in the history, for people reading it', async () => {
    const order = orderWith({ items_to_pack: skus(3, 1) });
    const summaries = async (approve: boolean) => {
      const { history } = await runOrder(mockActivities().activities, { order, approve });
      return (history.events ?? [])
        .filter((event) => event.activityTaskScheduledEventAttributes ?? event.timerStartedEventAttributes)
        .map((event) => [
          event.activityTaskScheduledEventAttributes?.activityType?.name ?? 'timer',
          event.userMetadata?.summary && defaultPayloadConverter.fromPayload(event.userMetadata.summary),
        ]);
    };
    // Approved at once, the workflow never waits (no timer); nobody approving, it waits and never delivers.
    expect(await summaries(true)).to.deep.equal([
      ['process_payment', 'Charge the card'],
      ['reserve_inventory', 'Reserve stock'],
      ['pack_order_items', 'Pack 3 items'],
      ['deliver_order', 'Deliver'],
    ]);
    expect((await summaries(false)).at(-1)).to.deep.equal(['timer', 'Wait for approval']);
  });

  it('expires an order nobody approves when its 30 s durable timer fires, without delivering', async () => {
    const { activities, calls } = mockActivities();
    const startedAt = Date.now();
    const { result, history } = await runOrder(activities, { approve: false });
    expect(result).to.equal(ORDER_EXPIRED);
    expect(calls).to.deep.equal(['process_payment#1', 'reserve_inventory#1']);
    const timers = (history.events ?? []).filter((event) => event.timerStartedEventAttributes);
    expect(timers).to.have.length(1);
    expect(Number(timers[0].timerStartedEventAttributes?.startToFireTimeout?.seconds)).to.equal(
      SAMPLE_TIMINGS.approvalWindow / 1000,
    );
    expect((history.events ?? []).some((event) => event.timerFiredEventAttributes)).to.equal(true);
    // Skipped, not waited for.
    expect(Date.now() - startedAt).to.be.below(SAMPLE_TIMINGS.approvalWindow);
  });

  it('fails the workflow on a declined card after one payment attempt, reserving nothing', async () => {
    const { activities, calls } = mockActivities({
      process_payment: async () => {
        throw ApplicationFailure.nonRetryable(INVALID_CARD_MESSAGE, INVALID_CARD_ERROR_TYPE);
      },
    });
    const { result } = await runOrder(activities, { order: orderWith({ credit_card_expiry: '12/23' }) });
    expect(result).to.be.instanceOf(WorkflowFailedError);
    const activityFailure = (result as WorkflowFailedError).cause;
    expect(activityFailure).to.be.instanceOf(ActivityFailure);
    expect(activityFailure?.cause).to.be.instanceOf(ApplicationFailure);
    expect(activityFailure?.cause).to.deep.include({
      message: INVALID_CARD_MESSAGE,
      type: INVALID_CARD_ERROR_TYPE,
      nonRetryable: true,
    });
    expect(calls).to.deep.equal(['process_payment#1']);
  });

  it('retries the inventory reservation through an outage until it recovers, then delivers', async () => {
    const inventoryDownFlags: boolean[] = [];
    const { activities, calls } = mockActivities({
      reserve_inventory: async (order: Order, inventory_down: boolean) => {
        inventoryDownFlags.push(inventory_down);
        const { attempt } = Context.current().info;
        if (attempt < INVENTORY_RECOVERS_ON_ATTEMPT) {
          throw ApplicationFailure.retryable(
            `Inventory service unavailable (attempt ${attempt})`,
            INVENTORY_DOWN_ERROR_TYPE,
          );
        }
        return activityResults.inventoryReserved(order.order_id, attempt);
      },
    });
    const { result } = await runOrder(activities, { inventoryDown: true });
    expect(result).to.equal(ORDER_FULFILLED);
    expect(calls).to.deep.equal([
      'process_payment#1',
      ...[1, 2, 3, 4, 5].map((attempt) => `reserve_inventory#${attempt}`),
      'deliver_order#1',
    ]);
    expect(inventoryDownFlags.every((down) => down)).to.equal(true);
  });

  it('packs the items before delivery, and a retry resumes from the checkpoint the server held', async () => {
    const items = skus(4, 1);
    const resumedFrom: (PackingCheckpoint | undefined)[] = [];
    const checkpoint: PackingCheckpoint = {
      last_processed_idx: 1,
      last_item_sku: items[1],
      packing_slip_id: 'SLIP-00C0FFEE',
    };
    const { activities, calls } = mockActivities({
      pack_order_items: async (packed: string[]) => {
        const context = Context.current();
        resumedFrom.push(context.info.heartbeatDetails as PackingCheckpoint | undefined);
        if (context.info.attempt === 1) {
          context.heartbeat(checkpoint);
          throw ApplicationFailure.retryable('the packing station went away');
        }
        return activityResults.itemsPacked(packed.length, checkpoint.packing_slip_id);
      },
    });
    const { result } = await runOrder(activities, { order: orderWith({ items_to_pack: items }) });
    expect(result).to.equal(ORDER_FULFILLED);
    expect(calls).to.deep.equal([
      'process_payment#1',
      'reserve_inventory#1',
      'pack_order_items#1',
      'pack_order_items#2',
      'deliver_order#1',
    ]);
    expect(resumedFrom).to.deep.equal([undefined, checkpoint]);
  });
});
