// What the external systems' own record says about an order: each effect the order is designed to have happened
// exactly once, whatever was retried. Evidence is the ledger's record: its ID, idempotency key and result.
import type { ExpectedOutcome } from '../domain/order-run';
import type { EffectAction } from '../domain/effects';
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

/** Exactly one effect of `action` for the workflow, or none. */
function countCheck(
  effects: readonly RecordedEffect[],
  action: Exclude<EffectAction, 'pack'>,
  expectedCount: 0 | 1,
  workflowId: string,
): Check {
  const found = effects.filter((effect) => effect.action === action);
  const what = EFFECT_NAMES[action];
  const name = expectedCount === 1 ? `exactly one ${what} in the ledger` : `no ${what} in the ledger`;
  return effectsCheck(name, found, found.length === expectedCount, { workflowId, effects });
}

function nothingPackedCheck(effects: readonly RecordedEffect[], workflowId: string): Check {
  const found = effects.filter((effect) => effect.action === 'open-slip' || effect.action === 'pack');
  return effectsCheck('no packing slip and no packed item in the ledger', found, found.length === 0, {
    workflowId,
    effects,
  });
}

function packedOnceCheck(effects: readonly RecordedEffect[], items: readonly string[]): Check {
  const skus = [...new Set(items)];
  const packed = effects.filter((effect) => effect.action === 'pack');
  const timesPacked = (sku: string) => packed.filter((effect) => effect.subject === sku).length;
  const problems = [
    ...skus.filter((sku) => timesPacked(sku) !== 1).map((sku) => `${sku} packed ${timesPacked(sku)} times`),
    ...packed
      .filter((effect) => !skus.includes(effect.subject ?? ''))
      .map((effect) => `${effect.subject} is not on the order (#${effect.id})`),
  ];
  const [first] = packed;
  const last = packed[packed.length - 1];
  return {
    name: `each of the ${skus.length} SKUs packed exactly once in the ledger`,
    passed: problems.length === 0,
    evidence:
      problems.length > 0
        ? problems.join('; ')
        : `${packed.length} records, one per SKU: #${first.id} key ${first.key}` +
          (packed.length > 1 ? ` … #${last.id} key ${last.key}` : ''),
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
}

/**
 * The ledger's checks of one order: one charge and one reservation unless the card was declined, one packing slip
 * and each SKU packed once when there is something to pack, one delivery for a fulfilled order; and, when any, the
 * repeated calls the external systems absorbed (informational: absorbing them is what the keys are for).
 */
export function ledgerChecks(ledger: Ledger, { workflowId, expected, items }: LedgerExpectation): Check[] {
  const effects = ledger.effects({ workflowId });
  const paid = expected !== 'card-declined';
  const packs = paid && items.length > 0;
  const list = [
    countCheck(effects, 'charge', paid ? 1 : 0, workflowId),
    countCheck(effects, 'reserve', paid ? 1 : 0, workflowId),
  ];
  if (packs) list.push(countCheck(effects, 'open-slip', 1, workflowId), packedOnceCheck(effects, items));
  else list.push(nothingPackedCheck(effects, workflowId));
  list.push(countCheck(effects, 'deliver', expected === 'fulfilled' ? 1 : 0, workflowId));
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
  return { effects: effects.length, duplicateEffects, absorbedDuplicates: [...absorbed.values()] };
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
