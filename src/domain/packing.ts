/** The heartbeat details of pack_order_items, exactly as on the wire. */
export interface PackingCheckpoint {
  /** -1 before any item is packed. */
  last_processed_idx: number;
  last_item_sku: string;
  packing_slip_id: string;
}

export const NOT_STARTED_SKU = 'not_started';

const SLIP_ID_PATTERN = /^SLIP-[0-9A-F]{8}$/;

export function isPackingSlipId(value: string): boolean {
  return SLIP_ID_PATTERN.test(value);
}

/** The checkpoint heartbeated right after a slip is acquired, before any item. */
export function startingCheckpoint(slipId: string): PackingCheckpoint {
  return { last_processed_idx: -1, last_item_sku: NOT_STARTED_SKU, packing_slip_id: slipId };
}

/** A heartbeat detail that can be resumed from: anything else (absent, foreign, corrupt) means start afresh. */
export function isResumableCheckpoint(details: unknown): details is PackingCheckpoint {
  if (typeof details !== 'object' || details === null) return false;
  const candidate = details as Partial<PackingCheckpoint>;
  return (
    Number.isInteger(candidate.last_processed_idx) &&
    typeof candidate.last_item_sku === 'string' &&
    typeof candidate.packing_slip_id === 'string' &&
    candidate.packing_slip_id.length > 0
  );
}
