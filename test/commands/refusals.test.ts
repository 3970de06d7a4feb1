// A value that cannot work is refused before anything starts: exit 2, one line saying what is wrong and what would
// work, no server started (nothing narrated), nothing written. Run in-process: each case is refused at once.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { postgresRunsAs } from '../../src/processes/cluster/postgres-process';
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

  it('what needs the cluster this CLI starts, on another server', async () => {
    await refused(
      ['history-failover'],
      /history-failover cannot run on the dev-server server: it kills a history host of the cluster .*Use --server cluster/,
    );
    await refused(
      ['history-failover', '--address', '127.0.0.1:1'],
      /history-failover cannot run on 127\.0\.0\.1:1: it kills a history host/,
    );
    await refused(
      ['region-failover', '--server', 'cluster'],
      /region-failover cannot run on the cluster server: it fails the namespace over between the two regions .*Use --server regions/,
    );
    await refused(
      ['chaos', '--region-failovers', '1'],
      /--region-failovers 1: failovers between the two regions this command starts, which needs --server regions/,
    );
    await refused(
      ['chaos', '--kill-history-hosts', '1', '--database-restarts', '1'],
      /--kill-history-hosts, --database-restarts: faults of the cluster this command starts, which needs --server cluster/,
    );
    await refused(['cluster', '--no-ui', '--ui-port', '9000'], /--ui-port: the Web UI is off \(--no-ui\)/);
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

  it('a folder for the histories of every run that cannot be written: a scenario, all, chaos', async () => {
    for (const run of ['happy-path', 'all', 'chaos']) {
      await refused(
        [run, '--keep-histories', '/proc/no-such-folder'],
        /--keep-histories: cannot write histories into \/proc\/no-such-folder/,
      );
    }
  });

  it('a JUnit report that cannot be written, or names a folder: a scenario, chaos, all', async () => {
    for (const run of ['happy-path', 'chaos', 'all']) {
      await refused(
        [run, '--junit', '/proc/no-such-folder/report.xml'],
        /--junit: cannot write a report into \/proc\/no-such-folder/,
      );
    }
    await refused(['expire', '--junit', folder], /--junit: .* is a folder: name the XML file to write$/);
  });

  // Both folders exist and pass a permission check (access(W_OK)), even for root, yet refuse every new file.
  it('a folder that exists and passes a permission check but refuses new files: /proc, /sys', async () => {
    await refused(
      ['happy-path', '--report', '/proc/report.html'],
      /--report: cannot write a report into \/proc \(ENOENT: /,
    );
    await refused(
      ['happy-path', '--keep-histories', '/sys'],
      /--keep-histories: cannot write histories into \/sys \((EACCES|EROFS): /,
    );
  });

  it('histories to replay that are not there', async () => {
    await refused(
      ['replay-check', path.join(folder, 'no-such-folder')],
      /no-such-folder does not exist: name a folder of histories or a history file/,
    );
    const empty = path.join(folder, 'empty');
    mkdirSync(empty);
    await refused(['replay-check', empty], /no histories in .*empty \(no .json files\)/);
  });

  it('a file to replay that is no history', async () => {
    await refused(['replay-check', textFile], /notes.txt is not a JSON history/);
    const report = path.join(folder, 'report.json');
    writeFileSync(report, '{"passed": true}');
    await refused(['replay-check', report], /report.json holds no event history \(no "events"\)/);
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

  it('bench settings whose measured orders could make no rate: too few, or fewer than in flight after a warm-up', async () => {
    await refused(['bench', '--orders', '10'], /--orders: .*greater than or equal to 20/);
    await refused(
      ['bench', '--orders', '100'],
      /--orders 100 is fewer than --concurrency 400: after the warm-up the measured orders would all be in flight at once .* give --orders 400 or more, --concurrency 100 or less, or --warmup 0$/,
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

  it('an API key over a connection without TLS, unless told so in plain words', async () => {
    await refused(
      ['approve', 'some-id', '--address', 'temporal.example.com:7233', '--api-key', 'k', '--no-tls'],
      /the API key \(--api-key\) would travel in clear to temporal.example.com:7233: --no-tls turns TLS off/,
    );
  });

  describe('a cluster --data folder where another user could redirect what the cluster writes', () => {
    const asRoot = process.getuid?.() === 0;
    let data: string;

    beforeEach(() => {
      data = path.join(temporary(), 'cluster');
      mkdirSync(data);
      // The user PostgreSQL runs as (as root) must pass through the test's folder.
      chmodSync(temporary(), 0o711);
    });
    afterEach(() => rmSync(data, { recursive: true, force: true }));

    it('a symbolic link in it, for the database or a configuration file: refused, and nothing changed where it points', async () => {
      const elsewhere = path.join(temporary(), 'elsewhere');
      mkdirSync(elsewhere, { mode: 0o700 });
      symlinkSync(elsewhere, path.join(data, 'postgresql'));
      await refused(
        ['cluster', '--data', data],
        /^Error: --data: \S+cluster\/postgresql is a symbolic link\. A folder of your own/,
      );
      expect(statSync(elsewhere)).to.deep.include({ uid: process.getuid?.(), mode: 0o40700 });
      rmSync(path.join(data, 'postgresql'));

      const precious = path.join(temporary(), 'precious.txt');
      writeFileSync(precious, 'not the cluster’s');
      mkdirSync(path.join(data, 'config'));
      symlinkSync(precious, path.join(data, 'config', 'dynamicconfig.yaml'));
      await refused(['cluster', '--data', data], /config\/dynamicconfig.yaml is a symbolic link/);
      expect(readFileSync(precious, 'utf8')).to.equal('not the cluster’s');
    });

    it('a folder of another user’s, or one others may write in', async function () {
      if (!asRoot) this.skip();
      chownSync(data, 65534, 65534);
      await refused(['cluster', '--data', data], /--data: \S+cluster belongs to another user \(uid 65534\)/);
      chownSync(data, 0, 0);
      chmodSync(data, 0o777);
      await refused(['cluster', '--data', data], /other users may write in .*cluster.*chmod go-w/);
    });

    it('a folder the user PostgreSQL runs as cannot reach: the advice names a place of your own, no world-writable one', async function () {
      if (!asRoot) this.skip();
      const closed = path.join(temporary(), 'closed');
      mkdirSync(closed, { mode: 0o700 });
      const result = await runInProcess(['cluster', '--data', path.join(closed, 'cluster')]);
      expectError(
        result,
        2,
        /who cannot pass through .*closed\. A folder of your own that nobody else may write in/,
      );
      const example = /e\.g\. (\S+)/.exec(result.stderr)?.[1] ?? '';
      expect(example, result.stderr).to.equal('/srv/order-demo-cluster');
    });

    it('a database made without a password (by an earlier version): refused, saying to remove it', async () => {
      const database = path.join(data, 'postgresql');
      mkdirSync(database, { mode: 0o700 });
      writeFileSync(path.join(database, 'PG_VERSION'), '15\n');
      const runsAs = postgresRunsAs();
      if (runsAs) {
        const [uid, gid] = ['-u', '-g'].map((option) =>
          Number(execFileSync('id', [option, runsAs], { encoding: 'utf8' })),
        );
        chownSync(database, uid, gid);
      }
      await refused(
        ['cluster', '--data', data],
        /postgresql holds a database that lets every user of this machine in as its superuser, without a password .*remove that folder to start afresh/,
      );
    });
  });
});
