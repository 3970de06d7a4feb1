// The wire contract shared with the Python sample's workers and clients. Other-language workers depend on
// every name and shape here; test/unit/contract.test.ts pins them.
import { defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Order } from './order';

export const TASK_QUEUE = 'order-task-queue';
export const WORKFLOW_TYPE = 'OrderWorkflow';
export const APPROVE_SIGNAL = 'approve_order';

/** The approval signal as clients send it and the workflow handles it (no arguments). */
export const approveOrder = defineSignal(APPROVE_SIGNAL);

/**
 * Not the sample's: the approval as a Workflow Update, which answers. Its validator refuses it, before anything enters
 * the history, once the order is decided (approved, expired, cancelled, failed), with the reason as the failure's
 * message; accepted, it answers `approvalResults.approved`. The Python sample's workflow has no such handler.
 */
export const APPROVE_UPDATE = 'approve_order_update';
export const approveOrderUpdate = defineUpdate<string>(APPROVE_UPDATE);
export const APPROVAL_REFUSED_ERROR_TYPE = 'ApprovalRefused';

export const ACTIVITY = {
  processPayment: 'process_payment',
  reserveInventory: 'reserve_inventory',
  packOrderItems: 'pack_order_items',
  deliverOrder: 'deliver_order',
} as const;

/** The activities as the workflow calls them: wire names, wire arguments, string results. */
export interface OrderActivities {
  process_payment(order: Order): Promise<string>;
  reserve_inventory(order: Order, inventory_down: boolean): Promise<string>;
  pack_order_items(items: string[]): Promise<string>;
  deliver_order(order: Order): Promise<string>;
}

/**
 * Not the sample's: the undo of the steps that change the world, run when an order ends without delivery (with
 * compensation on, see OrderWorkflowOptions). order-demo's activity workers register them beside the sample's four;
 * a worker without them (the Python sample's) fails them as not registered, and the server retries them until a
 * worker that has them takes them.
 */
export const COMPENSATION = {
  refundPayment: 'refund_payment',
  releaseInventory: 'release_inventory',
} as const;

export interface CompensationActivities {
  refund_payment(order: Order): Promise<string>;
  release_inventory(order: Order): Promise<string>;
}

export const ORDER_FULFILLED = 'Order fulfilled';
export const ORDER_EXPIRED = 'Order expired';
export type OrderResult = typeof ORDER_FULFILLED | typeof ORDER_EXPIRED;

export const INVALID_CARD_MESSAGE = 'Invalid credit card expiry';
export const INVALID_CARD_ERROR_TYPE = 'InvalidCreditCard';
export const INVENTORY_DOWN_ERROR_TYPE = 'InventoryServiceUnavailable';

/** Attempts 1..(this - 1) of reserve_inventory fail while the inventory service is down. */
export const INVENTORY_RECOVERS_ON_ATTEMPT = 5;

export const activityResults = {
  paymentProcessed: (orderId: string) => `Payment processed for order ${orderId}`,
  inventoryReserved: (orderId: string, attempts?: number) =>
    attempts === undefined
      ? `Inventory reserved for order ${orderId}`
      : `Inventory reserved for order ${orderId} (recovered after ${attempts} attempts)`,
  itemsPacked: (count: number, slipId: string) => `Packed ${count} items (slip: ${slipId})`,
  orderDelivered: (orderId: string) => `Order ${orderId} delivered`,
  paymentRefunded: (orderId: string) => `Payment refunded for order ${orderId}`,
  nothingToRefund: (orderId: string) => `No charge to refund for order ${orderId}`,
  inventoryReleased: (orderId: string) => `Inventory released for order ${orderId}`,
  nothingToRelease: (orderId: string) => `No reservation to release for order ${orderId}`,
};

export const approvalResults = {
  approved: (orderId: string) => `Order ${orderId} approved: it goes to delivery`,
};
