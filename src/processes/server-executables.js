// @ts-check
// Where the embedded servers' executables come from. Plain CommonJS on purpose: `npm install` runs the
// provisioning script (scripts/provision-temporal.js) before the TypeScript build exists, and both the
// script and the compiled runtime must agree on these locations and on the search order.
'use strict';

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
  if (fs.existsSync(provisioned)) return checkNamed(provisioned, 'provisioned copy');
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
  if (fs.existsSync(provisioned)) return checkNamed(provisioned, 'provisioned copy');
  return undefined;
}

module.exports = {
  DEV_SERVER,
  TEST_SERVER,
  NO_DEV_SERVER_ADVICE,
  NO_TEST_SERVER_ADVICE,
  packageRoot,
  provisionedDir,
  provisionedDevServerPath,
  provisionedTestServerPath,
  provisionedPythonSdk,
  findDevServer,
  findTestServer,
};
