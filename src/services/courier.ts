import { activityResults } from '../domain/contract';
import type { Order } from '../domain/order';
import type { Caller, ServiceReply } from './effects';
import { activityKey, ExternalSystem } from './effects';

/** The courier: delivers an order, once per idempotency key. */
export class Courier extends ExternalSystem {
  protected readonly service = 'courier';

  deliver(caller: Caller, order: Order): ServiceReply {
    return this.call(
      caller,
      {
        key: activityKey(caller),
        action: 'deliver',
        orderId: order.order_id,
        result: activityResults.orderDelivered(order.order_id),
      },
      () => `courier: order ${order.order_id} already delivered — recorded once`,
    );
  }
}
