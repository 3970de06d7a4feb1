// A workflow run's event history as a JSON file, in the format `temporal workflow show --output json` writes and
// the SDK's replayer reads (e.g. replay-test fixtures). Its payloads are decoded (decrypted, with --encrypt), so
// that a replay needs no key.
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { historyToJSON } from './sdk-internals';
import { temporal } from '@temporalio/proto';
import { fetchHistory } from './history';

/**
 * Writes the history of this run to `file`. Stack traces in its failures name the folders of the machine that ran
 * it; `root` (this package's folder) is written as `.`, as the history means the same without it. A history read
 * through the encryption codec holds the order decrypted: then only its owner may read the file.
 */
export async function exportHistory(
  client: Client,
  execution: { workflowId: string; runId: string },
  file: string,
  root: string,
): Promise<void> {
  const history = temporal.api.history.v1.History.create({ events: await fetchHistory(client, execution) });
  const decrypted = client.options.loadedDataConverter.payloadCodecs.length > 0;
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(
    file,
    `${historyToJSON(history).split(root).join('.')}\n`,
    decrypted ? { mode: 0o600 } : {},
  );
  if (decrypted) await chmod(file, 0o600);
}

/** The file a run's history is kept in: its workflow ID, with what a file name cannot hold replaced. */
export function historyFileName(workflowId: string): string {
  return `${workflowId.replace(/[^\w.-]/g, '_')}.json`;
}
