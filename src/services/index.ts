import { Courier } from './courier';
import type { EffectLog } from './effects';
import { InventoryService } from './inventory-service';
import { PaymentGateway } from './payment-gateway';
import { Warehouse } from './warehouse';

/** The external systems the activities call. */
export interface ExternalServices {
  payment: PaymentGateway;
  inventory: InventoryService;
  warehouse: Warehouse;
  courier: Courier;
}

/** The external systems of one worker, recording into `log` under the worker's name. */
export function externalServices(
  log: EffectLog,
  worker: string,
  newPackingSlipId?: () => string,
): ExternalServices {
  return {
    payment: new PaymentGateway(log, worker),
    inventory: new InventoryService(log, worker),
    warehouse: new Warehouse(log, worker, newPackingSlipId),
    courier: new Courier(log, worker),
  };
}
