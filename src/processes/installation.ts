// How this program is installed and how it starts itself again. From a checkout or the npm package it is `node
// bin/run.js`; as the single executable it is the executable itself, whose launcher unpacks what it carries and
// runs it. A child worker, or a command a scenario runs "in another terminal", is this program started again with
// arguments (`process.execPath`), never `node some/script.js`. Where its files are is server-executables.js's
// packageRoot(): the checkout, the installed package, or the executable's unpacked copy.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { isSea } from 'node:sea';
import { promisify } from 'node:util';
// The client's package names the SDK's version; every @temporalio package of one install shares it.
import sdkPackage from '@temporalio/client/package.json';
import { DEV_SERVER, PROVISIONED_SOURCE, findDevServer, packageRoot } from './server-executables';

export type InstallationKind = 'checkout' | 'npm package' | 'single executable';

export function installationKind(): InstallationKind {
  if (isSea()) return 'single executable';
  return existsSync(path.join(packageRoot(), '.git')) ? 'checkout' : 'npm package';
}

/** The command line that starts this program again with `args`. */
export function thisProgram(args: readonly string[]): { command: string; args: string[] } {
  if (isSea()) return { command: process.execPath, args: [...args] };
  return { command: process.execPath, args: [path.join(packageRoot(), 'bin', 'run.js'), ...args] };
}

/** How a person runs this program again, in a command shown to them: as they started it (or through npx). */
export function invocation(bin: string): string {
  if (isSea()) return process.argv0;
  return process.env.npm_command === 'exec' ? `npx ${bin}` : bin;
}

/** What a bug report needs: this program's version, the SDK's, the Temporal CLI it would start, Node, the platform. */
export interface Versions {
  orderDemo: string;
  installation: InstallationKind;
  temporalSdk: string;
  /** The dev server: its version line and where it was found, or why there is none. */
  temporalCli: { version: string; path: string; source: string } | { problem: string };
  node: string;
  platform: string;
}

/** Longer than a healthy `temporal --version` ever takes. */
const VERSION_TIMEOUT_MS = 10_000;

async function temporalCliVersion(): Promise<Versions['temporalCli']> {
  const found = findDevServer();
  if (!found) return { problem: 'none found: the SDK would download the dev server on first use' };
  if ('problem' in found) return { problem: `${found.source} names ${found.path}, which ${found.problem}` };
  try {
    const { stdout } = await promisify(execFile)(found.path, ['--version'], { timeout: VERSION_TIMEOUT_MS });
    const line = stdout.trim().replace(/^temporal version /, '');
    // A build of `go install` does not stamp its tag: the provisioning pins it, so the pinned tag is the version.
    const version =
      found.source === PROVISIONED_SOURCE ? line.replace(/^0\.0\.0-DEV/, DEV_SERVER.version) : line;
    return { version, path: found.path, source: found.source };
  } catch (error) {
    return { problem: `${found.path} --version failed: ${error instanceof Error ? error.message : error}` };
  }
}

export async function versions(orderDemo: string): Promise<Versions> {
  return {
    orderDemo,
    installation: installationKind(),
    temporalSdk: sdkPackage.version,
    temporalCli: await temporalCliVersion(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}
