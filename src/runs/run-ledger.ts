import { rm } from 'node:fs/promises';
import path from 'node:path';
import { InvalidInputError } from '../domain/errors';
import type { Teardown } from '../processes/teardown';
import { scratchFolder } from '../processes/watchdog';
import { isBusy, Ledger, LEDGER_FILE, READ_BUSY_TIMEOUT_MS } from '../services/ledger';

export interface RunLedger {
  ledger: Ledger;
  /** Where the ledger (and whatever else the run keeps with it) lives. */
  folder: string;
}

/** The ledger in `folder` (created if missing); a file there that is no ledger is bad input. */
export function openLedgerIn(folder: string): Ledger {
  try {
    return Ledger.open(folder);
  } catch (error) {
    throw new InvalidInputError(`cannot keep a ledger in ${folder} (${(error as Error).message})`);
  }
}

/**
 * The ledger a command run records into: in the folder --keep-ledger names, or in a temporary one removed when the
 * command ends.
 */
export async function openRunLedger(keptFolder: string | undefined, teardown: Teardown): Promise<RunLedger> {
  const folder = keptFolder ?? (await scratchFolder('ledger'));
  const ledger = openLedgerIn(folder);
  teardown.add('ledger', async () => {
    ledger.close();
    if (!keptFolder) await rm(folder, { recursive: true, force: true });
  });
  return { ledger, folder };
}

/** A writer held the ledger past a reader's wait: not bad input (exit 1), and worth another try. */
function lockedTooLong(file: string): Error {
  return new Error(
    `${file} stayed locked by a writer for ${READ_BUSY_TIMEOUT_MS / 1000}s, longer than a worker ever holds it: ` +
      'try again, or once the run that writes it has ended',
  );
}

/**
 * What `read` finds in the ledger a run kept in `folder`, opened to read and closed after. No ledger there, or none
 * readable, is bad input (`keepOne`: a command line that keeps one); a writer holding it too long is worth a retry.
 */
export function readKeptLedger<T>(folder: string, keepOne: string, read: (ledger: Ledger) => T): T {
  const file = path.join(folder, LEDGER_FILE);
  let ledger: Ledger | undefined;
  try {
    ledger = Ledger.openToRead(folder);
  } catch (error) {
    if (isBusy(error)) throw lockedTooLong(file);
    throw new InvalidInputError(`${file} is not a readable ledger: ${(error as Error).message}`);
  }
  if (!ledger) {
    throw new InvalidInputError(
      `no ledger in ${folder} (no ${LEDGER_FILE}): run a scenario with --keep-ledger, e.g. ${keepOne}`,
    );
  }
  try {
    return read(ledger);
  } catch (error) {
    throw isBusy(error) ? lockedTooLong(ledger.file) : error;
  } finally {
    ledger.close();
  }
}
