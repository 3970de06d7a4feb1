// --report names a place the page can be written, or the command refuses it before anything starts (exit 2, one
// line), run in-process.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { expectError } from '../helpers/cli';
import { runInProcess } from '../helpers/in-process';
import { makeTemporaryFolder, removeTemporaryFolder } from '../helpers/temporary-folder';

describe('--report refused before anything starts', () => {
  let folder: string;
  let file: string;

  before(() => {
    folder = makeTemporaryFolder('report-flag');
    file = path.join(folder, 'not-a-folder');
    writeFileSync(file, '');
  });

  after(() => {
    removeTemporaryFolder(folder);
  });

  it('refuses a page inside a file, for a scenario, `run`, `start` and `all`', async () => {
    for (const command of ['happy-path', 'run', 'start', 'all']) {
      const target = path.join(file, command === 'all' ? 'reports' : 'report.html');
      const result = await runInProcess([command, '--report', target]);
      expectError(
        result,
        2,
        /^Error: --report: cannot write a report into .*not-a-folder.* \((EEXIST|ENOTDIR): /,
      );
      expect(result.stdout, command).to.equal('');
    }
  });

  it('refuses a folder that cannot be made where its parent exists (Node would loop for ever under /proc)', async () => {
    const result = await runInProcess(['happy-path', '--report', '/proc/no-such-folder/report.html']);
    expectError(result, 2, /^Error: --report: cannot write a report into \/proc\/no-such-folder \(ENOENT: /);
  });

  it('refuses a folder where the page of one run should go', async () => {
    const result = await runInProcess(['checkpoint', '--report', folder]);
    expectError(result, 2, /^Error: --report: .* is a folder: name the HTML file to write$/);
  });
});
