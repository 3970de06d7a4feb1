import { ApplicationFailure, Context } from '@temporalio/activity';
import { INVENTORY_DOWN_ERROR_TYPE, INVENTORY_RECOVERS_ON_ATTEMPT } from '../domain/contract';
import type { Order } from '../domain/order';
import type { ActivityDependencies } from './dependencies';
import { callerOf, resultOf } from './service-calls';

export function createReserveInventory({ timings, services: { inventory }, report }: ActivityDependencies) {
  return async function reserve_inventory(order: Order, inventory_down: boolean): Promise<string> {
    const context = Context.current();
    const { attempt } = context.info;
    // The simulated outage: each failing attempt hangs for a while before the service gives up, like a real one,
    // and reserves nothing.
    if (inventory_down && attempt < INVENTORY_RECOVERS_ON_ATTEMPT) {
      await context.sleep(timings.inventoryOutageAttempt);
      throw ApplicationFailure.retryable(
        `Inventory service unavailable (attempt ${attempt})`,
        INVENTORY_DOWN_ERROR_TYPE,
      );
    }
    const reservation = inventory.reserve(
      callerOf(context.info),
      order,
      inventory_down ? attempt : undefined,
    );
    const reserved = resultOf(reservation, report);
    await context.sleep(timings.inventoryWork);
    return reserved;
  };
}

/** Gives back the order's reserved stock, if the inventory service holds a reservation. */
export function createReleaseInventory({ timings, services: { inventory }, report }: ActivityDependencies) {
  return async function release_inventory(order: Order): Promise<string> {
    const context = Context.current();
    const released = resultOf(inventory.release(callerOf(context.info), order), report);
    await context.sleep(timings.inventoryWork);
    return released;
  };
}
