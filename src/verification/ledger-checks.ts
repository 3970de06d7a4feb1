// What the external systems' own record says about an order: each effect the order is designed to have happened
// exactly once, whatever was retried; and, for an order that ends without delivery, what it took given back exactly
// once (with compensation) or kept (without). Evidence is the ledger's record: its ID, idempotency key and result.
import type { ExpectedOutcome } from '../domain/order-run';
import type { EffectAction, UndoAction } from '../domain/effects';
import { UNDOES } from '../domain/effects';
import type { AbsorbedDuplicate, RecordedEffect } from '../services/effects';
import type { Ledger } from '../services/ledger';
import type { Check } from './checks';

/** The effects a workflow has at most one of; packed items are counted per SKU. */
const ONCE_PER_ORDER: readonly EffectAction[] = [
  'charge',
  'reserve',
  'open-slip',
  'deliver',
  'refund',
  'release',
];

const EFFECT_NAMES: Record<Exclude<EffectAction, 'pack'>, string> = {
  charge: 'charge',
  reserve: 'reservation',
  'open-slip': 'packing slip',
  deliver: 'delivery',
  refund: 'refund',
  release: 'release',
};

/** How an undo is said of what it gives back: "each charge refunded". */
const GIVEN_BACK: Record<UndoAction, string> = { refund: 'refunded', release: 'released' };

function describeEffect(effect: RecordedEffect): string {
  return `#${effect.id} key ${effect.key}: ${JSON.stringify(effect.result)} (attempt ${effect.attempt}, ${effect.worker})`;
}

function effectsCheck(
  name: string,
  found: readonly RecordedEffect[],
  passed: boolean,
  of: { workflowId: string; effects: readonly RecordedEffect[] },
): Check {
  const evidence =
    found.length === 0
      ? `none among the ledger's ${of.effects.length} effects of ${of.workflowId}`
      : found.map(describeEffect).join('; ');
  return { name, passed, evidence };
}

/** Exactly one effect of `action` for the workflow, none, or at most one; `why` follows the name. */
function countCheck(
  effects: readonly RecordedEffect[],
  action: Exclude<EffectAction, 'pack'>,
  expected: 0 | 1 | 'at most one',
  workflowId: string,
  why?: string,
): Check {
  const found = effects.filter((effect) => effect.action === action);
  const what = EFFECT_NAMES[action];
  const name =
    (expected === 1
      ? `exactly one ${what} in the ledger`
      : expected === 0
        ? `no ${what} in the ledger`
        : `at most one ${what} in the ledger`) + (why ? `: ${why}` : '');
  const passed = expected === 'at most one' ? found.length <= 1 : found.length === expected;
  return effectsCheck(name, found, passed, { workflowId, effects });
}

function nothingPackedCheck(effects: readonly RecordedEffect[], workflowId: string): Check {
  const found = effects.filter((effect) => effect.action === 'open-slip' || effect.action === 'pack');
  return effectsCheck('no packing slip and no packed item in the ledger', found, found.length === 0, {
    workflowId,
    effects,
  });
}

/** Every SKU packed exactly once (`all`), or none packed twice (an order stopped mid-packing); none off the order. */
function packedCheck(effects: readonly RecordedEffect[], items: readonly string[], all: boolean): Check {
  const skus = [...new Set(items)];
  const packed = effects.filter((effect) => effect.action === 'pack');
  const timesPacked = (sku: string) => packed.filter((effect) => effect.subject === sku).length;
  const wrongly = (sku: string) => (all ? timesPacked(sku) !== 1 : timesPacked(sku) > 1);
  const problems = [
    ...skus.filter(wrongly).map((sku) => `${sku} packed ${timesPacked(sku)} times`),
    ...packed
      .filter((effect) => !skus.includes(effect.subject ?? ''))
      .map((effect) => `${effect.subject} is not on the order (#${effect.id})`),
  ];
  const [first] = packed;
  const last = packed[packed.length - 1];
  return {
    name: all
      ? `each of the ${skus.length} SKUs packed exactly once in the ledger`
      : `no SKU packed twice in the ledger (${packed.length} of ${skus.length} packed)`,
    passed: problems.length === 0,
    evidence:
      problems.length > 0
        ? problems.join('; ')
        : packed.length === 0
          ? 'no packed item in the ledger'
          : `${packed.length} records, one per SKU: #${first.id} key ${first.key}` +
            (packed.length > 1 ? ` … #${last.id} key ${last.key}` : ''),
  };
}

/** The effects of the undone kind that no `undo` gives back: what an order took and kept. */
export function keptEffects(effects: readonly RecordedEffect[], undo: UndoAction): RecordedEffect[] {
  return effects.filter(
    (effect) =>
      effect.action === UNDOES[undo] &&
      !effects.some((other) => other.action === undo && other.subject === effect.key),
  );
}

/** Each charge (reservation) given back by exactly one refund (release) that names it, and no undo of anything else. */
function givenBackCheck(effects: readonly RecordedEffect[], undo: UndoAction, workflowId: string): Check {
  const taken = effects.filter((effect) => effect.action === UNDOES[undo]);
  const undos = effects.filter((effect) => effect.action === undo);
  const undosOf = (effect: RecordedEffect) => undos.filter((other) => other.subject === effect.key);
  const what = EFFECT_NAMES[UNDOES[undo]];
  const problems = [
    ...taken
      .filter((effect) => undosOf(effect).length !== 1)
      .map((effect) => `${what} #${effect.id} ${GIVEN_BACK[undo]} ${undosOf(effect).length} times`),
    ...undos
      .filter((other) => !taken.some((effect) => effect.key === other.subject))
      .map((other) => `${undo} #${other.id} names ${other.subject}, no ${what} of ${workflowId}`),
  ];
  const evidence =
    problems.length > 0
      ? problems.join('; ')
      : taken.length === 0
        ? `no ${what} among the ledger's ${effects.length} effects of ${workflowId}: nothing to give back`
        : taken
            .map(
              (effect) => `#${effect.id} ${what} key ${effect.key} ← ${describeEffect(undosOf(effect)[0])}`,
            )
            .join('; ');
  return {
    name: `each ${what} ${GIVEN_BACK[undo]} exactly once in the ledger`,
    passed: problems.length === 0,
    evidence,
  };
}

function absorbedCheck(duplicates: readonly AbsorbedDuplicate[]): Check {
  return {
    name:
      duplicates.length === 1
        ? '1 repeated call absorbed by its idempotency key'
        : `${duplicates.length} repeated calls absorbed by their idempotency keys`,
    passed: true,
    evidence: duplicates
      .map(
        (duplicate) => `${duplicate.key} (attempt ${duplicate.attempt}, repeating #${duplicate.effect.id})`,
      )
      .join('; '),
  };
}

export interface LedgerExpectation {
  workflowId: string;
  expected: ExpectedOutcome;
  /** The SKUs the order packs. */
  items: readonly string[];
  /** The order gives back what it took when it ends without delivery. */
  compensate: boolean;
}

/**
 * The ledger's checks of one order: one charge and one reservation unless the card was declined, one packing slip
 * and each SKU packed once when there is something to pack, one delivery for a fulfilled order; a cancelled order
 * stops anywhere, so at most one of each and no SKU packed twice. An order that ends without delivery gives back
 * each charge and reservation exactly once with compensation, and keeps them without; a delivered order or a
 * declined card gives back nothing. Then, when any, the repeated calls the external systems absorbed
 * (informational: absorbing them is what the keys are for).
 */
export function ledgerChecks(
  ledger: Ledger,
  { workflowId, expected, items, compensate }: LedgerExpectation,
): Check[] {
  const effects = ledger.effects({ workflowId });
  const list: Check[] = [];
  if (expected === 'cancelled') {
    list.push(
      countCheck(effects, 'charge', 'at most one', workflowId),
      countCheck(effects, 'reserve', 'at most one', workflowId),
    );
    if (items.length > 0) {
      list.push(
        countCheck(effects, 'open-slip', 'at most one', workflowId),
        packedCheck(effects, items, false),
      );
    } else list.push(nothingPackedCheck(effects, workflowId));
  } else {
    const paid = expected !== 'card-declined';
    list.push(
      countCheck(effects, 'charge', paid ? 1 : 0, workflowId),
      countCheck(effects, 'reserve', paid ? 1 : 0, workflowId),
    );
    if (paid && items.length > 0) {
      list.push(countCheck(effects, 'open-slip', 1, workflowId), packedCheck(effects, items, true));
    } else list.push(nothingPackedCheck(effects, workflowId));
  }
  list.push(countCheck(effects, 'deliver', expected === 'fulfilled' ? 1 : 0, workflowId));
  const undelivered = expected === 'expired' || expected === 'cancelled';
  if (undelivered && compensate) {
    list.push(givenBackCheck(effects, 'release', workflowId), givenBackCheck(effects, 'refund', workflowId));
  } else {
    const why = undelivered ? 'without compensation, the order keeps what it took' : undefined;
    list.push(
      countCheck(effects, 'release', 0, workflowId, why),
      countCheck(effects, 'refund', 0, workflowId, why),
    );
  }
  const duplicates = ledger.absorbedDuplicates({ workflowId });
  if (duplicates.length > 0) list.push(absorbedCheck(duplicates));
  return list;
}

/** Two or more effects for one business thing under different keys: what idempotency keys exist to prevent. */
export interface DuplicateEffect {
  workflowId: string;
  action: EffectAction;
  /** The SKU, for packed items. */
  subject?: string;
  keys: string[];
}

/** Repeated calls absorbed under one key. */
export interface AbsorbedKey {
  key: string;
  workflowId: string;
  action: EffectAction;
  count: number;
}

export interface LedgerAudit {
  effects: number;
  /** How many effects of each kind: charges, refunds, … */
  byAction: Partial<Record<EffectAction, number>>;
  duplicateEffects: DuplicateEffect[];
  absorbedDuplicates: AbsorbedKey[];
}

/**
 * What makes two effects the same business thing: one charge, reservation, slip, delivery, refund and release per
 * workflow, and one packed item per workflow and SKU. The UNIQUE key rules out a second record under the same key,
 * not a second effect under another key (e.g. a second slip opened, and the items packed again on it).
 */
function businessIdentity(effect: RecordedEffect): string {
  const parts = ONCE_PER_ORDER.includes(effect.action)
    ? [effect.workflowId, effect.action]
    : [effect.workflowId, effect.action, effect.subject ?? ''];
  return JSON.stringify(parts);
}

/** The whole ledger, for many orders at once: effects, duplicate effects (must be none), absorbed repeats. */
export function auditLedger(ledger: Ledger): LedgerAudit {
  const effects = ledger.effects();
  const byIdentity = new Map<string, RecordedEffect[]>();
  for (const effect of effects) {
    const identity = businessIdentity(effect);
    byIdentity.set(identity, [...(byIdentity.get(identity) ?? []), effect]);
  }
  const duplicateEffects = [...byIdentity.values()]
    .filter((group) => group.length > 1)
    .map(([first, ...rest]) => ({
      workflowId: first.workflowId,
      action: first.action,
      ...(first.action === 'pack' ? { subject: first.subject } : {}),
      keys: [first, ...rest].map((effect) => effect.key),
    }));
  const absorbed = new Map<string, AbsorbedKey>();
  for (const { key, effect } of ledger.absorbedDuplicates()) {
    const entry = absorbed.get(key) ?? {
      key,
      workflowId: effect.workflowId,
      action: effect.action,
      count: 0,
    };
    entry.count++;
    absorbed.set(key, entry);
  }
  const byAction: Partial<Record<EffectAction, number>> = {};
  for (const effect of effects) byAction[effect.action] = (byAction[effect.action] ?? 0) + 1;
  return {
    effects: effects.length,
    byAction,
    duplicateEffects,
    absorbedDuplicates: [...absorbed.values()],
  };
}

/** One order's part of the ledger. */
export interface OrderLedger {
  workflowId: string;
  /** From the effects that name it (packing does not). */
  orderId?: string;
  effects: RecordedEffect[];
  absorbedDuplicates: AbsorbedDuplicate[];
}

/** The ledger per order (per workflow), in the order the orders first appear. */
export function ledgerByOrder(ledger: Ledger): OrderLedger[] {
  const orders = new Map<string, OrderLedger>();
  const orderOf = (workflowId: string): OrderLedger => {
    const existing = orders.get(workflowId);
    if (existing) return existing;
    const created: OrderLedger = { workflowId, orderId: undefined, effects: [], absorbedDuplicates: [] };
    orders.set(workflowId, created);
    return created;
  };
  for (const effect of ledger.effects()) {
    const order = orderOf(effect.workflowId);
    order.orderId ??= effect.orderId;
    order.effects.push(effect);
  }
  for (const duplicate of ledger.absorbedDuplicates()) {
    orderOf(duplicate.effect.workflowId).absorbedDuplicates.push(duplicate);
  }
  return [...orders.values()];
}
