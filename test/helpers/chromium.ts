// Headless Chromium for the browser tests: Debian's package (`apt-get install chromium`, which .ci/run installs),
// driven by playwright-core, in a throwaway profile that is removed afterwards.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page, PageScreenshotOptions } from 'playwright-core';
import { chromium } from 'playwright-core';
import { packageRoot } from '../../src/processes/server-executables';

const CHROMIUM = '/usr/bin/chromium';
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

/** Runs `work` in a fresh headless Chromium; the browser and its profile are gone afterwards, whatever happens. */
export async function withChromium<T>(work: (context: BrowserContext) => Promise<T>): Promise<T> {
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'order-demo-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
    });
    try {
      return await work(context);
    } finally {
      await context.close();
    }
  } finally {
    rmSync(userDataDir, { recursive: true, force: true });
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
