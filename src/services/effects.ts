// What the simulated external systems do to the world, and where they write it down. Each call carries an
// idempotency key, as payment APIs take one: a call whose key is already recorded changes nothing and gets the
// original answer back.
import type { EffectAction, ServiceName, UndoAction } from '../domain/effects';

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

/** An effect that gives back another (see UNDOES): its subject is the key of the effect it gives back. */
export type UndoEffect = Omit<Effect, 'subject' | 'action'> & { action: UndoAction };

/** Where the external systems record their effects. */
export interface EffectLog {
  record(effect: Effect): RecordOutcome;
  /**
   * Records an effect that gives back the workflow's effect it undoes (a refund gives back its charge), naming that
   * effect's key as its subject; records nothing and answers undefined when there is none to give back.
   */
  recordUndo(effect: UndoEffect): RecordOutcome | undefined;
}

/**
 * For workers that keep no ledger (a `worker activity` without --ledger, unit tests of the activities): every call
 * is a new effect and nothing is written down; with no record to consult, what is asked back is given back.
 */
export const UNRECORDED_EFFECTS: EffectLog = {
  record: (effect) => ({ result: effect.result, absorbed: false }),
  recordUndo: (effect) => ({ result: effect.result, absorbed: false }),
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
    return this.reply(request, this.log.record(this.effectOf(caller, request)), describeDuplicate);
  }

  /**
   * Gives back the workflow's effect that this one undoes, unless this key already did; when there is none to give
   * back, changes nothing and answers `nothingToGiveBack`.
   */
  protected giveBack(
    caller: Caller,
    request: Omit<EffectRequest, 'subject' | 'action'> & { action: UndoAction },
    nothingToGiveBack: string,
    describeDuplicate: (originalResult: string) => string,
  ): ServiceReply {
    const outcome = this.log.recordUndo(this.effectOf(caller, request));
    return outcome ? this.reply(request, outcome, describeDuplicate) : { result: nothingToGiveBack };
  }

  private effectOf<Request extends Pick<EffectRequest, 'key' | 'action'>>(caller: Caller, request: Request) {
    return {
      ...request,
      service: this.service,
      workflowId: caller.workflowId,
      attempt: caller.attempt,
      worker: this.worker,
    };
  }

  private reply(
    request: Pick<EffectRequest, 'action' | 'key'>,
    { result, absorbed }: RecordOutcome,
    describeDuplicate: (originalResult: string) => string,
  ): ServiceReply {
    if (!absorbed) return { result };
    const notice = { service: this.service, action: request.action, key: request.key };
    return { result, duplicate: { ...notice, description: describeDuplicate(result) } };
  }
}
