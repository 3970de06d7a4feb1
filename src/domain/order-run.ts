import { ORDER_EXPIRED, ORDER_FULFILLED, TASK_QUEUE } from './contract';
import { isExpired, parseExpiry } from './expiry';
import type { Order } from './order';
import { DEFAULT_SPEED, SAMPLE_TIMINGS, workflowTaskTimeout, workflowTimeouts } from './speed';

/** How the approval signal reaches the workflow: sent by the demo, by a person, or not at all. */
export type ApprovalMode = 'auto' | 'manual' | 'none';
export const APPROVAL_MODES: readonly ApprovalMode[] = ['auto', 'manual', 'none'];

/**
 * How the workflow retries the calls whose outcome a crash leaves unknown (a charge, a reservation). sample: one
 * attempt, as in the sample, so a worker that dies during the call fails the order. idempotent: the payment gateway
 * and the inventory service take idempotency keys, so the call is retried after a timeout; a declined card stays
 * final.
 */
export type RetryPolicyChoice = 'sample' | 'idempotent';
export const RETRY_POLICY_CHOICES: readonly RetryPolicyChoice[] = ['sample', 'idempotent'];

/** OrderWorkflow's optional third argument: what differs from the sample's settings. */
export interface OrderWorkflowOptions {
  /** Every timeout is divided by this; see speed.ts. */
  speed?: number;
  /** Overrides the approval window the speed implies: a person approving by hand needs real time. */
  approvalWindowMs?: number;
  /** See RetryPolicyChoice; absent: the sample's policies. */
  retryPolicy?: 'idempotent';
  /**
   * Give back what the order took when it ends without delivery (expired, failed after the charge, cancelled):
   * release the stock, then refund the charge. Absent: the sample's workflow, which keeps both.
   */
  compensate?: true;
}

/** OrderWorkflow's arguments: the sample's two, and the options only when something differs. */
export type OrderWorkflowArguments =
  | [order: Order, inventoryDown: boolean]
  | [order: Order, inventoryDown: boolean, options: OrderWorkflowOptions];

/** One order and how to run it: the sample starter's flags. */
export interface OrderRunSpec {
  order: Order;
  inventoryDown: boolean;
  approval: ApprovalMode;
  speed: number;
  /** Default: `order-<order_id>-<unix seconds>`, as the sample names its workflows. */
  workflowId?: string;
  /** Default: sample. */
  retryPolicy?: RetryPolicyChoice;
  /** At least this long an approval window, whatever the speed: for runs that crash things while it waits. */
  minApprovalWindowMs?: number;
  /** Refund and release when the order ends without delivery (see OrderWorkflowOptions.compensate). */
  compensate?: boolean;
  /** Default: the sample's order-task-queue. A run whose workers run code of its own has a queue of its own. */
  taskQueue?: string;
}

/**
 * How long the workflow waits for approval. A person approving by hand gets at least the sample's 30 s whatever
 * the speed: a window of a few seconds would leave no time to type the command.
 */
export function approvalWindowFor(
  spec: Pick<OrderRunSpec, 'approval' | 'speed' | 'minApprovalWindowMs'>,
): number {
  const scaled = workflowTimeouts(spec.speed).approvalWindow;
  const atLeast =
    spec.approval === 'manual' ? SAMPLE_TIMINGS.approvalWindow : (spec.minApprovalWindowMs ?? 0);
  return Math.max(scaled, atLeast);
}

/**
 * The workflow's arguments: exactly the sample's two at the default settings; otherwise a third with what differs:
 * the speed, the approval window when it is not the one the speed implies (a person approving by hand), the
 * idempotent retry policy, compensation.
 */
export function workflowArguments(spec: OrderRunSpec): OrderWorkflowArguments {
  const options: OrderWorkflowOptions = {};
  if (spec.speed !== DEFAULT_SPEED) options.speed = spec.speed;
  const approvalWindow = approvalWindowFor(spec);
  if (approvalWindow !== workflowTimeouts(spec.speed).approvalWindow) {
    options.approvalWindowMs = approvalWindow;
  }
  if (spec.retryPolicy === 'idempotent') options.retryPolicy = 'idempotent';
  if (spec.compensate) options.compensate = true;
  if (Object.keys(options).length === 0) return [spec.order, spec.inventoryDown];
  return [spec.order, spec.inventoryDown, options];
}

/** How every client starts an order's workflow: the task queue, its ID, its arguments, its task timeout. */
export function orderStartOptions(spec: OrderRunSpec, workflowId: string) {
  return {
    taskQueue: spec.taskQueue ?? TASK_QUEUE,
    workflowId,
    args: workflowArguments(spec),
    workflowTaskTimeout: workflowTaskTimeout(spec.speed),
  };
}

/** What an order is designed to come to; `cancelled` only for an order someone cancels. */
export type ExpectedOutcome = 'fulfilled' | 'expired' | 'card-declined' | 'cancelled';

/** How an order ended, as an audit classes it: as designed, lost (failed otherwise), still running, or other. */
export type OrderOutcome = ExpectedOutcome | 'lost' | 'running' | 'other';
export const ORDER_OUTCOMES: readonly OrderOutcome[] = [
  'fulfilled',
  'expired',
  'card-declined',
  'cancelled',
  'lost',
  'running',
  'other',
];

/** What the workflow is designed to do with this order. */
export function expectedOutcome(spec: OrderRunSpec, now: Date): ExpectedOutcome {
  if (isExpired(parseExpiry(spec.order.credit_card_expiry), now)) return 'card-declined';
  return spec.approval === 'none' ? 'expired' : 'fulfilled';
}

export const OUTCOME_RESULTS: Record<Exclude<ExpectedOutcome, 'card-declined' | 'cancelled'>, string> = {
  fulfilled: ORDER_FULFILLED,
  expired: ORDER_EXPIRED,
};
