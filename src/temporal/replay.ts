// Replaying recorded histories against workflow code, as a worker does when it picks up a run it has not cached: the
// gate a team runs before new workflow code ships. A history is JSON as `temporal workflow show --output json` writes
// it (and --keep-histories here), so histories exported from any cluster, or written by another SDK's workers, serve.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { InvalidInputError } from '../domain/errors';
import type { Payload } from '@temporalio/common';
import { isEncrypted, keyIdOf } from '../domain/payload-encryption';
import type { HistoryEvent } from '../verification/history-events';
import type { ReplayVerdict } from '../domain/replay-verdict';
import { oneVerdictEach } from '../domain/replay-verdict';
import { divergenceOf } from '../verification/replay-divergence';
import { EncryptionCodec } from './encryption-codec';
import type { KeyRing } from './encryption-keys';
import { EncryptionKeyError, KEY_ENV } from './encryption-keys';
import { historyFromJSON } from './sdk-internals';
import { installSdkRuntime } from './sdk-runtime';
import type { WorkflowVariant } from '../workflows/variants';
import { workflowCodeFor } from './workflow-bundle';

/** A recorded history, named for the verdict: a file's path, or a run's workflow ID. */
export interface RecordedHistory {
  name: string;
  events: HistoryEvent[];
}

/** The history files these paths name: a file as it is, a folder's *.json files and its subfolders', sorted. */
export async function historyFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const given of paths) {
    const found = await stat(given).catch(() => undefined);
    if (!found)
      throw new InvalidInputError(`${given} does not exist: name a folder of histories or a history file`);
    if (!found.isDirectory()) {
      files.push(given);
      continue;
    }
    const inFolder = (await readdir(given, { recursive: true }))
      .filter((file) => file.endsWith('.json'))
      .map((file) => path.join(given, file))
      .sort();
    if (inFolder.length === 0) {
      throw new InvalidInputError(
        `no histories in ${given} (no .json files): write some with --keep-histories DIR, or with ` +
          '`temporal workflow show --workflow-id ID --output json > ID.json`',
      );
    }
    files.push(...inFolder);
  }
  return files;
}

/** Reads a history file; one that holds no event history is refused, saying so. */
export async function readHistoryFile(file: string): Promise<RecordedHistory> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new InvalidInputError(`${file} is not a JSON history: ${(error as Error).message}`);
  }
  const events = (json as { events?: unknown } | null)?.events;
  if (!Array.isArray(events) || events.length === 0) {
    throw new InvalidInputError(
      `${file} holds no event history (no "events"): expected what \`temporal workflow show --output json\` writes`,
    );
  }
  try {
    return { name: file, events: historyFromJSON(json).events ?? [] };
  } catch (error) {
    throw new InvalidInputError(`${file} is not an event history: ${(error as Error).message}`);
  }
}

/** The run a history records. */
function runIdOf(events: readonly HistoryEvent[]): string | undefined {
  return events[0]?.workflowExecutionStartedEventAttributes?.originalExecutionRunId ?? undefined;
}

/** A payload (input, result, signal, marker, header, memo…): an object whose metadata holds bytes. */
function isPayload(value: object): value is Payload {
  const metadata = (value as { metadata?: unknown }).metadata;
  return (
    typeof metadata === 'object' &&
    metadata !== null &&
    Object.values(metadata).every((entry) => entry instanceof Uint8Array)
  );
}

/** Every payload these events hold, wherever they hold it. */
export function payloadsOf(value: unknown, found: Payload[] = []): Payload[] {
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return found;
  if (isPayload(value)) {
    found.push(value);
    return found;
  }
  for (const child of Object.values(value)) payloadsOf(child, found);
  return found;
}

/**
 * Decrypts, in place, the encrypted payloads of these events (a history exported without the codec, e.g. by
 * `temporal workflow show` without --codec-endpoint); the reason when that cannot be done, as the replay would
 * otherwise fail on them and look like code that diverges.
 */
async function decodeInPlace(
  events: readonly HistoryEvent[],
  keys: KeyRing | undefined,
): Promise<string | undefined> {
  const encrypted = payloadsOf(events).filter(isEncrypted);
  if (encrypted.length === 0) return undefined;
  if (!keys) {
    const ids = [...new Set(encrypted.map(keyIdOf))].map((id) => JSON.stringify(id)).join(', ');
    return (
      `cannot be decoded: its payloads are encrypted (key ${ids}) and no key was given: give it with ` +
      `--encryption-key-file FILE or ${KEY_ENV}, or export the history decoded (--codec-endpoint)`
    );
  }
  try {
    const decoded = await new EncryptionCodec(keys).decode(encrypted);
    encrypted.forEach((payload, index) => Object.assign(payload, decoded[index]));
  } catch (error) {
    if (error instanceof EncryptionKeyError) return `cannot be decoded: ${error.message}`;
    throw error;
  }
  return undefined;
}

/**
 * Replays each history against this variant's workflow code, one replay worker for all of them: one verdict per
 * history, in order — the first divergence the code does not reproduce, or why the history could not be decoded
 * (encrypted payloads, decrypted here with `keys`).
 */
export async function replayHistories(
  histories: readonly RecordedHistory[],
  variant: WorkflowVariant,
  keys?: KeyRing,
): Promise<ReplayVerdict[]> {
  const verdicts: (ReplayVerdict | undefined)[] = [];
  const readable: { recorded: RecordedHistory; index: number }[] = [];
  for (const [index, recorded] of histories.entries()) {
    const undecodable = await decodeInPlace(recorded.events, keys);
    if (undecodable === undefined) readable.push({ recorded, index });
    else verdicts[index] = verdictOf(recorded, { passed: false, undecodable });
  }
  if (readable.length > 0) {
    await installSdkRuntime({ verbose: false });
    const { Worker } = await import('@temporalio/worker');
    const replays = Worker.runReplayHistories(
      { ...workflowCodeFor(variant), replayName: 'order-demo-replay' },
      readable.map(({ recorded }) => ({ workflowId: recorded.name, history: { events: recorded.events } })),
    );
    let next = 0;
    for await (const { workflowId, error } of replays) {
      const expected = readable[next++];
      if (expected?.recorded.name !== workflowId) {
        throw new Error(
          `the replayer answered for ${workflowId}, expected ${expected?.recorded.name ?? 'nothing more'}`,
        );
      }
      const { recorded, index } = expected;
      verdicts[index] = verdictOf(recorded, {
        passed: error === undefined,
        divergence: error && divergenceOf(error.message, recorded.events),
      });
    }
  }
  return oneVerdictEach(
    histories.map((recorded) => recorded.name),
    histories.map((_, index) => verdicts[index]),
  );
}

function verdictOf(
  recorded: RecordedHistory,
  outcome: Pick<ReplayVerdict, 'passed' | 'divergence' | 'undecodable'>,
): ReplayVerdict {
  return {
    name: recorded.name,
    runId: runIdOf(recorded.events),
    eventCount: recorded.events.length,
    ...outcome,
  };
}
