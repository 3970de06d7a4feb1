// How an encrypted payload looks, in the format Temporal's TypeScript and Python encryption samples share: metadata
// `encoding: binary/encrypted` and `encryption-key-id: <id>`. Readers of a history (the checks, a process without
// the key) recognise encrypted payloads by it; the codec that writes them lives with the Temporal adapters.
import type { Payload } from '@temporalio/common';
import { METADATA_ENCODING_KEY } from '@temporalio/common';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';

export function metadataText(bytes: Uint8Array | null | undefined): string | undefined {
  return bytes ? new TextDecoder().decode(bytes) : undefined;
}

export function isEncrypted(payload: Payload): boolean {
  return metadataText(payload.metadata?.[METADATA_ENCODING_KEY]) === ENCRYPTED_ENCODING;
}

/** The ID of the key an encrypted payload names ('' when it names none). */
export function keyIdOf(payload: Payload): string {
  return metadataText(payload.metadata?.[KEY_ID_METADATA]) ?? '';
}
