import { ApplicationFailure, Context } from '@temporalio/activity';
import {
  activityResults,
  INVENTORY_DOWN_ERROR_TYPE,
  INVENTORY_RECOVERS_ON_ATTEMPT,
} from '../domain/contract';
import type { Order } from '../domain/order';
import type { ActivityDependencies } from './dependencies';

export function createReserveInventory({ timings }: ActivityDependencies) {
  return async function reserve_inventory(order: Order, inventory_down: boolean): Promise<string> {
    const context = Context.current();
    if (!inventory_down) {
      await context.sleep(timings.inventoryWork);
      return activityResults.inventoryReserved(order.order_id);
    }
    // The simulated outage: each failing attempt hangs for a while before the service gives up, like a real one.
    const { attempt } = context.info;
    if (attempt < INVENTORY_RECOVERS_ON_ATTEMPT) {
      await context.sleep(timings.inventoryOutageAttempt);
      throw ApplicationFailure.retryable(
        `Inventory service unavailable (attempt ${attempt})`,
        INVENTORY_DOWN_ERROR_TYPE,
      );
    }
    await context.sleep(timings.inventoryWork);
    return activityResults.inventoryReserved(order.order_id, attempt);
  };
}
