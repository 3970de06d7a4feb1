// The payload codec: the format the TypeScript and Python encryption samples share, keys and their rotation.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { defaultPayloadConverter, METADATA_ENCODING_KEY } from '@temporalio/common';
import { expect } from 'chai';
import { KEY_ID_METADATA } from '../../src/domain/payload-encryption';
import { decrypt, EncryptionCodec, TruncatedCiphertextError } from '../../src/temporal/encryption-codec';
import {
  DEFAULT_KEY_ID,
  EncryptionKeyError,
  KeyRing,
  keyRingFromFile,
  resolveKeyRing,
} from '../../src/temporal/encryption-keys';
import { InvalidInputError } from '../../src/domain/errors';
import { inTemporaryFolder } from '../helpers/temporary-folder';

const key = (id: string) => ({ id, key: randomBytes(32) });
const order = { order_id: 'order-1', item: 'widget', credit_card_expiry: '12/30' };

describe('payload encryption', () => {
  it('writes binary/encrypted payloads naming the key, nonce + ciphertext + tag of the serialized Payload', async () => {
    const current = key('k1');
    const [encrypted] = await new EncryptionCodec(new KeyRing(current, [], 'test')).encode([
      defaultPayloadConverter.toPayload(order),
    ]);
    const text = (bytes?: Uint8Array | null) => new TextDecoder().decode(bytes ?? new Uint8Array());
    expect(text(encrypted.metadata?.[METADATA_ENCODING_KEY])).to.equal('binary/encrypted');
    expect(text(encrypted.metadata?.[KEY_ID_METADATA])).to.equal('k1');
    expect(Buffer.from(encrypted.data ?? []).includes('widget')).to.equal(false);
    const plaintext = decrypt(encrypted.data ?? new Uint8Array(), current.key);
    expect(Buffer.from(plaintext).includes('"item":"widget"')).to.equal(true);
  });

  it('refuses data too short for a nonce and a whole 16-byte tag, before any decryption (a short tag is easy to forge)', async () => {
    const current = key('k1');
    for (const length of [0, 12, 16, 27]) {
      expect(() => decrypt(randomBytes(length), current.key), `${length} bytes`).to.throw(
        TruncatedCiphertextError,
        /too short for a 12-byte nonce and a 16-byte tag/,
      );
    }
    const [encrypted] = await new EncryptionCodec(new KeyRing(current, [], 'test')).encode([
      defaultPayloadConverter.toPayload(order),
    ]);
    const damaged = { ...encrypted, data: (encrypted.data ?? new Uint8Array()).subarray(0, 20) };
    await new EncryptionCodec(new KeyRing(current, [], 'test')).decode([damaged]).then(
      () => expect.fail('decoded a truncated payload'),
      (error: unknown) => expect((error as Error).message).to.match(/encrypted with key "k1" is damaged: /),
    );
  });

  it('gives a generated demo key an ID of its own, never the default ID of a real key', () => {
    const demo = resolveKeyRing(undefined, {});
    expect(demo.current.id).to.not.equal(DEFAULT_KEY_ID);
    expect(
      resolveKeyRing(undefined, { ORDER_DEMO_ENCRYPTION_KEY: randomBytes(32).toString('base64') }).current.id,
    ).to.equal(DEFAULT_KEY_ID);
  });

  it('round-trips, and decrypts what an older key of the ring encrypted', async () => {
    const old = key('k1');
    const [before] = await new EncryptionCodec(new KeyRing(old, [], 'test')).encode([
      defaultPayloadConverter.toPayload(order),
    ]);
    const rotated = new EncryptionCodec(new KeyRing(key('k2'), [old], 'test'));
    const [after] = await rotated.encode([defaultPayloadConverter.toPayload(order)]);
    for (const payload of await rotated.decode([before, after])) {
      expect(defaultPayloadConverter.fromPayload(payload)).to.deep.equal(order);
    }
  });

  it('names the key ID when a payload needs a key it does not have, or the key is wrong', async () => {
    const [encrypted] = await new EncryptionCodec(new KeyRing(key('k1'), [], 'test')).encode([
      defaultPayloadConverter.toPayload(order),
    ]);
    const missing = new EncryptionCodec(new KeyRing(key('k2'), [], 'test')).decode([encrypted]);
    await missing.then(
      () => expect.fail('decoded without the key'),
      (error: unknown) => {
        expect(error).to.be.instanceOf(EncryptionKeyError);
        expect((error as Error).message).to.match(
          /encrypted with key "k1", which is not among the keys given here/,
        );
      },
    );
    const wrong = new EncryptionCodec(new KeyRing(key('k1'), [], 'test')).decode([encrypted]);
    await wrong.then(
      () => expect.fail('decoded with a wrong key'),
      (error: unknown) =>
        expect((error as Error).message).to.match(/encrypted with key "k1" does not decrypt/),
    );
  });

  it('leaves payloads that are not encrypted as they are', async () => {
    const plain = defaultPayloadConverter.toPayload(order);
    expect(await new EncryptionCodec(new KeyRing(key('k1'), [], 'test')).decode([plain])).to.deep.equal([
      plain,
    ]);
  });

  it('reads keys from the environment, a key file, or generates a demo key', async () => {
    const base64 = randomBytes(32).toString('base64');
    const fromEnv = resolveKeyRing(undefined, { ORDER_DEMO_ENCRYPTION_KEY: base64 });
    expect(fromEnv.current.id).to.equal('order-demo-key');
    expect(Buffer.from(fromEnv.current.key).toString('base64')).to.equal(base64);
    expect(
      resolveKeyRing(undefined, { ORDER_DEMO_ENCRYPTION_KEY: base64, ORDER_DEMO_ENCRYPTION_KEY_ID: 'prod-7' })
        .current.id,
    ).to.equal('prod-7');
    expect(resolveKeyRing(undefined, {}).source).to.equal('a demo key generated for this run');

    await inTemporaryFolder('keys', (folder) => {
      const file = path.join(folder, 'keys');
      writeFileSync(file, `# current first\nk2 ${randomBytes(32).toString('base64')}\n\nk1 ${base64}\n`);
      const ring = keyRingFromFile(file);
      expect(ring.current.id).to.equal('k2');
      expect(ring.ids).to.have.members(['k1', 'k2']);
    });
  });

  it('refuses a key that is not 32 bytes of base64, as bad input', () => {
    for (const bad of ['short', randomBytes(16).toString('base64'), '!!!!']) {
      expect(() => resolveKeyRing(undefined, { ORDER_DEMO_ENCRYPTION_KEY: bad })).to.throw(
        InvalidInputError,
        /ORDER_DEMO_ENCRYPTION_KEY is not a key: expected 32 random bytes in base64/,
      );
    }
  });
});
