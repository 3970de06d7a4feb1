import { rm } from 'node:fs/promises';
import { InvalidInputError } from '../domain/errors';
import type { Teardown } from '../processes/teardown';
import { scratchFolder } from '../processes/watchdog';
import { Ledger } from '../services/ledger';

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
