// Replaying recorded histories against workflow code, as a worker does when it picks up a run it has not cached: the
// gate a team runs before new workflow code ships. A history is JSON as `temporal workflow show --output json` writes
// it (and --keep-histories here), so histories exported from any cluster, or written by another SDK's workers, serve.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { InvalidInputError } from '../domain/errors';
import type { HistoryEvent } from '../verification/history-events';
import type { ReplayVerdict } from '../domain/replay-verdict';
import { divergenceOf } from '../verification/replay-divergence';
import { historyFromJSON } from './sdk-internals';
import { installSdkRuntime } from './sdk-runtime';
import type { WorkflowVariant } from './workflow-bundle';
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

/**
 * Replays each history against this variant's workflow code, one replay worker for all of them: a verdict per history,
 * in order, with the first divergence of each that the code does not reproduce.
 */
export async function replayHistories(
  histories: readonly RecordedHistory[],
  variant: WorkflowVariant,
): Promise<ReplayVerdict[]> {
  await installSdkRuntime({ verbose: false });
  const { Worker } = await import('@temporalio/worker');
  const verdicts: ReplayVerdict[] = [];
  const replays = Worker.runReplayHistories(
    { ...workflowCodeFor(variant), replayName: 'order-demo-replay' },
    histories.map((recorded) => ({ workflowId: recorded.name, history: { events: recorded.events } })),
  );
  for await (const { error } of replays) {
    const recorded = histories[verdicts.length];
    verdicts.push({
      name: recorded.name,
      runId: runIdOf(recorded.events),
      eventCount: recorded.events.length,
      passed: error === undefined,
      divergence: error && divergenceOf(error.message, recorded.events),
    });
  }
  return verdicts;
}
