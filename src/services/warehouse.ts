import { randomBytes } from 'node:crypto';
import type { Caller, EffectLog, ServiceReply } from './effects';
import { activityKey, ExternalSystem } from './effects';

/** `SLIP-` and 8 upper-case hex digits. */
export function randomPackingSlipId(): string {
  return `SLIP-${randomBytes(4).toString('hex').toUpperCase()}`;
}

/** The warehouse: opens packing slips and packs items on them, once per idempotency key. */
export class Warehouse extends ExternalSystem {
  protected readonly service = 'warehouse';

  constructor(
    log: EffectLog,
    worker: string,
    private readonly newSlipId: () => string = randomPackingSlipId,
  ) {
    super(log, worker);
  }

  /**
   * Opens a packing slip for the activity that calls; its result is the slip ID. A retry of that activity gets the
   * slip already opened under its key, even when no heartbeat carried the slip ID to the server.
   */
  openSlip(caller: Caller): ServiceReply {
    const slipId = this.newSlipId();
    return this.call(
      caller,
      { key: activityKey(caller), action: 'open-slip', subject: slipId, result: slipId },
      (openedSlipId) =>
        `warehouse: slip ${openedSlipId} already opened for this packing — the same slip again`,
    );
  }

  /** Packs one item on a slip; the key is the slip ID and the SKU, whichever attempt packs it. */
  pack(caller: Caller, slipId: string, sku: string): ServiceReply {
    return this.call(
      caller,
      { key: `${slipId}/${sku}`, action: 'pack', subject: sku, result: `${sku} packed on slip ${slipId}` },
      () => `warehouse: ${sku} for slip ${slipId} already packed — recorded once`,
    );
  }
}
