// With --encrypt: the server's own record of a run, read raw (as anyone with access to the cluster reads it), holds
// the order only as ciphertext. The order ID is left out: it is in the workflow ID, which stays in clear.
import { METADATA_ENCODING_KEY } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { Order } from '../domain/order';
import { ENCRYPTED_ENCODING, isEncrypted, KEY_ID_METADATA } from '../domain/payload-encryption';
import type { Check } from './checks';
import type { HistoryEvent, PayloadAt } from './history-events';
import { eventId } from './history-events';

const { EventType } = temporal.api.enums.v1;

/** The values of an order that must never reach the server in clear. */
export function secretsOf(order: Order): string[] {
  return [order.item, order.credit_card_expiry, ...order.items_to_pack].filter((value) => value !== '');
}

function describeSecrets(order: Order): string {
  const skuCount = order.items_to_pack.length;
  return (
    `the item ${JSON.stringify(order.item)}, the card expiry ${JSON.stringify(order.credit_card_expiry)}` +
    (skuCount > 0 ? ` or any of the ${skuCount} SKUs to pack` : '')
  );
}

function eventName(event: HistoryEvent): string {
  const name = EventType[event.eventType ?? 0] ?? 'event';
  return name
    .replace(/^EVENT_TYPE_/, '')
    .replace(/(^|_)([A-Z]+)/g, (_, __, word: string) => word.charAt(0) + word.slice(1).toLowerCase());
}

function where({ event }: PayloadAt): string {
  return `${eventName(event)} (event ${eventId(event)})`;
}

const text = (bytes: Uint8Array | null | undefined) =>
  Buffer.from(bytes ?? new Uint8Array()).toString('latin1');

/** What a reader of the raw payload sees of these secrets: the ones its bytes (data or metadata) hold in clear. */
function secretsIn({ payload }: PayloadAt, secrets: readonly string[]): string[] {
  const visible = [text(payload.data), ...Object.values(payload.metadata ?? {}).map(text)].join('\n');
  return secrets.filter((secret) => visible.includes(secret));
}

/**
 * Every payload of the raw history (`payloads` of its `eventCount` events, as the server holds them) is encrypted,
 * and none holds a value of the order in clear.
 */
export function noPlaintextInHistory(
  payloads: readonly PayloadAt[],
  eventCount: number,
  order: Order,
): Check {
  const name = 'no order data in clear in the server’s history';
  const secrets = secretsOf(order);
  const inClear = payloads.filter((found) => !isEncrypted(found.payload));
  const leaks = payloads.flatMap((found) =>
    secretsIn(found, secrets).map((secret) => `${JSON.stringify(secret)} in ${where(found)}`),
  );
  if (payloads.length === 0)
    return { name, passed: false, evidence: `no payload among ${eventCount} events` };
  if (inClear.length > 0 || leaks.length > 0) {
    const encodings = inClear.map(
      (found) => `${where(found)} ${text(found.payload.metadata?.[METADATA_ENCODING_KEY]) || 'unencoded'}`,
    );
    return {
      name,
      passed: false,
      evidence: [...leaks, ...encodings.map((encoding) => `not encrypted: ${encoding}`)]
        .slice(0, 5)
        .join('; '),
    };
  }
  const keyIds = [...new Set(payloads.map(({ payload }) => text(payload.metadata?.[KEY_ID_METADATA])))];
  const byEvent = new Map<string, number>();
  for (const { event } of payloads) byEvent.set(eventName(event), (byEvent.get(eventName(event)) ?? 0) + 1);
  const counts = [...byEvent].map(([event, count]) => `${event} ${count}`).join(', ');
  return {
    name,
    passed: true,
    evidence:
      `${payloads.length} payloads in ${new Set(payloads.map(({ event }) => event)).size} of ${eventCount} ` +
      `events (${counts}), all ${ENCRYPTED_ENCODING} with key ${keyIds.join(', ')}; none holds ` +
      describeSecrets(order),
  };
}
