// The keys that encrypt payloads: one current key (new payloads name its ID) and older ones that still decrypt
// the payloads written before a rotation. From ORDER_DEMO_ENCRYPTION_KEY (+ _KEY_ID), from a key file, or — for a
// one-command demo — generated for the run.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { InvalidInputError } from '../domain/errors';

export const KEY_ENV = 'ORDER_DEMO_ENCRYPTION_KEY';
export const KEY_ID_ENV = 'ORDER_DEMO_ENCRYPTION_KEY_ID';
export const DEFAULT_KEY_ID = 'order-demo-key';
/**
 * The ID of a key generated for one run: never the default ID of a real key, so that a process that forgot the real
 * key and made up its own fails loudly on the other's payloads instead of writing with a throwaway key unnoticed.
 */
export const DEMO_KEY_ID = 'order-demo-throwaway-key';
const KEY_BYTES = 32;
/** The source of a key generated for one run, which no other process has unless it is handed over. */
export const DEMO_KEY_SOURCE = 'a demo key generated for this run';

export interface EncryptionKey {
  id: string;
  key: Uint8Array;
}

/** A payload names a key this process does not have, or the key of that name does not fit: exit 1. */
export class EncryptionKeyError extends Error {
  readonly exitCode = 1;
  constructor(message: string) {
    super(message);
    this.name = 'EncryptionKeyError';
  }
}

export class KeyRing {
  private readonly byId: Map<string, EncryptionKey>;

  /** `source` says where the keys came from, for the story and for errors. */
  constructor(
    readonly current: EncryptionKey,
    older: EncryptionKey[],
    readonly source: string,
  ) {
    this.byId = new Map([...older, current].map((entry) => [entry.id, entry]));
  }

  get ids(): string[] {
    return [...this.byId.keys()];
  }

  find(id: string): Uint8Array {
    const entry = this.byId.get(id);
    if (!entry) {
      throw new EncryptionKeyError(
        `a payload is encrypted with key "${id}", which is not among the keys given here (${this.ids.join(', ')}, ` +
          `from ${this.source}): give that key in ${KEY_ENV} or in --encryption-key-file`,
      );
    }
    return entry.key;
  }

  /** The current key as the environment variables that hand it to a child process (or another terminal). */
  asEnvironment(): Record<string, string> {
    return { [KEY_ENV]: Buffer.from(this.current.key).toString('base64'), [KEY_ID_ENV]: this.current.id };
  }
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function parseKey(base64: string, where: string): Uint8Array {
  const key = Buffer.from(base64.trim(), 'base64');
  if (!BASE64.test(base64.trim()) || key.length !== KEY_BYTES) {
    throw new InvalidInputError(
      `${where} is not a key: expected ${KEY_BYTES} random bytes in base64 (e.g. \`openssl rand -base64 32\`)`,
    );
  }
  return key;
}

/**
 * A key file: one key a line, `<key id> <base64 key>`; the first is the current key, the others decrypt what
 * older keys encrypted. Blank lines and lines starting with # are ignored.
 */
export function keyRingFromFile(file: string): KeyRing {
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InvalidInputError(
      `--encryption-key-file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? error})`,
    );
  }
  const keys = content
    .split('\n')
    .map((line, index) => ({ line: line.trim(), number: index + 1 }))
    .filter(({ line }) => line !== '' && !line.startsWith('#'))
    .map(({ line, number }) => {
      const [id, base64, ...rest] = line.split(/\s+/);
      if (!base64 || rest.length > 0) {
        throw new InvalidInputError(`${file} line ${number}: expected "<key id> <base64 key>"`);
      }
      return { id, key: parseKey(base64, `${file} line ${number}`) };
    });
  if (keys.length === 0)
    throw new InvalidInputError(`${file} holds no key: expected "<key id> <base64 key>" lines`);
  return new KeyRing(keys[0], keys.slice(1), file);
}

/** The keys given (the key file if one is named, else the environment), or none: to read what others encrypted. */
export function givenKeyRing(
  keyFile: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): KeyRing | undefined {
  return keyFile || env[KEY_ENV] ? resolveKeyRing(keyFile, env) : undefined;
}

/** The keys in effect: the key file if one is named, else the environment, else a key generated for this run. */
export function resolveKeyRing(keyFile: string | undefined, env: NodeJS.ProcessEnv = process.env): KeyRing {
  if (keyFile) return keyRingFromFile(keyFile);
  const fromEnv = env[KEY_ENV];
  if (fromEnv) {
    return new KeyRing(
      { id: env[KEY_ID_ENV] || DEFAULT_KEY_ID, key: parseKey(fromEnv, KEY_ENV) },
      [],
      KEY_ENV,
    );
  }
  return new KeyRing({ id: DEMO_KEY_ID, key: randomBytes(KEY_BYTES) }, [], DEMO_KEY_SOURCE);
}
