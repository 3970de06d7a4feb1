import { activityResults } from '../domain/contract';
import type { Order } from '../domain/order';
import type { Caller, ServiceReply } from './effects';
import { activityKey, ExternalSystem } from './effects';

/** The inventory service: reserves an order's stock and releases the reservation, each once per idempotency key. */
export class InventoryService extends ExternalSystem {
  protected readonly service = 'inventory';

  /** `afterAttempts`: set when the reservation succeeded only after an outage, for the sample's result. */
  reserve(caller: Caller, order: Order, afterAttempts?: number): ServiceReply {
    return this.call(
      caller,
      {
        key: activityKey(caller),
        action: 'reserve',
        orderId: order.order_id,
        result: activityResults.inventoryReserved(order.order_id, afterAttempts),
      },
      () => `inventory: stock for order ${order.order_id} already reserved — recorded once`,
    );
  }

  /** Releases the reservation of the caller's workflow, if it holds one. */
  release(caller: Caller, order: Order): ServiceReply {
    return this.giveBack(
      caller,
      {
        key: activityKey(caller),
        action: 'release',
        orderId: order.order_id,
        result: activityResults.inventoryReleased(order.order_id),
      },
      activityResults.nothingToRelease(order.order_id),
      () => `inventory: stock for order ${order.order_id} already released — recorded once`,
    );
  }
}
