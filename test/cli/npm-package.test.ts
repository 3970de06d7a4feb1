// The npm package as a user installs it: `npm pack`, then `npm install -g` of the tarball into a prefix of its own, on
// a machine without Go, so that the postinstall provisioning cannot build the dev server (a build of minutes) and
// says so. The installed order-demo then runs `all` against an external dev server, and a scenario on the embedded
// dev server of TEMPORAL_CLI_PATH. It prints the tarball's size and how long the install took.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import which from 'which';
import { isolatedEnv, parseJsonOutput, runCli, useServerProcess } from '../helpers/cli';
import { makeTemporaryFolder, removeTemporaryFolder } from '../helpers/temporary-folder';
import {
  findTestServer,
  packageRoot,
  provisionedDevServerPath,
} from '../../src/processes/server-executables';

const ROOT = packageRoot();
/** The install builds better-sqlite3 from source: a minute or two on 2 cores, more when they are busy. */
const INSTALL_TIMEOUT_MS = 12 * 60_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** What `npm pack --json` prints: one entry per package. */
type PackReport = { filename: string; size: number; unpackedSize: number; entryCount: number }[];

/**
 * Runs a command in a process group of its own; past `timeoutMs` the whole group is killed (npm's compilers with
 * it), so that a hung install leaves nothing running.
 */
function run(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const killer = setTimeout(() => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Gone meanwhile.
      }
    }, options.timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** PATH without its folders that hold Go: node, npm and the compilers stay. */
function pathWithoutGo(): string {
  const folders = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  const withoutGo = folders
    .filter((folder) => which.sync('go', { path: folder, nothrow: true }) === null)
    .join(path.delimiter);
  for (const command of ['node', 'npm']) {
    if (which.sync(command, { path: withoutGo, nothrow: true }) === null) {
      throw new Error(`${command} lies beside go on this machine: Go cannot be left off PATH`);
    }
  }
  return withoutGo;
}

/** "2.3 MB" */
function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

describe('the npm package, installed from its tarball', function () {
  this.timeout(INSTALL_TIMEOUT_MS);
  const packageJson = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    name: string;
    allowScripts: Record<string, boolean>;
  };
  let folder: string | undefined;
  let prefix: string;
  let installed: string;
  let installOutput: string;
  let tarball: string;
  /** The machine of this test: no Go on PATH. */
  let env: NodeJS.ProcessEnv;
  const installedCli = () => [path.join(prefix, 'bin', 'order-demo')];

  before(async () => {
    folder = makeTemporaryFolder('npm-package');
    prefix = path.join(folder, 'prefix');
    installed = path.join(prefix, 'lib', 'node_modules', packageJson.name);
    // The tarball of this build: `prepare` would build dist/ again, under the running tests.
    const pack = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', folder], {
      cwd: ROOT,
      env: process.env,
      timeoutMs: 60_000,
    });
    expect(pack.code, pack.stderr).to.equal(0);
    const [packed] = JSON.parse(pack.stdout) as PackReport;
    tarball = packed.filename;

    // The provisioning finds the time-skipping server there, rather than fetching it with Maven during the install.
    const testServer = findTestServer();
    if (!testServer || 'problem' in testServer) {
      throw new Error('no time-skipping test server in this checkout: run `npm run provision` first');
    }
    env = isolatedEnv({ PATH: pathWithoutGo() });
    delete env.ORDER_DEMO_SKIP_PROVISION;
    // The packages whose install scripts run (npm 12 runs only those named): the tarball, named by its path as npm
    // matches a file's identity, and the dependencies the checkout allows.
    const tgz = path.join(folder, tarball);
    const allowScripts = [tgz, ...Object.keys(packageJson.allowScripts)].join(',');
    const install = await run(
      'npm',
      [
        'install',
        '--global',
        '--prefix',
        prefix,
        // The postinstall's lines in the output, rather than hidden by npm.
        '--foreground-scripts',
        `--allow-scripts=${allowScripts}`,
        tgz,
      ],
      {
        cwd: folder,
        env: { ...env, TEMPORAL_TEST_SERVER_PATH: testServer.path },
        timeoutMs: INSTALL_TIMEOUT_MS - 60_000,
      },
    );
    installOutput = install.stdout + install.stderr;
    expect(install.code, installOutput).to.equal(0);
    process.stdout.write(
      `      ${tarball}: ${megabytes(packed.size)} packed, ${megabytes(packed.unpackedSize)} unpacked, ` +
        `${packed.entryCount} files; npm install -g took ${(install.ms / 1000).toFixed(0)} s\n`,
    );
  });

  after(() => removeTemporaryFolder(folder));

  it('installs without a build and without Go: provisioning warns it cannot build the dev server, exit 0', async () => {
    expect(installOutput).to.match(
      /^\[provision\] warning: dev-server not provisioned: Go is not installed\b/m,
    );
    // No build (`prepare`), and nothing that could compile TypeScript: devDependencies are not installed.
    expect(installOutput).not.to.match(/^> \S+ (prepare|build)$/m);
    expect(existsSync(path.join(installed, 'node_modules', 'typescript'))).to.equal(false);
    expect(installOutput).not.to.match(/install scripts not yet covered/);
    // The provisioning writes under the installed package's own .temporal/: here nothing (no Go, the test server given).
    const executables = path.join(installed, 'src', 'processes', 'server-executables.js');
    const provisionedDir = await run(
      process.execPath,
      ['-p', `require(${JSON.stringify(executables)}).provisionedDir()`],
      { cwd: installed, env, timeoutMs: 30_000 },
    );
    expect(provisionedDir.stdout.trim(), provisionedDir.stderr).to.equal(path.join(installed, '.temporal'));
    expect(existsSync(path.join(installed, '.temporal'))).to.equal(false);
    // Nothing beside the package: in the prefix only npm's link and folder, where the install ran only the tarball.
    expect(readdirSync(prefix).sort()).to.deep.equal(['bin', 'lib']);
    expect(readdirSync(path.join(prefix, 'bin'))).to.deep.equal(['order-demo']);
    expect(readdirSync(path.dirname(prefix)).sort()).to.deep.equal([tarball, 'prefix']);
  });

  describe('against an external dev server', () => {
    const serverAddress = useServerProcess();

    it('all --address: every scenario it can run there passes, exit 0', async () => {
      const address = serverAddress();
      const result = await runCli(
        ['all', '--address', address, '--speed', '20', '--json'],
        env,
        undefined,
        installedCli(),
      );
      const report = parseJsonOutput<{ server: { kind: string }; counts: { failed: number } }>(result);
      expect(result.code, result.stderr).to.equal(0);
      expect(report.server.kind).to.equal('external');
      expect(report.counts.failed).to.equal(0);
    });
  });

  it('happy-path on the embedded dev server of TEMPORAL_CLI_PATH, exit 0', async () => {
    const result = await runCli(
      ['happy-path', '--speed', '20'],
      { ...env, TEMPORAL_CLI_PATH: provisionedDevServerPath() },
      undefined,
      installedCli(),
    );
    expect(result.code, result.stdout + result.stderr).to.equal(0);
    expect(result.stdout).to.match(/^PASS happy-path: /m);
  });
});
