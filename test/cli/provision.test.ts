// Without a toolchain, provisioning warns and lets the install go on; a scenario that then has no executable and no
// download exits 3 within seconds. Both say the same advice. Each runs in a copy of the project with no provisioned
// copy (.temporal) and a PATH that holds only node: no go, no java, no temporal.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import type { Server, Socket } from 'node:net';
import { createServer } from 'node:net';
import path from 'node:path';
import { expect } from 'chai';
import { isolatedEnv } from '../helpers/cli';
import { makeTemporaryFolder, removeTemporaryFolder } from '../helpers/temporary-folder';
import {
  NO_DEV_SERVER_ADVICE,
  NO_TEST_SERVER_ADVICE,
  packageRoot,
} from '../../src/processes/server-executables';

const ROOT = packageRoot();
/** A child still running after this is killed, so that a failing test leaves nothing behind. */
const KILL_AFTER_MS = 30_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const killer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** The lines a run wrote to stderr. */
function stderrLines(result: Run): string[] {
  return result.stderr.split('\n').filter((line) => line.length > 0);
}

/** A folder in `project` for PATH that holds only node, and an empty temp folder (see bareEnv). */
function prepareBareMachine(project: string): void {
  mkdirSync(path.join(project, 'node-only'));
  symlinkSync(process.execPath, path.join(project, 'node-only', 'node'));
  mkdirSync(path.join(project, 'tmp'));
}

/**
 * A brand-new machine without Go, Java or Temporal: PATH holds only node; no proxy but the given one; and an empty
 * temp folder, where the SDK finds no download cached by an earlier run.
 */
function bareEnv(project: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = isolatedEnv({
    PATH: path.join(project, 'node-only'),
    TMPDIR: path.join(project, 'tmp'),
    ...extra,
  });
  const unwanted = ['HTTPS_PROXY', 'https_proxy', 'ALL_PROXY', 'all_proxy', 'NO_PROXY', 'no_proxy'];
  for (const name of [...unwanted, 'ORDER_DEMO_SKIP_PROVISION']) if (!(name in extra)) delete env[name];
  return env;
}

describe('provisioning without a toolchain', () => {
  let project: string;
  const script = path.join('scripts', 'provision-temporal.js');

  before(() => {
    // Its own package.json makes the copy its package root: the provisioned copy would be its own .temporal.
    project = makeTemporaryFolder('provision');
    cpSync(path.join(ROOT, script), path.join(project, script));
    const executables = path.join('src', 'processes', 'server-executables.js');
    cpSync(path.join(ROOT, executables), path.join(project, executables));
    // The dependencies, as in an installed project (server-executables.js requires `which`).
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(project, 'node_modules'));
    writeFileSync(
      path.join(project, 'package.json'),
      JSON.stringify({ name: 'provision-test', private: true }),
    );
    prepareBareMachine(project);
  });

  after(() => removeTemporaryFolder(project));

  it('warns in one line per server, with the advice, provisions nothing, and exits 0', async () => {
    const result = await run([script], project, bareEnv(project));
    expect(result.code, result.stderr).to.equal(0);
    const [devServer, testServer, ...rest] = stderrLines(result);
    expect(devServer).to.match(/^\[provision\] warning: dev-server not provisioned: Go is not installed\b/);
    expect(devServer.endsWith(NO_DEV_SERVER_ADVICE), devServer).to.equal(true);
    expect(testServer).to.match(
      /^\[provision\] warning: test-server not provisioned: java is not installed\b/,
    );
    expect(testServer.endsWith(NO_TEST_SERVER_ADVICE), testServer).to.equal(true);
    expect(rest).to.deep.equal([]);
    expect(existsSync(path.join(project, '.temporal'))).to.equal(false);
  });

  it('warns about a TEMPORAL_CLI_PATH that names nothing, and exits 0', async () => {
    const missing = path.join(project, 'no-such-temporal');
    const result = await run([script], project, bareEnv(project, { TEMPORAL_CLI_PATH: missing }));
    expect(result.code, result.stderr).to.equal(0);
    expect(stderrLines(result)[0]).to.equal(
      `[provision] warning: dev-server not provisioned: TEMPORAL_CLI_PATH names ${missing}, which does not ` +
        'exist; the commands refuse it too: fix it, or unset it and run `npm run provision`.',
    );
  });

  it('fails for a named target, which the tests need (npm test)', async () => {
    const result = await run([script, 'dev-server'], project, bareEnv(project));
    expect(result.code).to.equal(1);
    const [error, ...rest] = stderrLines(result);
    expect(error).to.match(/^\[provision\] error: Go is not installed\b/);
    expect(error.endsWith(NO_DEV_SERVER_ADVICE), error).to.equal(true);
    expect(rest).to.deep.equal([]);
  });
});

describe('a scenario with no server executable and no download', () => {
  let project: string;
  const proxies: Server[] = [];
  const connections: Socket[] = [];

  /** A local HTTP proxy that treats every connection with `handle`. */
  function proxy(handle: (connection: Socket) => void): Promise<string> {
    const server = createServer((connection) => {
      connections.push(connection);
      handle(connection);
    });
    proxies.push(server);
    return new Promise((resolve) =>
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        resolve(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
      }),
    );
  }

  /** A proxy that lets the SDK's download start, then fails it: it allows the tunnel and hangs up. */
  const hangingUpProxy = () =>
    proxy((connection) =>
      connection.once('data', () => connection.end('HTTP/1.1 200 Connection established\r\n\r\n')),
    );

  before(() => {
    // Enough of the built CLI to get as far as starting the server, with its own package root (no .temporal).
    project = makeTemporaryFolder('no-server');
    cpSync(path.join(ROOT, 'bin', 'run.js'), path.join(project, 'bin', 'run.js'));
    cpSync(path.join(ROOT, 'package.json'), path.join(project, 'package.json'));
    cpSync(path.join(ROOT, 'dist', 'src'), path.join(project, 'dist', 'src'), { recursive: true });
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(project, 'node_modules'));
    prepareBareMachine(project);
  });

  after(() => {
    for (const connection of connections) connection.destroy();
    for (const server of proxies) server.close();
    removeTemporaryFolder(project);
  });

  async function scenario(args: string[], httpsProxy: string): Promise<Run> {
    const env = bareEnv(project, { HTTPS_PROXY: httpsProxy });
    return run([path.join('bin', 'run.js'), 'happy-path', '--speed', '10', ...args], project, env);
  }

  function expectNoServer(result: Run, kind: string, advice: string, reason: RegExp) {
    expect(result.code, result.stderr).to.equal(3);
    expect(result.ms).to.be.below(15_000);
    const lines = stderrLines(result);
    expect(lines, result.stderr).to.have.length(1);
    const start = `Error: could not start the embedded ${kind}: no executable was found`;
    expect(lines[0].startsWith(start), lines[0]).to.equal(true);
    expect(lines[0]).to.match(reason);
    expect(lines[0].endsWith(advice), lines[0]).to.equal(true);
  }

  it('exits 3 with the advice when the download fails', async () => {
    const result = await scenario([], await hangingUpProxy());
    expectNoServer(
      result,
      'dev-server',
      NO_DEV_SERVER_ADVICE,
      /failed to download ephemeral server executable/,
    );
  });

  it('exits 3 within seconds when the download would hang (a proxy that never answers)', async () => {
    const result = await scenario([], await proxy(() => undefined));
    expectNoServer(
      result,
      'dev-server',
      NO_DEV_SERVER_ADVICE,
      /through the proxy .* did not answer within 5s/,
    );
  });

  it('gives the test server’s advice for --server time-skipping', async () => {
    const result = await scenario(['--server', 'time-skipping'], await hangingUpProxy());
    expectNoServer(result, 'time-skipping', NO_TEST_SERVER_ADVICE, /failed to download ephemeral server/);
  });
});
