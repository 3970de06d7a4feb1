// Folders the tests make in the temporary folder (os.tmpdir()). Each is named order-demo-test-<name>-XXXXXX, so that
// what a test leaves there is recognisable, and is removed however the test ends. At the end of a run,
// test/helpers/leftovers.ts fails the run if anything of the suite's is left there.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** How the tests' own temporary folders are named. */
export const TEST_FOLDER_PREFIX = 'order-demo-test-';

/** A new folder in the temporary folder, order-demo-test-<name>-XXXXXX; the caller removes it (see below). */
export function makeTemporaryFolder(name: string): string {
  return mkdtempSync(path.join(tmpdir(), `${TEST_FOLDER_PREFIX}${name}-`));
}

/** Removes a folder made by makeTemporaryFolder, with everything in it; nothing happens for undefined. */
export function removeTemporaryFolder(folder: string | undefined): void {
  if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
}

/**
 * A temporary folder for the tests of the calling suite: made before them (before each of them with `each`), and
 * removed after them however they end. Returns the current folder.
 */
export function useTemporaryFolder(name: string, options: { each?: boolean } = {}): () => string {
  let folder: string | undefined;
  const make = () => {
    folder = makeTemporaryFolder(name);
  };
  const remove = () => {
    removeTemporaryFolder(folder);
    folder = undefined;
  };
  if (options.each) {
    beforeEach(make);
    afterEach(remove);
  } else {
    before(make);
    after(remove);
  }
  return () => {
    if (folder === undefined) throw new Error(`no temporary folder "${name}" outside its suite's tests`);
    return folder;
  };
}

/** Runs `work` with a new temporary folder, removed afterwards whatever happens. */
export async function inTemporaryFolder<T>(
  name: string,
  work: (folder: string) => T | Promise<T>,
): Promise<T> {
  const folder = makeTemporaryFolder(name);
  try {
    return await work(folder);
  } finally {
    removeTemporaryFolder(folder);
  }
}
