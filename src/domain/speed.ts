// One factor scales every simulated latency and every workflow timeout, so a live demo can use the sample's
// real timings and CI can run everything in seconds. The workflow receives the factor as input (replay stays
// deterministic); the activity worker receives it as configuration.
import { InvalidInputError } from './errors';

export const DEFAULT_SPEED = 1;
export const MIN_SPEED = 0.1;
export const MAX_SPEED = 100;

/**
 * Timeouts never shrink below this: task dispatch and gRPC round trips do not get faster with the factor, and a
 * timeout that fires because of them would teach the wrong lesson. A busy two-core machine (a CI runner with the
 * server, the workers and the tests on it) delays a task by a second now and then: two leave room for that.
 */
export const MIN_TIMEOUT_MS = 2_000;

/** The sample's timings, in milliseconds, at speed 1. */
export const SAMPLE_TIMINGS = Object.freeze({
  paymentWork: 1_000,
  paymentStartToClose: 10_000,
  inventoryWork: 1_000,
  inventoryOutageAttempt: 10_000,
  inventoryStartToClose: 15_000,
  /** The server's default first retry interval, which the outage and packing retries start from. */
  retryInitialInterval: 1_000,
  packItem: 10_000,
  packBackgroundHeartbeat: 5_000,
  packStartToClose: 360_000,
  packHeartbeatTimeout: 30_000,
  approvalWindow: 30_000,
  deliveryWork: 1_000,
  deliveryStartToClose: 10_000,
  /** The server's default workflow task timeout, which also paces the retries of a failing workflow task. */
  workflowTask: 10_000,
  /** The SDKs' default wait for a worker that caches a workflow before its next task goes to any worker. */
  stickyQueue: 10_000,
});

/**
 * The SDK sends an activity's heartbeats to the server at most this often, as a share of its heartbeat timeout; the
 * server answers a cancellation request only with a heartbeat's answer.
 */
export const HEARTBEAT_THROTTLE_SHARE = 0.8;

export const PAYMENT_MAX_ATTEMPTS = 1;
export const INVENTORY_MAX_ATTEMPTS_WHEN_UP = 1;
export const PACK_MAX_ATTEMPTS = 10;
/**
 * The items one attempt of pack_order_items can pack before its start-to-close timeout (both scale with the speed),
 * with a tenth of the time to spare for the slip and the heartbeats: a job of more items is cut off mid-way.
 */
export const MAX_ITEMS_PER_PACKING_ATTEMPT = Math.floor(
  (0.9 * SAMPLE_TIMINGS.packStartToClose) / SAMPLE_TIMINGS.packItem,
);

export class InvalidSpeedError extends InvalidInputError {
  constructor(readonly input: string) {
    super(
      `invalid speed ${JSON.stringify(input)}: expected a number from ${MIN_SPEED} to ${MAX_SPEED}, e.g. 10`,
    );
    this.name = 'InvalidSpeedError';
  }
}

export function parseSpeed(input: string): number {
  const speed = /^\s*\d+(\.\d+)?\s*$/.test(input) ? Number(input) : Number.NaN;
  if (!(speed >= MIN_SPEED && speed <= MAX_SPEED)) throw new InvalidSpeedError(input);
  return speed;
}

/** A simulated latency at this speed. */
export function scaleDelay(ms: number, speed: number): number {
  return Math.round(ms / speed);
}

/** A timeout at this speed, never below MIN_TIMEOUT_MS. */
export function scaleTimeout(ms: number, speed: number): number {
  return Math.max(MIN_TIMEOUT_MS, Math.round(ms / speed));
}

/** What the workflow needs: activity timeouts, the approval window, the outage retry interval. */
export interface WorkflowTimeouts {
  paymentStartToClose: number;
  inventoryStartToClose: number;
  packStartToClose: number;
  packHeartbeatTimeout: number;
  deliveryStartToClose: number;
  approvalWindow: number;
  /** First retry interval of retried activities; undefined at speed 1, where the server's default applies as in the sample. */
  retryInitialInterval: number | undefined;
}

/** The workflow task timeout to start workflows with; undefined at speed 1, where the server's default applies. */
export function workflowTaskTimeout(speed: number): number | undefined {
  return speed === DEFAULT_SPEED ? undefined : scaleTimeout(SAMPLE_TIMINGS.workflowTask, speed);
}

/** The workflow worker's sticky queue timeout at this speed; undefined at speed 1, where the SDK's default applies. */
export function stickyQueueTimeout(speed: number): number | undefined {
  return speed === DEFAULT_SPEED ? undefined : scaleTimeout(SAMPLE_TIMINGS.stickyQueue, speed);
}

export function workflowTimeouts(speed: number): WorkflowTimeouts {
  const t = SAMPLE_TIMINGS;
  return {
    paymentStartToClose: scaleTimeout(t.paymentStartToClose, speed),
    inventoryStartToClose: scaleTimeout(t.inventoryStartToClose, speed),
    packStartToClose: scaleTimeout(t.packStartToClose, speed),
    packHeartbeatTimeout: scaleTimeout(t.packHeartbeatTimeout, speed),
    deliveryStartToClose: scaleTimeout(t.deliveryStartToClose, speed),
    approvalWindow: scaleTimeout(t.approvalWindow, speed),
    retryInitialInterval: speed === DEFAULT_SPEED ? undefined : scaleDelay(t.retryInitialInterval, speed),
  };
}

/** How often the SDK sends pack_order_items' heartbeats to the server at this speed. */
export function packHeartbeatInterval(speed: number): number {
  return workflowTimeouts(speed).packHeartbeatTimeout * HEARTBEAT_THROTTLE_SHARE;
}

/** What the activities simulate. */
export interface ActivityTimings {
  paymentWork: number;
  inventoryWork: number;
  inventoryOutageAttempt: number;
  packItem: number;
  packBackgroundHeartbeat: number;
  deliveryWork: number;
}

export function activityTimings(speed: number): ActivityTimings {
  const t = SAMPLE_TIMINGS;
  return {
    paymentWork: scaleDelay(t.paymentWork, speed),
    inventoryWork: scaleDelay(t.inventoryWork, speed),
    inventoryOutageAttempt: scaleDelay(t.inventoryOutageAttempt, speed),
    packItem: scaleDelay(t.packItem, speed),
    packBackgroundHeartbeat: scaleDelay(t.packBackgroundHeartbeat, speed),
    deliveryWork: scaleDelay(t.deliveryWork, speed),
  };
}
