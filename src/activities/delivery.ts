import { Context } from '@temporalio/activity';
import type { Order } from '../domain/order';
import type { ActivityDependencies } from './dependencies';
import { callerOf, resultOf } from './service-calls';

export function createDeliverOrder({ timings, services: { courier }, report }: ActivityDependencies) {
  return async function deliver_order(order: Order): Promise<string> {
    const context = Context.current();
    const delivered = resultOf(courier.deliver(callerOf(context.info), order), report);
    await context.sleep(timings.deliveryWork);
    return delivered;
  };
}
