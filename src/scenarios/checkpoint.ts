// The sample's heartbeat checkpoint demo without a stopwatch: the activity worker runs in a child process and is
// killed (SIGKILL) mid-packing; a new worker process resumes from the last checkpoint the server holds.
import type { WorkflowExecutionDescription, WorkflowHandle } from '@temporalio/client';
import { setTimeout as sleep } from 'node:timers/promises';
import { ACTIVITY } from '../domain/contract';
import { InvalidInputError } from '../domain/errors';
import { CHECKPOINT_DEMO_ITEM_COUNT, CHECKPOINT_DEMO_ORDER_ID, orderWith, skus } from '../domain/order';
import type { OrderRunSpec } from '../domain/order-run';
import { isResumableCheckpoint } from '../domain/packing';
import { MAX_ITEMS_PER_PACKING_ATTEMPT, packHeartbeatInterval, workflowTimeouts } from '../domain/speed';
import { pollDescriptions } from '../temporal/describe-poller';
import { readWithRetries } from '../temporal/transient-errors';
import { describeDecoded } from '../temporal/history';
import { decodeFirstPayload, protoMs, summarizeFailure } from '../verification/history-events';
import type { RecordedHeartbeat } from '../verification/checkpoint-checks';
import { checkpointChecks } from '../verification/checkpoint-checks';
import { startChildWorker, startInProcessWorker } from '../temporal/workers';
import { followOrder, startOrder } from '../temporal/order-client/start-and-follow';
import { orderReport } from './order-steps';
import { option } from '../runs/options';
import { requireRealTime } from '../runs/runnable';
import type { Scenario, ScenarioContext } from './scenario';

/** How often the server's view of the packing attempt is read. */
const DESCRIBE_EVERY_MS = 100;

type PendingActivity = NonNullable<WorkflowExecutionDescription['raw']['pendingActivities']>[number];

/**
 * Records every packing checkpoint the server holds, attributed to the attempt that sent it (a heartbeat counts
 * for an attempt only once that attempt has started), and narrates them and the attempt's timeout.
 */
class CheckpointObserver {
  readonly recorded: RecordedHeartbeat[] = [];
  private lastKey = '';
  private lastAttempt = 0;
  latest: PendingActivity | undefined;

  constructor(private readonly context: ScenarioContext) {}

  observe(description: WorkflowExecutionDescription): void {
    const packing = description.raw.pendingActivities?.find(
      (activity) => activity.activityType?.name === ACTIVITY.packOrderItems,
    );
    if (!packing) return;
    this.latest = packing;
    const attempt = packing.attempt ?? 1;
    if (attempt > this.lastAttempt && this.lastAttempt > 0) {
      const failure = summarizeFailure(packing.lastFailure);
      this.context.events.emit({
        type: 'activity.timed-out',
        activity: ACTIVITY.packOrderItems,
        attempt: this.lastAttempt,
        timeoutType: failure?.timeoutType ?? 'unknown',
        nextAttempt: attempt,
      });
    }
    this.lastAttempt = attempt;
    const heartbeatAt = protoMs(packing.lastHeartbeatTime);
    const startedAt = protoMs(packing.lastStartedTime);
    const details = decodeFirstPayload(packing.heartbeatDetails);
    // Details carried over from an earlier attempt are not this attempt's heartbeat.
    if (!isResumableCheckpoint(details) || !startedAt || heartbeatAt < startedAt) return;
    const key = `${attempt}:${JSON.stringify(details)}`;
    if (key === this.lastKey) return;
    this.lastKey = key;
    this.recorded.push({ attempt, checkpoint: details });
    this.context.events.emit({
      type: 'checkpoint.recorded',
      attempt,
      index: details.last_processed_idx,
      sku: details.last_item_sku,
      slipId: details.packing_slip_id,
    });
  }
}

/** Tells how long until the server declares the dead worker's attempt timed out, and why work will be redone. */
async function announceHeartbeatTimeout(
  context: ScenarioContext,
  handle: WorkflowHandle,
  observer: CheckpointObserver,
  workerIndex: number,
): Promise<number> {
  observer.observe(await readWithRetries(() => describeDecoded(handle), context.signal));
  const packing = observer.latest;
  const held = decodeFirstPayload(packing?.heartbeatDetails);
  const heartbeatTimeoutMs = workflowTimeouts(context.speed).packHeartbeatTimeout;
  const remainingMs = Math.max(0, protoMs(packing?.lastHeartbeatTime) + heartbeatTimeoutMs - Date.now());
  if (isResumableCheckpoint(held)) {
    context.events.emit({
      type: 'heartbeat-timeout.waiting',
      heartbeatTimeoutMs,
      remainingMs,
      throttleMs: packHeartbeatInterval(context.speed),
      serverIndex: held.last_processed_idx,
      serverSku: held.last_item_sku,
      workerIndex,
      slipId: held.packing_slip_id,
    });
  }
  return remainingMs;
}

const options = {
  items: option.integer({
    description:
      `Items to pack (SKU-001 …), at most ${MAX_ITEMS_PER_PACKING_ATTEMPT}: the new worker packs what is left in ` +
      'one attempt, which its start-to-close timeout cuts off after that many.',
    default: CHECKPOINT_DEMO_ITEM_COUNT,
    min: 2,
    max: MAX_ITEMS_PER_PACKING_ATTEMPT,
  }),
  crashAfter: option.integer({
    description: 'Kill the activity worker once it has packed this many items (less than --items).',
    default: 3,
    min: 1,
    max: MAX_ITEMS_PER_PACKING_ATTEMPT - 1,
  }),
};

export const checkpoint: Scenario<typeof options> = {
  name: 'checkpoint',
  title: 'Heartbeat checkpoints: the activity worker crashes mid-packing, a new one resumes',
  summary: 'Heartbeat checkpoints: the activity worker is killed mid-packing and a new one resumes.',
  lesson:
    'Packing takes minutes, so the activity heartbeats a checkpoint after every item and, before the first, the ' +
    'packing slip it obtained from an external system. Here the worker process is killed outright: the server ' +
    'hears nothing, declares the attempt dead when heartbeats stop, and hands a retry to a new worker, which ' +
    'resumes after the last checkpoint the server holds, with the same slip — no duplicate slip, no lost work ' +
    'beyond the last checkpoint.',
  options,
  validate({ items, crashAfter }, server) {
    if (crashAfter >= items) {
      throw new InvalidInputError(`--crash-after ${crashAfter} must be less than --items ${items}`);
    }
    requireRealTime(
      checkpoint.name,
      server,
      'the crash is detected by a heartbeat timeout that must elapse in real time while a live worker heartbeats',
    );
  },
  async run(context, { items, crashAfter }) {
    const spec: OrderRunSpec = {
      order: orderWith({ order_id: CHECKPOINT_DEMO_ORDER_ID, items_to_pack: skus(items, 1) }),
      inventoryDown: false,
      approval: 'auto',
      speed: context.speed,
    };
    const stop = new AbortController();
    const signal = AbortSignal.any([stop.signal, context.signal]);
    const workflowWorker = await startInProcessWorker(context, 'workflow');
    const doomed = await startChildWorker(context, 'activity');
    const crashPoint = doomed.untilPacked(crashAfter - 1, signal);
    crashPoint.catch(() => undefined);
    try {
      const handle = await startOrder(context, spec);
      const observer = new CheckpointObserver(context);
      const observing = pollDescriptions(handle, DESCRIBE_EVERY_MS, signal, (description) =>
        observer.observe(description),
      );
      // Awaited once the order is done; a failure meanwhile must not escape as an unhandled rejection.
      observing.catch(() => undefined);
      const following = followOrder(context, handle, spec, { activitiesFromHistory: false });
      following.catch(() => undefined);

      const packed = await Promise.race([
        crashPoint,
        following.then(() => {
          throw new Error(`the order finished before ${crashAfter} items were packed`);
        }),
      ]);
      await doomed.kill();
      const remainingMs = await announceHeartbeatTimeout(context, handle, observer, packed.index);
      await sleep(remainingMs, undefined, { signal });
      const replacement = await startChildWorker(context, 'activity');
      const outcome = await following;
      stop.abort();
      await observing;
      await replacement.stop();
      await workflowWorker.stop();
      return orderReport(
        context,
        checkpoint.name,
        spec,
        outcome,
        checkpointChecks(outcome.facts, observer.recorded),
      );
    } finally {
      stop.abort();
    }
  },
};
