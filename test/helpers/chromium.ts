// Headless Chromium for the browser tests, driven by playwright-core, in a throwaway profile that is removed
// afterwards. The Chromium is, first found wins:
//   1. CHROMIUM_PATH, when set (it must name an executable: a named path is never passed over);
//   2. the build that the @sparticuz/chromium dev dependency carries inside its package (Linux x64), so that
//      `npm install` alone brings it: its brotli-compressed binary, and the NSS libraries it links against, are
//      decompressed once into node_modules/.cache/order-demo-chromium/<version>/ (not the temp folder, where the
//      package itself would put them);
//   3. a system Chromium: /usr/bin/chromium (Debian's package).
import { spawnSync } from 'node:child_process';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
} from 'node:fs';
import { accessSync, constants, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { brotliDecompressSync, createBrotliDecompress } from 'node:zlib';
import type { BrowserContext, Page, PageScreenshotOptions } from 'playwright-core';
import { chromium } from 'playwright-core';
import { packageRoot } from '../../src/processes/server-executables';
import { makeTemporaryFolder, removeTemporaryFolder } from './temporary-folder';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const PACKAGED = '@sparticuz/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The Chromium the tests use: its executable, where it came from, and what its process needs in its environment. */
export interface FoundChromium {
  executable: string;
  source: string;
  env: Record<string, string>;
}

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The root folder of the installed @sparticuz/chromium, or undefined where it is not installed. */
function packagedChromiumRoot(): string | undefined {
  try {
    // Its entry point is build/cjs/index.cjs; the compressed files are in bin/.
    return path.resolve(path.dirname(require.resolve(PACKAGED)), '..', '..');
  } catch {
    return undefined;
  }
}

/**
 * The Chromium build inside @sparticuz/chromium, decompressed on first use: `chromium`, and `lib/` with the NSS and
 * expat libraries it links against (built for Amazon Linux 2023, so the binary needs nothing from the machine but
 * glibc). Written into a staging folder and renamed, so that a half-written copy is never used; earlier versions'
 * copies are removed. Undefined where the package is not installed or carries no build for this platform.
 */
async function packagedChromium(): Promise<FoundChromium | undefined> {
  if (process.platform !== 'linux' || process.arch !== 'x64') return undefined;
  const root = packagedChromiumRoot();
  if (!root || !existsSync(path.join(root, 'bin', 'chromium.br'))) return undefined;
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    version: string;
  };
  const cache = path.join(packageRoot(), 'node_modules', '.cache', 'order-demo-chromium');
  const home = path.join(cache, version);
  const executable = path.join(home, 'chromium');
  const libraries = path.join(home, 'lib');
  if (!isExecutableFile(executable) || !existsSync(libraries)) {
    mkdirSync(cache, { recursive: true });
    // Other versions go. This one, and a staging folder, may be another test process's, unpacking it at once.
    const others = readdirSync(cache).filter((name) => name !== version && !name.startsWith('.staging-'));
    for (const entry of others) {
      rmSync(path.join(cache, entry), { recursive: true, force: true });
    }
    const staging = mkdtempSync(path.join(cache, '.staging-'));
    try {
      await pipeline(
        createReadStream(path.join(root, 'bin', 'chromium.br')),
        createBrotliDecompress(),
        createWriteStream(path.join(staging, 'chromium'), { mode: 0o755 }),
      );
      const tar = spawnSync('tar', ['-x', '-C', staging], {
        input: brotliDecompressSync(readFileSync(path.join(root, 'bin', 'al2023.tar.br'))),
        encoding: 'buffer',
      });
      if (tar.error || tar.status !== 0) {
        throw new Error(
          `could not unpack ${PACKAGED}'s libraries: ${tar.error?.message ?? tar.stderr.toString().trim()}`,
        );
      }
      try {
        renameSync(staging, home);
      } catch (error) {
        // Another test process unpacked it first: theirs is used.
        if (!isExecutableFile(executable) || !existsSync(libraries)) throw error;
      }
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }
  const inherited = process.env.LD_LIBRARY_PATH;
  return {
    executable,
    source: `${PACKAGED} ${version}`,
    env: { LD_LIBRARY_PATH: inherited ? `${libraries}:${inherited}` : libraries },
  };
}

async function findChromium(): Promise<FoundChromium> {
  const named = process.env.CHROMIUM_PATH;
  if (named) {
    if (!isExecutableFile(named))
      throw new Error(`CHROMIUM_PATH names ${named}, which is not an executable file`);
    return { executable: named, source: 'CHROMIUM_PATH', env: {} };
  }
  const packaged = await packagedChromium();
  if (packaged) return packaged;
  if (isExecutableFile(SYSTEM_CHROMIUM))
    return { executable: SYSTEM_CHROMIUM, source: 'the system', env: {} };
  throw new Error(
    `no Chromium for the browser tests: \`npm install\` brings one on Linux x64 (${PACKAGED}); elsewhere, ` +
      `install Chromium as ${SYSTEM_CHROMIUM} or set CHROMIUM_PATH`,
  );
}

let found: Promise<FoundChromium> | undefined;

/** The Chromium the browser tests use (see the header); looked for once per run. */
export function chromiumForTests(): Promise<FoundChromium> {
  found ??= findChromium();
  return found;
}

/** Runs `work` in a fresh headless Chromium; the browser and its profile are gone afterwards, whatever happens. */
export async function withChromium<T>(work: (context: BrowserContext) => Promise<T>): Promise<T> {
  const { executable, env } = await chromiumForTests();
  const userDataDir = makeTemporaryFolder('chromium-profile');
  try {
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: executable,
      args: CHROMIUM_ARGS,
      env: { ...process.env, ...env },
    });
    try {
      return await work(context);
    } finally {
      await context.close();
    }
  } finally {
    removeTemporaryFolder(userDataDir);
  }
}

/** Writes a screenshot of the page to `file`, relative to the package root (test-output/ is git-ignored). */
export async function screenshotTo(
  page: Page,
  file: string,
  options: PageScreenshotOptions = {},
): Promise<void> {
  const target = path.join(packageRoot(), file);
  mkdirSync(path.dirname(target), { recursive: true });
  await page.screenshot({ ...options, path: target });
}
