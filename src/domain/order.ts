import { InvalidInputError } from './errors';

/** An order exactly as it travels on the wire (snake_case, the Python sample's field names, nothing more). */
export interface Order {
  order_id: string;
  item: string;
  quantity: number;
  /** `MM/YY`; see expiry.ts. */
  credit_card_expiry: string;
  items_to_pack: string[];
}

/** The sample starter's order. */
export const SAMPLE_ORDER: Readonly<Order> = Object.freeze({
  order_id: 'order-1',
  item: 'widget',
  quantity: 1,
  credit_card_expiry: '12/30',
  items_to_pack: [],
});

/** What the sample's `--pack` packs: 30 items, SKU-000 … SKU-029. */
export const SAMPLE_PACK_ITEM_COUNT = 30;
/** The sample's checkpoint demo: order `checkpoint-demo`, 10 items SKU-001 … SKU-010. */
export const CHECKPOINT_DEMO_ORDER_ID = 'checkpoint-demo';
export const CHECKPOINT_DEMO_ITEM_COUNT = 10;

/** `count` SKUs numbered from `first`, zero-padded to three digits: skus(3, 1) → SKU-001, SKU-002, SKU-003. */
export function skus(count: number, first: number): string[] {
  return Array.from({ length: count }, (_, i) => `SKU-${String(first + i).padStart(3, '0')}`);
}

export function orderWith(changes: Partial<Order>): Order {
  return { ...SAMPLE_ORDER, items_to_pack: [...SAMPLE_ORDER.items_to_pack], ...changes };
}

/** `order-<order_id>-<unix seconds>`, as the sample names its workflows. */
export function workflowIdFor(orderId: string, now: Date): string {
  return `order-${orderId}-${Math.floor(now.getTime() / 1000)}`;
}

/** The longest workflow ID a Temporal server accepts with its default settings (dynamic config limit.maxIDLength). */
export const MAX_WORKFLOW_ID_LENGTH = 1000;
/** The longest order ID whose default workflow ID, `order-<order_id>-<unix seconds>`, still fits. */
export const MAX_ORDER_ID_LENGTH = MAX_WORKFLOW_ID_LENGTH - 'order--'.length - 10;

export class InvalidIdError extends InvalidInputError {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidIdError';
  }
}

function checkId(what: string, id: string, maxLength: number, why: string, example: string): string {
  if (id.trim() === '') throw new InvalidIdError(`${what} is empty: give one, e.g. ${example}`);
  // A terminal would act on them where the ID is printed (the approve command a person copies, the story).
  if (/\p{Cc}/u.test(id))
    throw new InvalidIdError(`${what} holds a control character: give one without, e.g. ${example}`);
  if (id.length > maxLength) {
    throw new InvalidIdError(`${what} is ${id.length} characters long; at most ${maxLength} ${why}`);
  }
  return id;
}

export function checkOrderId(id: string): string {
  return checkId(
    'the order ID',
    id,
    MAX_ORDER_ID_LENGTH,
    `fit, so that its workflow ID order-<id>-<unix seconds> stays within the server's ${MAX_WORKFLOW_ID_LENGTH}`,
    SAMPLE_ORDER.order_id,
  );
}

export function checkWorkflowId(id: string): string {
  return checkId(
    'the workflow ID',
    id,
    MAX_WORKFLOW_ID_LENGTH,
    'are accepted by a Temporal server with its default settings',
    workflowIdFor(SAMPLE_ORDER.order_id, new Date('2026-01-01T00:00:00Z')),
  );
}
