import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ledger } from '../../src/services/ledger';

/** A ledger in a temporary folder for each test of the calling suite, closed and removed after it. */
export function withTemporaryLedger(): { current: () => Ledger; folder: () => string } {
  let folder: string;
  let ledger: Ledger;
  beforeEach(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'order-demo-test-ledger-'));
    ledger = Ledger.open(folder);
  });
  afterEach(() => {
    ledger.close();
    rmSync(folder, { recursive: true, force: true });
  });
  return { current: () => ledger, folder: () => folder };
}
