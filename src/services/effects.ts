// What the simulated external systems do to the world, and where they write it down. Each call carries an
// idempotency key, as payment APIs take one: a call whose key is already recorded changes nothing and gets the
// original answer back.
import type { EffectAction, ServiceName } from '../domain/effects';

/** One side effect on an external system, as the caller asks for it. */
export interface Effect {
  /** Unique per effect: a second call with the same key is the same effect, asked for again. */
  key: string;
  service: ServiceName;
  action: EffectAction;
  workflowId: string;
  /** Absent for packing: pack_order_items receives only the SKUs, not the order. */
  orderId?: string;
  /** What the effect is about, where an order has several: the slip ID of a slip, the SKU of a packed item. */
  subject?: string;
  /** What the external system answered. */
  result: string;
  /** The activity attempt that made the call. */
  attempt: number;
  /** The worker that ran that attempt (its identity, or its process ID). */
  worker: string;
}

/** An effect as the ledger holds it. */
export interface RecordedEffect extends Effect {
  id: number;
  /** ISO 8601. */
  at: string;
}

/** A repeated call that changed nothing, with the effect it repeated. */
export interface AbsorbedDuplicate {
  id: number;
  key: string;
  attempt: number;
  worker: string;
  at: string;
  effect: RecordedEffect;
}

/** The answer to a call: the original result when the key was already recorded (`absorbed`). */
export interface RecordOutcome {
  result: string;
  absorbed: boolean;
}

/** Where the external systems record their effects. */
export interface EffectLog {
  record(effect: Effect): RecordOutcome;
}

/**
 * For workers that keep no ledger (a `worker activity` without --ledger, unit tests of the activities): every call
 * is a new effect and nothing is written down.
 */
export const UNRECORDED_EFFECTS: EffectLog = {
  record: (effect) => ({ result: effect.result, absorbed: false }),
};

/** Who calls an external system: the activity attempt, as Temporal identifies it. */
export interface Caller {
  workflowId: string;
  activityId: string;
  attempt: number;
}

/** The key of an effect made once per activity: the workflow ID and the activity ID, stable across retries. */
export function activityKey(caller: Caller): string {
  return `${caller.workflowId}/${caller.activityId}`;
}

/** A repeated call an external system recognised by its key, for the narration. */
export interface DuplicateNotice {
  service: ServiceName;
  action: EffectAction;
  key: string;
  description: string;
}

/** What an external system answers: its result, and a notice when the call repeated one it had already served. */
export interface ServiceReply {
  result: string;
  duplicate?: DuplicateNotice;
}

/** What a call asks of an external system; who made the call comes from the Caller. */
export type EffectRequest = Pick<Effect, 'key' | 'action' | 'orderId' | 'subject' | 'result'>;

/** A simulated external system: records each effect once in a log, naming the worker whose call made it. */
export abstract class ExternalSystem {
  protected abstract readonly service: ServiceName;

  constructor(
    private readonly log: EffectLog,
    private readonly worker: string,
  ) {}

  /** Makes the effect unless its key is recorded; `describeDuplicate` tells a repeat, given the original result. */
  protected call(
    caller: Caller,
    request: EffectRequest,
    describeDuplicate: (originalResult: string) => string,
  ): ServiceReply {
    const { result, absorbed } = this.log.record({
      ...request,
      service: this.service,
      workflowId: caller.workflowId,
      attempt: caller.attempt,
      worker: this.worker,
    });
    if (!absorbed) return { result };
    const notice = { service: this.service, action: request.action, key: request.key };
    return { result, duplicate: { ...notice, description: describeDuplicate(result) } };
  }
}
