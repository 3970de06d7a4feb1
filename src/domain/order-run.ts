import type { OrderWorkflow, OrderWorkflowOptions } from '../workflows/order-workflow';
import { ORDER_EXPIRED, ORDER_FULFILLED } from './contract';
import { isExpired, parseExpiry } from './expiry';
import type { Order } from './order';
import { DEFAULT_SPEED, SAMPLE_TIMINGS, workflowTimeouts } from './speed';

/** How the approval signal reaches the workflow: sent by the demo, by a person, or not at all. */
export type ApprovalMode = 'auto' | 'manual' | 'none';
export const APPROVAL_MODES: readonly ApprovalMode[] = ['auto', 'manual', 'none'];

/** One order and how to run it: the sample starter's flags. */
export interface OrderRunSpec {
  order: Order;
  inventoryDown: boolean;
  approval: ApprovalMode;
  speed: number;
  /** Default: `order-<order_id>-<unix seconds>`, as the sample names its workflows. */
  workflowId?: string;
}

/**
 * How long the workflow waits for approval. A person approving by hand gets at least the sample's 30 s whatever
 * the speed: a window of a few seconds would leave no time to type the command.
 */
export function approvalWindowFor(spec: Pick<OrderRunSpec, 'approval' | 'speed'>): number {
  const scaled = workflowTimeouts(spec.speed).approvalWindow;
  return spec.approval === 'manual' ? Math.max(scaled, SAMPLE_TIMINGS.approvalWindow) : scaled;
}

/**
 * The workflow's arguments: exactly the sample's two at the default speed; otherwise the speed as a third, with
 * the approval window when it is not the one the speed implies (a person approving by hand).
 */
export function workflowArguments(spec: OrderRunSpec): Parameters<typeof OrderWorkflow> {
  if (spec.speed === DEFAULT_SPEED) return [spec.order, spec.inventoryDown];
  const options: OrderWorkflowOptions = { speed: spec.speed };
  const approvalWindow = approvalWindowFor(spec);
  if (approvalWindow !== workflowTimeouts(spec.speed).approvalWindow) {
    options.approvalWindowMs = approvalWindow;
  }
  return [spec.order, spec.inventoryDown, options];
}

export type ExpectedOutcome = 'fulfilled' | 'expired' | 'card-declined';

/** What the workflow is designed to do with this order. */
export function expectedOutcome(spec: OrderRunSpec, now: Date): ExpectedOutcome {
  if (isExpired(parseExpiry(spec.order.credit_card_expiry), now)) return 'card-declined';
  return spec.approval === 'none' ? 'expired' : 'fulfilled';
}

export const OUTCOME_RESULTS: Record<Exclude<ExpectedOutcome, 'card-declined'>, string> = {
  fulfilled: ORDER_FULFILLED,
  expired: ORDER_EXPIRED,
};
