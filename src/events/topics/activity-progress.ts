// The activities' progress, as they report it themselves, and the checkpoints the server holds of it.
import type { EffectAction, ServiceName } from '../../domain/effects';

/** Reported by the activities themselves. */
export type ActivityProgressEvent =
  | { type: 'packing.slip-acquired'; attempt: number; slipId: string; total: number }
  | { type: 'packing.resumed'; attempt: number; slipId: string; fromIndex: number; total: number }
  | {
      type: 'packing.item-packed';
      attempt: number;
      slipId: string;
      index: number;
      sku: string;
      total: number;
    }
  | {
      /** An external system recognised a call it had already served, by its idempotency key: no second effect. */
      type: 'ledger.duplicate-absorbed';
      service: ServiceName;
      action: EffectAction;
      key: string;
      description: string;
    };

/** The packing checkpoint the server holds (the last heartbeat's details), and the heartbeat timeout awaited. */
export type CheckpointEvent =
  | { type: 'checkpoint.recorded'; attempt: number; index: number; sku: string; slipId: string }
  | {
      type: 'heartbeat-timeout.waiting';
      heartbeatTimeoutMs: number;
      remainingMs: number;
      throttleMs: number;
      serverIndex: number;
      serverSku: string;
      workerIndex: number;
      slipId: string;
    };
