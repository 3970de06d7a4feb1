import { Ledger } from '../../src/services/ledger';
import { makeTemporaryFolder, removeTemporaryFolder } from './temporary-folder';

/** A ledger in a temporary folder for each test of the calling suite, closed and removed after it, however it ends. */
export function withTemporaryLedger(): { current: () => Ledger; folder: () => string } {
  let folder: string;
  let ledger: Ledger | undefined;
  beforeEach(() => {
    folder = makeTemporaryFolder('ledger');
    ledger = Ledger.open(folder);
  });
  afterEach(() => {
    try {
      ledger?.close();
    } finally {
      ledger = undefined;
      removeTemporaryFolder(folder);
    }
  });
  return { current: () => ledger as Ledger, folder: () => folder };
}
