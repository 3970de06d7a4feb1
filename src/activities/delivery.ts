import { Context } from '@temporalio/activity';
import { activityResults } from '../domain/contract';
import type { Order } from '../domain/order';
import type { ActivityDependencies } from './dependencies';

export function createDeliverOrder({ timings }: ActivityDependencies) {
  return async function deliver_order(order: Order): Promise<string> {
    await Context.current().sleep(timings.deliveryWork);
    return activityResults.orderDelivered(order.order_id);
  };
}
