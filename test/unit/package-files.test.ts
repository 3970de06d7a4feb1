// The npm package ships exactly what runs (package.json "files"): every file its entry points load, followed through
// their requires by esbuild's bundler (nothing is written), and every file read at run time rather than required;
// nothing else — no tests, no TypeScript, no source maps, no development or build scripts. The tarball's list is
// what `npm pack` would pack from this build.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { build, stop } from 'esbuild';
import { packageRoot, provisionedClusterPaths } from '../../src/processes/server-executables';
import { WORKFLOW_VARIANTS } from '../../src/workflows/variants';

interface PackageJson {
  name: string;
  main: string;
  bin: Record<string, string>;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  oclif: { hooks: Record<string, string | string[]> };
}

interface OclifManifest {
  commands: Record<string, { relativePath: string[] }>;
}

/** What `npm pack --dry-run --json` prints: one entry per package. */
type PackReport = { files: { path: string }[] }[];

const root = packageRoot();

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(path.join(root, file), 'utf8')) as T;
}

/** The files of the tarball, as npm would pack them now. */
async function packedFiles(): Promise<string[]> {
  // Without --ignore-scripts, `prepare` would rebuild dist/ under the running tests.
  const { stdout } = await promisify(execFile)('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: root,
  });
  const [report] = JSON.parse(stdout) as PackReport;
  return report.files.map((file) => file.path);
}

/**
 * Where the package's code starts: its bin and main, the postinstall script, and every command and hook oclif
 * loads. Child processes start from the same places: bin/run.js (child workers, the approver) and the provisioning
 * script (the cluster's first run).
 */
function entryPoints(packageJson: PackageJson): string[] {
  const postinstall = /^node (\S+)/.exec(packageJson.scripts.postinstall)?.[1];
  if (!postinstall) throw new Error(`postinstall is not "node <script>": ${packageJson.scripts.postinstall}`);
  const manifest = readJson<OclifManifest>('oclif.manifest.json');
  const commands = Object.values(manifest.commands).map((command) => path.join(...command.relativePath));
  const hooks = Object.values(packageJson.oclif.hooks)
    .flat()
    .map((hook) => path.relative(root, require.resolve(path.join(root, hook))));
  return [...Object.values(packageJson.bin), packageJson.main, postinstall, ...commands, ...hooks].map(
    (file) => path.normalize(file),
  );
}

/** Files read at run time rather than required, each with what reads it. */
function readAtRunTime(): string[] {
  const clusterModule = path.relative(root, provisionedClusterPaths().module);
  return [
    // oclif reads the package's own and the manifest of its commands; packageRoot() finds the package by the first.
    'package.json',
    'oclif.manifest.json',
    // Workers load the workflow code from the bundles the build wrote (src/temporal/workflow-bundle.ts).
    ...WORKFLOW_VARIANTS.map((variant) => path.join('dist', 'bundles', `${variant}.js`)),
    // The cluster's provisioning builds Temporal Server in this module, and compares the build's go.sum with its own.
    path.join(clusterModule, 'go.mod'),
    path.join(clusterModule, 'go.sum'),
    // Not test/interop/requirements.txt: only the provisioning's python-sdk target reads it, for the tests.
  ];
}

/** npm packs the readme whatever `files` says: the registry shows it. */
const ALWAYS_PACKED = ['README.md'];

/** The files the entry points require, and the packages they import (node_modules stays out of the bundle). */
async function loaded(entries: string[]): Promise<{ files: string[]; packages: string[] }> {
  const { metafile } = await build({
    absWorkingDir: root,
    entryPoints: entries,
    bundle: true,
    metafile: true,
    write: false,
    packages: 'external',
    platform: 'node',
    outdir: 'unwritten',
    logLevel: 'silent',
  });
  const imports = Object.values(metafile.inputs).flatMap((input) => input.imports);
  return {
    files: Object.keys(metafile.inputs).map((file) => path.normalize(file)),
    packages: [...new Set(imports.filter((entry) => entry.external).map((entry) => entry.path))],
  };
}

/** The package a bare import names: `@scope/name/deep/path` → `@scope/name`, `name/deep` → `name`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return parts.slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
}

/**
 * What tsc makes of a module that holds only types: the ES-module marker and nothing that runs. No one requires
 * one at run time, and it is shipped all the same: left out one by one, every such module added would have to be
 * added to `files` too, for a hundred bytes each.
 */
function holdsOnlyTypes(file: string): boolean {
  const code = readFileSync(path.join(root, file), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '')
    .replace(/\s+/g, '');
  return code === '"usestrict";Object.defineProperty(exports,"__esModule",{value:true});';
}

describe('the npm package', () => {
  const packageJson = readJson<PackageJson>('package.json');
  let shipped: Set<string>;
  let needed: Set<string>;
  let packages: string[];

  before(async () => {
    const [files, load] = await Promise.all([packedFiles(), loaded(entryPoints(packageJson))]);
    shipped = new Set(files.map((file) => path.normalize(file)));
    needed = new Set([...load.files, ...readAtRunTime()]);
    packages = load.packages;
  });

  // esbuild's service process would outlive the run.
  after(() => stop());

  it('ships every file its entry points load and every file read at run time', () => {
    const missing = [...needed].filter((file) => !shipped.has(file)).sort();
    expect(missing, 'loaded or read at run time, but not in the tarball: add them to "files"').to.deep.equal(
      [],
    );
  });

  it('ships nothing that is neither loaded nor read', () => {
    const extra = [...shipped]
      .filter((file) => !needed.has(file) && !ALWAYS_PACKED.includes(file))
      .filter((file) => !(file.endsWith('.js') && holdsOnlyTypes(file)))
      .sort();
    expect(extra, 'in the tarball, but nothing loads or reads them: leave them out of "files"').to.deep.equal(
      [],
    );
  });

  it('ships no tests, TypeScript, source maps, development or build scripts', () => {
    const unwanted: Record<string, (file: string) => boolean> = {
      tests: (file) => /^(dist\/)?test\//.test(file),
      'TypeScript sources': (file) => file.endsWith('.ts'),
      // Nothing runs with --enable-source-maps, and the sources they map to are not shipped.
      'source maps': (file) => file.endsWith('.map'),
      // The provisioning requires server-executables.js from src/: it runs before any build in a checkout.
      'uncompiled sources': (file) =>
        file.startsWith('src/') && file !== 'src/processes/server-executables.js',
      'bin/dev.js (runs the TypeScript sources)': (file) => file === 'bin/dev.js',
      'development and build scripts': (file) =>
        file.startsWith('dist/scripts/') ||
        (/^scripts\/[^/]+$/.test(file) && file !== 'scripts/provision-temporal.js'),
      'the versions of the workflow that the bundles carry': (file) =>
        file.startsWith('dist/src/workflows/versions/'),
      'docs and configuration': (file) =>
        file.startsWith('docs/') || /^(tsconfig\.json|eslint\.|\.mocharc|\.prettier)/.test(file),
    };
    const found = Object.entries(unwanted).flatMap(([kind, matches]) =>
      [...shipped].filter(matches).map((file) => `${kind}: ${file}`),
    );
    expect(found).to.deep.equal([]);
  });

  it('imports at run time only its dependencies and Node’s own modules', () => {
    const undeclared = packages.filter(
      (specifier) => !isBuiltin(specifier) && !(packageOf(specifier) in packageJson.dependencies),
    );
    expect(
      undeclared,
      'imported, but not in "dependencies": an installed package would not have them',
    ).to.deep.equal([]);
    expect(packages).to.include('@oclif/core');
  });
});
