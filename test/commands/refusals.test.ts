// A value that cannot work is refused before anything starts: exit 2, one line saying what is wrong and what would
// work, no server started (nothing narrated), nothing written. Run in-process: each case is refused at once.
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { expectError } from '../helpers/cli';
import { runInProcess } from '../helpers/in-process';
import { useTemporaryFolder } from '../helpers/temporary-folder';

describe('refused before anything starts', () => {
  const temporary = useTemporaryFolder('refusals');
  let folder: string;
  let textFile: string;

  before(() => {
    folder = temporary();
    textFile = path.join(folder, 'notes.txt');
    writeFileSync(textFile, 'not a database, just text that is long enough to have a header');
  });

  async function refused(args: string[], message: RegExp): Promise<void> {
    const result = await runInProcess(args);
    expectError(result, 2, message);
    expect(result.stdout, args.join(' ')).to.equal('');
  }

  it('an empty namespace, given or from the environment', async () => {
    await refused(
      ['server', '--namespace', ''],
      /--namespace names an empty namespace: give one, e.g. default/,
    );
    await refused(['happy-path', '--namespace', ' '], /--namespace names an empty namespace/);
  });

  it('an address to listen on that is not an IP address (server, codec-server)', async () => {
    await refused(
      ['server', '--ip', 'abc'],
      /--ip: "abc" is not an IP address: give one to listen on, e.g. 127.0.0.1/,
    );
    await refused(['codec-server', '--ip', '999.1.1.1'], /--ip: "999.1.1.1" is not an IP address/);
  });

  it('Web UI flags that contradict each other', async () => {
    await refused(['server', '--ui-port', '7233'], /--ui-port 7233 is the gRPC port too \(--port\)/);
    await refused(['server', '--no-ui', '--ui-port', '9000'], /--ui-port: the Web UI is off \(--no-ui\)/);
    await refused(
      ['server', '--no-ui', '--encrypt'],
      /--encrypt runs a codec server for the Web UI, which --no-ui/,
    );
  });

  it('a server state file that cannot be one: a folder, a file of something else, an unwritable place', async () => {
    await refused(['server', '--db-filename', folder], /--db-filename: .* is a folder: name the SQLite file/);
    await refused(
      ['server', '--db-filename', textFile],
      /--db-filename: .*notes.txt is not a SQLite database/,
    );
    await refused(
      ['server', '--db-filename', '/proc/no-such-folder/state.sqlite'],
      /--db-filename: cannot write a server’s state into \/proc\/no-such-folder/,
    );
  });

  it('a folder for histories that cannot be written, before a whole run of all', async () => {
    await refused(
      ['all', '--save-histories', '/proc/no-such-folder'],
      /--save-histories: cannot write histories into \/proc\/no-such-folder/,
    );
  });

  it('more items than one packing attempt can pack before its timeout', async () => {
    await refused(['checkpoint', '--items', '40'], /--items.*less than or equal to 32/);
    await refused(['bench', '--pack', '40'], /--pack.*less than or equal to 32/);
  });

  it('a kept ledger folder whose ledger file is something else', async () => {
    writeFileSync(path.join(folder, 'ledger.sqlite'), 'text, not a ledger, long enough to have a header');
    await refused(
      ['happy-path', '--keep-ledger', folder],
      /cannot keep a ledger in .* \(file is not a database\)/,
    );
    rmSync(path.join(folder, 'ledger.sqlite'));
  });

  it('an order or workflow ID with a control character (a terminal would act on it)', async () => {
    await refused(
      ['run', '--order-id', 'order-\u001b[31m1'],
      /--order-id: the order ID holds a control character/,
    );
    await refused(['approve', 'wf\nrm -rf ~'], /the workflow ID holds a control character/);
    await refused(['cancel', 'wf\u001b[2J'], /the workflow ID holds a control character/);
  });

  it('a Web UI address that is not http or https', async () => {
    await refused(
      ['happy-path', '--address', '127.0.0.1:7233', '--ui-url', 'javascript:alert(1)'],
      /--ui-url: "javascript:alert\(1\)" is not an http or https URL/,
    );
    await refused(
      ['codec-server', '--origin', 'file:///etc'],
      /--origin: "file:\/\/\/etc" is not an http or https URL/,
    );
  });

  it('chaos and bench on a server that skips time', async () => {
    await refused(
      ['chaos', '--server', 'time-skipping'],
      /^Error: chaos cannot run on the time-skipping server: .+/,
    );
    await refused(
      ['bench', '--server', 'time-skipping'],
      /^Error: bench cannot run on the time-skipping server: .+/,
    );
  });
});
