// Payload encryption in the format Temporal's TypeScript and Python encryption samples share, so that the Python
// sample's workers (with the same few lines of codec) read what order-demo writes and the other way round:
// metadata as domain/payload-encryption.ts describes it; data = a 12-byte random nonce, then the
// AES-256-GCM ciphertext of the serialized Payload protobuf, then the 16-byte tag; no associated data.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { METADATA_ENCODING_KEY } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { ENCRYPTED_ENCODING, isEncrypted, KEY_ID_METADATA, keyIdOf } from '../domain/payload-encryption';
import type { KeyRing } from './encryption-keys';
import { EncryptionKeyError } from './encryption-keys';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

const utf8 = (text: string) => new TextEncoder().encode(text);

export function encrypt(plaintext: Uint8Array, key: Uint8Array): Uint8Array {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  return Buffer.concat([nonce, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

/** Data too short to hold a nonce and a whole tag: refused before any decryption is tried. */
export class TruncatedCiphertextError extends Error {
  constructor(length: number) {
    super(
      `an encrypted payload of ${length} bytes is too short for a ${NONCE_BYTES}-byte nonce and a ${TAG_BYTES}-byte tag`,
    );
    this.name = 'TruncatedCiphertextError';
  }
}

export function decrypt(data: Uint8Array, key: Uint8Array): Uint8Array {
  // GCM accepts tags as short as 4 bytes, which are far easier to forge: only whole ones are taken.
  if (data.length < NONCE_BYTES + TAG_BYTES) throw new TruncatedCiphertextError(data.length);
  const nonce = data.subarray(0, NONCE_BYTES);
  const tag = data.subarray(data.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  decipher.setAuthTag(tag);
  return Buffer.concat([
    decipher.update(data.subarray(NONCE_BYTES, data.length - TAG_BYTES)),
    decipher.final(),
  ]);
}

/** Encrypts with the key ring's current key; decrypts with whichever key of the ring a payload names. */
export class EncryptionCodec implements PayloadCodec {
  constructor(private readonly keys: KeyRing) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const { id, key } = this.keys.current;
    return payloads.map((payload) => ({
      metadata: { [METADATA_ENCODING_KEY]: utf8(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: utf8(id) },
      data: encrypt(temporal.api.common.v1.Payload.encode(payload).finish(), key),
    }));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (!isEncrypted(payload)) return payload;
      const id = keyIdOf(payload);
      const key = this.keys.find(id);
      let plaintext: Uint8Array;
      try {
        plaintext = decrypt(payload.data ?? new Uint8Array(), key);
      } catch (error) {
        if (error instanceof TruncatedCiphertextError) {
          throw new EncryptionKeyError(`a payload encrypted with key "${id}" is damaged: ${error.message}`);
        }
        throw new EncryptionKeyError(
          `a payload encrypted with key "${id}" does not decrypt with the key of that ID given here: ` +
            'the key is wrong (ORDER_DEMO_ENCRYPTION_KEY or --encryption-key-file)',
        );
      }
      return temporal.api.common.v1.Payload.decode(plaintext);
    });
  }
}
