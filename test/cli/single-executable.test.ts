// The single executable as a person downloads it: `npm run package` makes it (here, so that it never rots), and it
// runs copied alone into an empty folder, with an environment that holds nothing but HOME and a PATH without node,
// npm or Go — its children (workers, an approver) are the executable itself. Its cache: a second run uses it, a
// damaged one is unpacked again. What it does not carry is refused before anything starts.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, statSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { CliResult } from '../helpers/cli';
import { expectError, parseJsonOutput, runCli } from '../helpers/cli';
import { PACKAGE_TIMEOUT_MS, packagedExecutable, RELEASE } from '../helpers/executable';
import { caseNamed, junitSuiteOfFile } from '../helpers/junit';
import { useTemporaryFolder } from '../helpers/temporary-folder';

describe('the single executable', function () {
  this.timeout(5 * 60_000);
  const place = useTemporaryFolder('executable');
  let program: string;
  const home = () => path.join(place(), 'home');
  const cache = () => path.join(home(), '.cache', 'order-demo');
  /** Nothing but a HOME and a PATH that holds no program at all. */
  const bareEnv = () => ({ HOME: home(), PATH: path.join(place(), 'empty-bin'), NO_COLOR: '1' });
  const run = (args: string[]): Promise<CliResult> => runCli(args, bareEnv(), undefined, [program]);

  before(function () {
    this.timeout(PACKAGE_TIMEOUT_MS);
    const executable = packagedExecutable();
    program = path.join(place(), 'download', 'order-demo-linux-x64');
    mkdirSync(path.dirname(program));
    mkdirSync(path.join(place(), 'empty-bin'));
    copyFileSync(executable, program);
    const sums = spawnSync('sha256sum', ['--check', 'SHA256SUMS'], {
      cwd: RELEASE,
      encoding: 'utf8',
    });
    expect(sums.status, sums.stdout + sums.stderr).to.equal(0);
  });

  it('names its versions on the first run, unpacking into a private cache', async () => {
    const result = await run(['--version']);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.match(/^order-demo \d+\.\d+\.\d+ \(single executable\)$/m);
    expect(result.stdout).to.match(/^Temporal TypeScript SDK 1\.24\.\d+$/m);
    expect(result.stdout).to.match(/^Temporal CLI v1\.5\.1 \(Server 1\.29\.1, UI [\d.]+\) \(carried copy: /m);
    expect(result.stdout).to.match(/^Node\.js v20\.20\.2 on linux-x64$/m);
    expect(statSync(cache()).mode & 0o777).to.equal(0o700);
    expect(readdirSync(cache())).to.have.length(1);
  });

  it('runs happy-path on its own dev server with a JUnit report, and again from the cache', async () => {
    const [version] = readdirSync(cache());
    const stamp = statSync(path.join(cache(), version, 'order-demo.js'));
    const junit = path.join(place(), 'happy-path.xml');
    const result = await run(['happy-path', '--speed', '20', '--json', '--junit', junit]);
    const report = parseJsonOutput<{ passed: boolean; server: { kind: string } }>(result);
    expect(report.passed, result.stdout).to.equal(true);
    expect(report.server.kind).to.equal('dev-server');
    expect(result.code).to.equal(0);
    const suite = await junitSuiteOfFile(junit);
    expect(caseNamed(suite, 'happy-path').failure).to.equal(undefined);
    expect(statSync(path.join(cache(), version, 'order-demo.js')).ino, 'not unpacked again').to.equal(
      stamp.ino,
    );
  });

  it('runs worker-crash, whose killed worker is a child process of the executable itself', async () => {
    const result = await run(['worker-crash', '--speed', '20', '--json']);
    expect(parseJsonOutput<{ passed: boolean }>(result).passed, result.stdout).to.equal(true);
    expect(result.code).to.equal(0);
  });

  it('runs a small chaos: worker processes killed, the server restarted, the audit passed', async () => {
    const result = await run([
      'chaos',
      '--orders',
      '8',
      '--kill-activity-workers',
      '2',
      '--kill-workflow-workers',
      '1',
      '--server-restarts',
      '1',
      '--seed',
      '3',
      '--json',
    ]);
    const report = parseJsonOutput<{ passed: boolean; leftoverProcesses: number }>(result);
    expect(report.passed, result.stdout).to.equal(true);
    expect(report.leftoverProcesses).to.equal(0);
    expect(result.code).to.equal(0);
  });

  it('unpacks again a cache whose file was truncated, and runs', async () => {
    const [version] = readdirSync(cache());
    const bundle = path.join(cache(), version, 'order-demo.js');
    const size = statSync(bundle).size;
    truncateSync(bundle, 100);
    const result = await run(['--version']);
    expect(result.code, result.stderr).to.equal(0);
    expect(statSync(bundle).size).to.equal(size);
  });

  it('refuses --server cluster (exit 3), naming what it does not carry, before anything starts', async () => {
    const result = await run(['happy-path', '--server', 'cluster']);
    expectError(result, 3, /does not carry Temporal Server .*PostgreSQL.*--address/);
  });

  it('refuses --server time-skipping without Java (exit 3), saying so', async () => {
    const result = await run(['happy-path', '--server', 'time-skipping']);
    expectError(result, 3, /runs on Java, which is not installed here/);
  });
});
