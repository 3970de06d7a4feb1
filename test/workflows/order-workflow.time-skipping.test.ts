// OrderWorkflow's own logic, on the time-skipping test server with mocked activities (as the SDK's samples test
// workflows): approval, expiry by the durable timer (its 30 s skipped, not waited for), a declined card, retries
// through an inventory outage, packing resumed from its heartbeat checkpoint; with compensation, what an order that
// ends without delivery gives back (expired, failed after the charge, cancelled); cancellation; and the approval as
// an update, accepted or refused by its validator. order-workflow.test.ts runs the real activities on a dev server
// (integration tier).
//
// The paths no scenario takes are recorded as replay fixtures (test/replay/) by
//   npm run build && ORDER_DEMO_RECORD_HISTORIES=test/fixtures/histories npx mocha dist/test/workflows/order-workflow.time-skipping.test.js
import { ApplicationFailure, CancelledFailure, Context } from '@temporalio/activity';
import type { WorkflowHandle } from '@temporalio/client';
import { ActivityFailure, WorkflowFailedError, WorkflowUpdateFailedError } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { expect } from 'chai';
import type { CompensationActivities, OrderActivities } from '../../src/domain/contract';
import {
  activityResults,
  APPROVAL_REFUSED_ERROR_TYPE,
  approvalResults,
  approveOrder,
  approveOrderUpdate,
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
import type { OrderWorkflowOptions } from '../../src/domain/order-run';
import type { PackingCheckpoint } from '../../src/domain/packing';
import { PACK_MAX_ATTEMPTS, SAMPLE_TIMINGS } from '../../src/domain/speed';
import path from 'node:path';
import { EventBus } from '../../src/events/event-bus';
import { packageRoot } from '../../src/processes/server-executables';
import { exportHistory } from '../../src/temporal/history-export';
import type { EventOfType } from '../../src/events/events';
import { workflowCodeFor } from '../../src/temporal/workflow-bundle';
import { watchWorkflow } from '../../src/temporal/workflow-watcher';
import { OrderWorkflow } from '../../src/workflows';
import { createTimeSkippingEnvironment } from '../helpers/sdk-environments';

type AllActivities = OrderActivities & CompensationActivities;

/** Where to record the histories of the paths no scenario takes, as replay fixtures; unset, nothing is written. */
const RECORD_HISTORIES = process.env.ORDER_DEMO_RECORD_HISTORIES;

/** Mocked activities that answer as the real ones do at once, recording each call as `name#attempt`. */
function mockActivities(overrides: Partial<AllActivities> = {}) {
  const calls: string[] = [];
  const defaults: AllActivities = {
    process_payment: async (order) => activityResults.paymentProcessed(order.order_id),
    reserve_inventory: async (order) => activityResults.inventoryReserved(order.order_id),
    pack_order_items: async (items) => activityResults.itemsPacked(items.length, 'SLIP-00C0FFEE'),
    deliver_order: async (order) => activityResults.orderDelivered(order.order_id),
    refund_payment: async (order) => activityResults.paymentRefunded(order.order_id),
    release_inventory: async (order) => activityResults.inventoryReleased(order.order_id),
  };
  const implementations = { ...defaults, ...overrides };
  const recorded =
    <Args extends unknown[]>(name: keyof AllActivities, run: (...args: Args) => Promise<string>) =>
    (...args: Args) => {
      calls.push(`${name}#${Context.current().info.attempt}`);
      return run(...args);
    };
  const activities: AllActivities = {
    process_payment: recorded('process_payment', implementations.process_payment),
    reserve_inventory: recorded('reserve_inventory', implementations.reserve_inventory),
    pack_order_items: recorded('pack_order_items', implementations.pack_order_items),
    deliver_order: recorded('deliver_order', implementations.deliver_order),
    refund_payment: recorded('refund_payment', implementations.refund_payment),
    release_inventory: recorded('release_inventory', implementations.release_inventory),
  };
  return { activities, calls };
}

/** An activity held until the test lets it go: `reached` resolves once it runs. */
function heldActivity(result: (order: Order) => string) {
  let reach: () => void = () => undefined;
  let release: () => void = () => undefined;
  const reached = new Promise<void>((resolve) => (reach = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  const run = async (order: Order) => {
    reach();
    await released;
    return result(order);
  };
  return { run, reached, release };
}

/** The reason an update was refused with, from the validator's failure. */
async function refusal(update: Promise<unknown>): Promise<string> {
  const error = await update.then(
    () => expect.fail('the update should have been refused'),
    (failure: unknown) => failure,
  );
  expect(error).to.be.instanceOf(WorkflowUpdateFailedError);
  const cause = (error as WorkflowUpdateFailedError).cause;
  expect(cause).to.be.instanceOf(ApplicationFailure);
  expect((cause as ApplicationFailure).type).to.equal(APPROVAL_REFUSED_ERROR_TYPE);
  return (cause as ApplicationFailure).message;
}

describe('OrderWorkflow on the time-skipping test server, with mocked activities', () => {
  let env: TestWorkflowEnvironment;
  let sequence = 0;
  // One worker for every test (creating one per test took most of each test's time): its activities call those
  // of the test that runs.
  let worker: Worker;
  let running: Promise<void>;
  let current: AllActivities = mockActivities().activities;
  const delegating: AllActivities = {
    process_payment: (...args) => current.process_payment(...args),
    reserve_inventory: (...args) => current.reserve_inventory(...args),
    pack_order_items: (...args) => current.pack_order_items(...args),
    deliver_order: (...args) => current.deliver_order(...args),
    refund_payment: (...args) => current.refund_payment(...args),
    release_inventory: (...args) => current.release_inventory(...args),
  };

  before(async () => {
    env = await createTimeSkippingEnvironment();
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: TASK_QUEUE,
      ...workflowCodeFor('standard'),
      activities: delegating,
    });
    running = worker.run();
  });

  after(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  interface RunOptions {
    order?: Order;
    inventoryDown?: boolean;
    /** Signal approve_order at once. */
    approve?: boolean;
    /** The workflow's third argument. */
    options?: OrderWorkflowOptions;
    /** Runs once the workflow started, before its result is awaited (which lets the server skip time). */
    meanwhile?: (handle: WorkflowHandle<typeof OrderWorkflow>) => Promise<void>;
  }

  /** Runs one order (at the default speed unless the options say otherwise) on the worker, with these activities. */
  async function runOrder(
    activities: AllActivities,
    { order = orderWith({}), inventoryDown = false, approve = true, options, meanwhile }: RunOptions = {},
  ) {
    current = activities;
    const handle = await env.client.workflow.start(OrderWorkflow, {
      taskQueue: TASK_QUEUE,
      workflowId: `order-${order.order_id}-time-skipping-${++sequence}`,
      args: options ? [order, inventoryDown, options] : [order, inventoryDown],
    });
    if (approve) await handle.signal(approveOrder);
    await meanwhile?.(handle);
    const result = await handle.result().catch((error: unknown) => error);
    const execution = { workflowId: handle.workflowId, runId: handle.firstExecutionRunId };
    return { result, history: await handle.fetchHistory(), execution };
  }

  /** Writes this run's history as the replay fixture `name`, when asked to (see the top of this file). */
  async function recordFixture(
    name: string,
    execution: { workflowId: string; runId: string },
  ): Promise<void> {
    if (!RECORD_HISTORIES) return;
    await exportHistory(env.client, execution, path.join(RECORD_HISTORIES, `${name}.json`), packageRoot());
  }

  /** Resolves once the history shows the approval timer started: the workflow waits for approval. */
  async function waitingForApproval(handle: WorkflowHandle): Promise<void> {
    for (;;) {
      const { events } = await handle.fetchHistory();
      if (events?.some((event) => event.timerStartedEventAttributes)) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** The names of the history's events that come from updates (accepted, completed). */
  function updateEvents(history: {
    events?:
      | {
          workflowExecutionUpdateAcceptedEventAttributes?: unknown;
          workflowExecutionUpdateCompletedEventAttributes?: unknown;
        }[]
      | null;
  }) {
    return (history.events ?? []).filter(
      (event) =>
        event.workflowExecutionUpdateAcceptedEventAttributes ??
        event.workflowExecutionUpdateCompletedEventAttributes,
    );
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

  describe('with compensation', () => {
    const compensate: OrderWorkflowOptions = { compensate: true };

    it('gives back what an expired order took, last taken first: the stock, then the charge', async () => {
      const { activities, calls } = mockActivities();
      const { result, history } = await runOrder(activities, { approve: false, options: compensate });
      expect(result).to.equal(ORDER_EXPIRED);
      expect(calls).to.deep.equal([
        'process_payment#1',
        'reserve_inventory#1',
        'release_inventory#1',
        'refund_payment#1',
      ]);
      const fired = (history.events ?? []).findIndex((event) => event.timerFiredEventAttributes);
      const released = (history.events ?? []).findIndex(
        (event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'release_inventory',
      );
      expect(released).to.be.above(fired);
    });

    it('gives back the stock and the charge when packing runs out of attempts, and fails with its failure', async () => {
      const { activities, calls } = mockActivities({
        pack_order_items: async () => {
          throw ApplicationFailure.retryable('the packing station is jammed');
        },
      });
      const { result, execution } = await runOrder(activities, {
        order: orderWith({ items_to_pack: skus(2, 1) }),
        // Fast retries: ten attempts of packing.
        options: { compensate: true, speed: 100 },
      });
      await recordFixture('compensated-after-failure', execution);
      expect(result).to.be.instanceOf(WorkflowFailedError);
      expect(((result as WorkflowFailedError).cause as ActivityFailure).cause?.message).to.equal(
        'the packing station is jammed',
      );
      expect(calls).to.deep.equal([
        'process_payment#1',
        'reserve_inventory#1',
        ...Array.from({ length: PACK_MAX_ATTEMPTS }, (_, index) => `pack_order_items#${index + 1}`),
        'release_inventory#1',
        'refund_payment#1',
      ]);
    });

    it('retries a compensation that fails until it succeeds: the money must come back', async () => {
      const { activities, calls } = mockActivities({
        refund_payment: async (order: Order) => {
          if (Context.current().info.attempt < 3) throw ApplicationFailure.retryable('the gateway is busy');
          return activityResults.paymentRefunded(order.order_id);
        },
      });
      const { result } = await runOrder(activities, { approve: false, options: compensate });
      expect(result).to.equal(ORDER_EXPIRED);
      expect(calls.slice(-3)).to.deep.equal(['refund_payment#1', 'refund_payment#2', 'refund_payment#3']);
    });

    it('gives back a charge whose outcome a timeout left unknown', async () => {
      const { activities, calls } = mockActivities({
        // Never answers: the server times the attempt out, as when its worker dies mid-charge.
        process_payment: async () => {
          await Context.current().cancelled;
          return 'never';
        },
      });
      // The server skips no time while an activity runs: at speed 10 its timeout is a second.
      const { result, execution } = await runOrder(activities, { options: { compensate: true, speed: 10 } });
      await recordFixture('refunded-after-charge-timed-out', execution);
      expect(result).to.be.instanceOf(WorkflowFailedError);
      expect(calls).to.deep.equal(['process_payment#1', 'refund_payment#1']);
    });

    it('gives nothing back for a declined card, nor for a fulfilled order', async () => {
      const declined = mockActivities({
        process_payment: async () => {
          throw ApplicationFailure.nonRetryable(INVALID_CARD_MESSAGE, INVALID_CARD_ERROR_TYPE);
        },
      });
      expect((await runOrder(declined.activities, { options: compensate })).result).to.be.instanceOf(
        WorkflowFailedError,
      );
      expect(declined.calls).to.deep.equal(['process_payment#1']);
      const fulfilled = mockActivities();
      expect((await runOrder(fulfilled.activities, { options: compensate })).result).to.equal(
        ORDER_FULFILLED,
      );
      expect(fulfilled.calls).to.deep.equal(['process_payment#1', 'reserve_inventory#1', 'deliver_order#1']);
    });
  });

  describe('cancellation', () => {
    /** Packs slowly, heartbeating, until cancelled: `cancelled` tells whether the heartbeat brought the request. */
    function slowPacking() {
      const seen = { started: false, cancelled: false };
      const pack_order_items = async () => {
        const context = Context.current();
        seen.started = true;
        try {
          for (;;) {
            context.heartbeat();
            await context.sleep(50);
          }
        } catch (error) {
          seen.cancelled = error instanceof CancelledFailure;
          throw error;
        }
      };
      return { pack_order_items, seen };
    }

    async function whenStarted(seen: { started: boolean }): Promise<void> {
      while (!seen.started) await new Promise((resolve) => setTimeout(resolve, 20));
    }

    it('with compensation: packing stops at its heartbeat, the stock and the charge come back, the order ends cancelled', async () => {
      const packing = slowPacking();
      const { activities, calls } = mockActivities({ pack_order_items: packing.pack_order_items });
      const { result, history } = await runOrder(activities, {
        order: orderWith({ items_to_pack: skus(3, 1) }),
        // The request reaches the activity with a heartbeat the SDK sends, at most every 80% of the heartbeat
        // timeout: its shortest, 0.8 s, at speed 100.
        options: { compensate: true, speed: 100 },
        meanwhile: async (handle) => {
          await whenStarted(packing.seen);
          await handle.cancel();
        },
      });
      expect(result).to.be.instanceOf(WorkflowFailedError);
      expect((result as WorkflowFailedError).cause).to.be.instanceOf(CancelledFailure);
      expect(packing.seen.cancelled).to.equal(true);
      expect(calls).to.deep.equal([
        'process_payment#1',
        'reserve_inventory#1',
        'pack_order_items#1',
        'release_inventory#1',
        'refund_payment#1',
      ]);
      const events = history.events ?? [];
      expect(events.some((event) => event.activityTaskCanceledEventAttributes)).to.equal(true);
      expect(events.at(-1)?.workflowExecutionCanceledEventAttributes).to.not.equal(undefined);
    });

    it('without compensation: the order ends cancelled and gives nothing back, as the sample would', async () => {
      const { activities, calls } = mockActivities();
      const { result, execution } = await runOrder(activities, {
        approve: false,
        meanwhile: async (handle) => {
          await waitingForApproval(handle);
          await handle.cancel();
        },
      });
      await recordFixture('cancelled-without-compensation', execution);
      expect((result as WorkflowFailedError).cause).to.be.instanceOf(CancelledFailure);
      expect(calls).to.deep.equal(['process_payment#1', 'reserve_inventory#1']);
    });
  });

  describe('the approval as an update', () => {
    it('is accepted while the order waits, with an answer, and the order is delivered', async () => {
      const { activities } = mockActivities();
      const order = orderWith({});
      let answer: unknown;
      const { result, history, execution } = await runOrder(activities, {
        order,
        approve: false,
        meanwhile: async (handle) => {
          await waitingForApproval(handle);
          answer = await handle.executeUpdate(approveOrderUpdate);
        },
      });
      await recordFixture('approved-by-update', execution);
      expect(answer).to.equal(approvalResults.approved(order.order_id));
      expect(result).to.equal(ORDER_FULFILLED);
      expect(updateEvents(history)).to.have.length(2);
    });

    it('is refused once the order was approved', async () => {
      const delivery = heldActivity((order) => activityResults.orderDelivered(order.order_id));
      const { activities } = mockActivities({ deliver_order: delivery.run });
      let reason = '';
      const { history } = await runOrder(activities, {
        meanwhile: async (handle) => {
          await delivery.reached;
          reason = await refusal(handle.executeUpdate(approveOrderUpdate));
          delivery.release();
        },
      });
      expect(reason).to.match(/^the order was already approved (less than a second|\d+ s) ago$/);
      expect(updateEvents(history)).to.deep.equal([]);
    });

    it('is refused once the order expired, saying how long ago, where the signal is taken and ignored', async () => {
      const release = heldActivity((order) => activityResults.inventoryReleased(order.order_id));
      const { activities, calls } = mockActivities({ release_inventory: release.run });
      let reason = '';
      const { result, history } = await runOrder(activities, {
        approve: false,
        options: { compensate: true },
        meanwhile: async (handle) => {
          // Lets the server skip the approval window while the test waits for the compensation.
          const skipping = env.sleep(SAMPLE_TIMINGS.approvalWindow);
          await release.reached;
          await handle.signal(approveOrder);
          reason = await refusal(handle.executeUpdate(approveOrderUpdate));
          release.release();
          await skipping;
        },
      });
      expect(reason).to.match(/^the order expired (less than a second|\d+ s) ago$/);
      expect(result).to.equal(ORDER_EXPIRED);
      expect(calls).to.not.include('deliver_order#1');
      const events = history.events ?? [];
      expect(events.some((event) => event.workflowExecutionSignaledEventAttributes)).to.equal(true);
      expect(updateEvents(history)).to.deep.equal([]);
    });

    it('is refused once the order was cancelled', async () => {
      const release = heldActivity((order) => activityResults.inventoryReleased(order.order_id));
      const { activities } = mockActivities({ release_inventory: release.run });
      let reason = '';
      await runOrder(activities, {
        approve: false,
        options: { compensate: true },
        meanwhile: async (handle) => {
          await waitingForApproval(handle);
          await handle.cancel();
          await release.reached;
          reason = await refusal(handle.executeUpdate(approveOrderUpdate));
          release.release();
        },
      });
      expect(reason).to.match(/^the order was cancelled (less than a second|\d+ s) ago$/);
    });

    it('is refused once the order failed, saying why', async () => {
      const release = heldActivity((order) => activityResults.inventoryReleased(order.order_id));
      const { activities } = mockActivities({
        pack_order_items: async () => {
          throw ApplicationFailure.nonRetryable('the packing station is on fire');
        },
        release_inventory: release.run,
      });
      let reason = '';
      await runOrder(activities, {
        order: orderWith({ items_to_pack: skus(1, 1) }),
        approve: false,
        options: { compensate: true },
        meanwhile: async (handle) => {
          await release.reached;
          reason = await refusal(handle.executeUpdate(approveOrderUpdate));
          release.release();
        },
      });
      expect(reason).to.match(
        /^the order failed (less than a second|\d+ s) ago: the packing station is on fire$/,
      );
    });
  });

  describe("on an activity worker without the compensations (the Python sample's)", () => {
    it('fails what the order gives back as not registered, and the narration says so', async () => {
      const { activities } = mockActivities();
      const { process_payment, reserve_inventory, pack_order_items, deliver_order } = activities;
      // A task queue of its own, which the shared worker does not poll.
      const taskQueue = `${TASK_QUEUE}-without-compensations`;
      const sampleWorker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue,
        ...workflowCodeFor('standard'),
        activities: { process_payment, reserve_inventory, pack_order_items, deliver_order },
      });
      const told = await sampleWorker.runUntil(async () => {
        const handle = await env.client.workflow.start(OrderWorkflow, {
          taskQueue,
          workflowId: `order-unregistered-time-skipping-${++sequence}`,
          // The shortest approval window: a second.
          args: [orderWith({}), false, { compensate: true, speed: 100 }],
        });
        const events = new EventBus();
        const stop = new AbortController();
        let unregistered: EventOfType<'activity.unregistered'> | undefined;
        events.subscribe((event) => {
          if (event.type !== 'activity.unregistered') return;
          unregistered = event;
          stop.abort();
        });
        const execution = { workflowId: handle.workflowId, runId: handle.firstExecutionRunId };
        await watchWorkflow(env.client, execution, events, stop.signal, {
          activitiesFromHistory: true,
          longPoll: false,
        });
        await handle.terminate('the test has seen what it came for');
        return unregistered;
      });
      expect(told?.activity).to.equal('release_inventory');
      expect(told?.message).to.match(/release_inventory is not registered/);
    });
  });
});
