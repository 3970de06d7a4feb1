import type { CompensationActivities, OrderActivities } from '../domain/contract';
import { activityTimings } from '../domain/speed';
import type { ActivityProgressEvent } from '../events/events';
import { externalServices } from '../services';
import type { EffectLog } from '../services/effects';
import { UNRECORDED_EFFECTS } from '../services/effects';
import type { ActivityDependencies } from './dependencies';
import { createDeliverOrder } from './delivery';
import { createReleaseInventory, createReserveInventory } from './inventory';
import { createPackOrderItems } from './packing';
import { createProcessPayment, createRefundPayment } from './payment';

export type { ActivityDependencies } from './dependencies';
export { randomPackingSlipId } from '../services/warehouse';

export interface ActivityOptions {
  speed: number;
  report?: (event: ActivityProgressEvent) => void;
  now?: () => Date;
  /** Stands for the warehouse's own numbering of packing slips. */
  newPackingSlipId?: () => string;
  /** Where the external systems record their effects (the ledger); without it they record nothing. */
  ledger?: EffectLog;
  /** How the ledger names this worker [default: its process ID]. */
  workerIdentity?: string;
}

export function dependenciesFor(options: ActivityOptions): ActivityDependencies {
  return {
    timings: activityTimings(options.speed),
    now: options.now ?? (() => new Date()),
    services: externalServices(
      options.ledger ?? UNRECORDED_EFFECTS,
      options.workerIdentity ?? `pid ${process.pid}`,
      options.newPackingSlipId,
    ),
    report: options.report ?? (() => undefined),
  };
}

/** The activities under their wire names, the sample's and the compensations, ready to register on a worker. */
export function createActivities(options: ActivityOptions): OrderActivities & CompensationActivities {
  const dependencies = dependenciesFor(options);
  return {
    process_payment: createProcessPayment(dependencies),
    reserve_inventory: createReserveInventory(dependencies),
    pack_order_items: createPackOrderItems(dependencies),
    deliver_order: createDeliverOrder(dependencies),
    refund_payment: createRefundPayment(dependencies),
    release_inventory: createReleaseInventory(dependencies),
  };
}
