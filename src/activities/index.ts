import { randomBytes } from 'node:crypto';
import type { OrderActivities } from '../domain/contract';
import { activityTimings } from '../domain/speed';
import type { ActivityProgressEvent } from '../events/events';
import type { ActivityDependencies } from './dependencies';
import { createDeliverOrder } from './delivery';
import { createReserveInventory } from './inventory';
import { createPackOrderItems } from './packing';
import { createProcessPayment } from './payment';

export type { ActivityDependencies } from './dependencies';

/** `SLIP-` and 8 upper-case hex digits. */
export function randomPackingSlipId(): string {
  return `SLIP-${randomBytes(4).toString('hex').toUpperCase()}`;
}

export interface ActivityOptions {
  speed: number;
  report?: (event: ActivityProgressEvent) => void;
  now?: () => Date;
  newPackingSlipId?: () => string;
}

export function dependenciesFor(options: ActivityOptions): ActivityDependencies {
  return {
    timings: activityTimings(options.speed),
    now: options.now ?? (() => new Date()),
    newPackingSlipId: options.newPackingSlipId ?? randomPackingSlipId,
    report: options.report ?? (() => undefined),
  };
}

/** The activities under their wire names, ready to register on a worker. */
export function createActivities(options: ActivityOptions): OrderActivities {
  const dependencies = dependenciesFor(options);
  return {
    process_payment: createProcessPayment(dependencies),
    reserve_inventory: createReserveInventory(dependencies),
    pack_order_items: createPackOrderItems(dependencies),
    deliver_order: createDeliverOrder(dependencies),
  };
}
