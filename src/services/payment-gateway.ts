import { activityResults } from '../domain/contract';
import type { Order } from '../domain/order';
import type { Caller, ServiceReply } from './effects';
import { activityKey, ExternalSystem } from './effects';

/** The payment gateway: charges an order's card and refunds the charge, each once per idempotency key. */
export class PaymentGateway extends ExternalSystem {
  protected readonly service = 'payment';

  charge(caller: Caller, order: Order): ServiceReply {
    return this.call(
      caller,
      {
        key: activityKey(caller),
        action: 'charge',
        orderId: order.order_id,
        result: activityResults.paymentProcessed(order.order_id),
      },
      () => `payment: order ${order.order_id} already charged — recorded once, not charged again`,
    );
  }

  /** Refunds the charge of the caller's workflow, if it holds one: a refund names the charge it gives back. */
  refund(caller: Caller, order: Order): ServiceReply {
    return this.giveBack(
      caller,
      {
        key: activityKey(caller),
        action: 'refund',
        orderId: order.order_id,
        result: activityResults.paymentRefunded(order.order_id),
      },
      activityResults.nothingToRefund(order.order_id),
      () => `payment: order ${order.order_id} already refunded — recorded once, not refunded again`,
    );
  }
}
