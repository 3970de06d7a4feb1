// Without a toolchain, provisioning warns and lets the install go on; a scenario that then has no executable and no
// download exits 3 within seconds. Both say the same advice. Each runs in a copy of the project with no provisioned
// copy (.temporal) and a PATH that holds only node: no go, no java, no temporal. With the toolchain, a download that
// differs from what is pinned is refused, and nothing of it stays.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { Server, Socket } from 'node:net';
import { createServer } from 'node:net';
import { devNull, homedir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { isolatedEnv } from '../helpers/cli';
import { makeTemporaryFolder, removeTemporaryFolder } from '../helpers/temporary-folder';
import {
  NO_DEV_SERVER_ADVICE,
  NO_TEST_SERVER_ADVICE,
  packageRoot,
  TEST_SERVER,
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

/**
 * A copy of the provisioning in `project`, whose own package.json makes it the package root: what it provisions goes
 * into the copy's .temporal, never the checkout's.
 */
function copyProvisioning(project: string): void {
  for (const file of [
    path.join('scripts', 'provision-temporal.js'),
    path.join('src', 'processes', 'server-executables.js'),
    path.join('test', 'interop', 'requirements.txt'),
  ]) {
    cpSync(path.join(ROOT, file), path.join(project, file));
  }
  // The dependencies, as in an installed project (server-executables.js requires `which`).
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(project, 'node_modules'));
  writeFileSync(
    path.join(project, 'package.json'),
    JSON.stringify({ name: 'provision-test', private: true }),
  );
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
    project = makeTemporaryFolder('provision');
    copyProvisioning(project);
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

/**
 * A Python package index (PEP 503's simple API) on 127.0.0.1 that answers for every package of `requirements` with a
 * wheel of the pinned version whose content is not what PyPI published.
 */
function tamperedPythonIndex(requirements: string): Promise<{ url: string; server: Server }> {
  const normalized = (name: string) => name.toLowerCase().replace(/[-_.]+/g, '-');
  const versions = new Map(
    [...requirements.matchAll(/^([\w.-]+)==(\S+)/gm)].map(([, name, version]) => [normalized(name), version]),
  );
  const server = createHttpServer((request, response) => {
    const page = /^\/simple\/([^/]+)\/$/.exec(request.url ?? '');
    const version = page && versions.get(normalized(page[1]));
    if (page && version) {
      const wheel = `${normalized(page[1]).replace(/-/g, '_')}-${version}-py3-none-any.whl`;
      response.setHeader('Content-Type', 'text/html');
      response.end(`<!DOCTYPE html><html><body><a href="/files/${wheel}">${wheel}</a></body></html>`);
    } else if (request.url?.startsWith('/files/')) {
      response.end('not the package PyPI published');
    } else {
      response.statusCode = 404;
      response.end();
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({ url: `http://127.0.0.1:${port}`, server });
    }),
  );
}

/** What a refused download's error ends with. */
const AGAIN =
  'A download cut short or changed on the way: run the provisioning again; if it fails the same way, the registry ' +
  '(or a proxy or mirror in between) serves other files than those pinned.';

describe('provisioning refuses a download that differs from what is pinned', function () {
  // A Java start for Maven; a virtual environment for pip.
  this.timeout(120_000);
  let project: string;
  const script = path.join('scripts', 'provision-temporal.js');
  const provisioned = () => path.join(project, '.temporal');

  beforeEach(() => {
    project = makeTemporaryFolder('provision-pins');
    copyProvisioning(project);
  });

  afterEach(() => removeTemporaryFolder(project));

  it('refuses a test server jar whose sha256 differs from its pin (from a tampered Maven repository), and installs nothing', async () => {
    // Maven copies what its local repository holds as it is: a copy of it made of links, but for one changed jar.
    const repository = path.join(homedir(), '.m2', 'repository');
    const jarName = `${TEST_SERVER.artifactId}-${TEST_SERVER.version}.jar`;
    const jar = path.join('io', 'temporal', TEST_SERVER.artifactId, TEST_SERVER.version, jarName);
    expect(
      existsSync(path.join(repository, jar)),
      `${jar} is not in ${repository}: run \`npm run provision -- test-server\` first (it fetches it with Maven)`,
    ).to.equal(true);
    const tampered = path.join(project, 'm2');
    const linked = spawnSync('cp', ['-rs', repository, tampered], { encoding: 'utf8' });
    expect(linked.status, linked.stderr).to.equal(0);
    rmSync(path.join(tampered, jar));
    cpSync(path.join(repository, jar), path.join(tampered, jar));
    appendFileSync(path.join(tampered, jar), 'changed on the way');

    const env = isolatedEnv({
      MAVEN_OPTS: `${process.env.MAVEN_OPTS ?? ''} -Dmaven.repo.local=${tampered}`.trim(),
    });
    const result = await run([script, 'test-server'], project, env);
    expect(result.code, result.stdout + result.stderr).to.equal(1);
    const found = `sha256-${createHash('sha256')
      .update(readFileSync(path.join(tampered, jar)))
      .digest('base64')}`;
    const [error, ...rest] = stderrLines(result);
    expect(error).to.equal(
      '[provision] error: time-skipping test server io.temporal:temporal-test-server:1.31.0: the download does ' +
        'not match the checksums pinned in src/processes/server-executables.js, so it was removed and nothing was ' +
        `installed: ${jarName} has ${found}, not the pinned ${TEST_SERVER.jars[jarName]}. ${AGAIN}`,
    );
    expect(rest).to.deep.equal([]);
    // Neither the server nor its staging folder.
    expect(readdirSync(provisioned())).to.deep.equal([]);
  });

  it('refuses Python packages whose sha256 differs from the requirements’ (pip’s hash-checking mode), and keeps no environment', async () => {
    const requirements = readFileSync(path.join(project, 'test', 'interop', 'requirements.txt'), 'utf8');
    const index = await tamperedPythonIndex(requirements);
    try {
      const env = isolatedEnv({ PIP_INDEX_URL: `${index.url}/simple/`, PIP_CONFIG_FILE: devNull });
      for (const name of ['PIP_FIND_LINKS', 'PIP_EXTRA_INDEX_URL', 'PIP_NO_INDEX']) delete env[name];
      const result = await run([script, 'python-sdk'], project, env);
      expect(result.code, result.stdout + result.stderr).to.equal(1);
      const [error, ...rest] = stderrLines(result);
      expect(error).to.match(
        /^\[provision\] error: python sdk: the download does not match the checksums pinned in test\/interop\/requirements\.txt, so it was removed and nothing was installed: [\w.-]+==\S+ from http:\/\/127\.0\.0\.1:\d+\/files\/\S+\.whl has sha256:[0-9a-f]{64}, which is not pinned\. /,
      );
      expect(error.endsWith(AGAIN), error).to.equal(true);
      expect(rest).to.deep.equal([]);
      expect(readdirSync(provisioned())).to.deep.equal([]);
    } finally {
      index.server.close();
    }
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
