// The --report page as a person sees it: written by a real run, opened from disk in headless Chromium, with a
// screenshot for a person to look at.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { screenshotTo, withChromium } from '../helpers/chromium';
import { runCli } from '../helpers/cli';
import { makeTemporaryFolder, removeTemporaryFolder } from '../helpers/temporary-folder';

const ORDER_ROWS = ['process_payment', 'reserve_inventory', 'pack_order_items', 'deliver_order'];

/** The names of the timeline's rows, top to bottom. */
function rowNames(page: Page): Promise<string[]> {
  return page
    .locator('svg.timeline g.row')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-name') ?? ''));
}

describe('the --report page in headless Chromium', () => {
  let folder: string;

  before(() => {
    folder = makeTemporaryFolder('report');
  });

  after(() => {
    removeTemporaryFolder(folder);
  });

  /** Runs the scenario with --report, opens the page offline and hands it to `inspect`. */
  async function openReport(
    scenario: string,
    args: string[],
    inspect: (page: Page) => Promise<void>,
  ): Promise<void> {
    const file = path.join(folder, `${scenario}.html`);
    const result = await runCli([scenario, '--speed', '10', ...args, '--report', file]);
    expect(result.code, result.stdout + result.stderr).to.equal(0);
    await withChromium(async (context) => {
      const page = await context.newPage();
      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      await page.goto(pathToFileURL(file).href);
      expect(
        requests.filter((url) => !url.startsWith('file:')),
        'nothing from the network',
      ).to.deep.equal([]);
      await inspect(page);
      await screenshotTo(page, path.join('test-output', `report-${scenario}.png`), { fullPage: true });
    });
  }

  it('checkpoint: a row per activity and the approval timer, the lost worker marked, the checks listed (screenshot: test-output/report-checkpoint.png)', async () => {
    await openReport('checkpoint', [], async (page) => {
      const rows = await rowNames(page);
      for (const name of [...ORDER_ROWS, 'approval timer']) expect(rows).to.include(name);
      const packing = page.locator('g.row[data-name="pack_order_items"]');
      expect(await packing.locator('g.span[data-outcome="timed-out"]').count()).to.be.greaterThan(0);
      expect(await packing.locator('g.span[data-outcome="completed"]').count()).to.equal(1);
      expect(await packing.locator('g.mark[data-kind="worker-lost"]').count()).to.equal(1);
      expect(await packing.locator('g.span title').first().textContent()).to.match(/HEARTBEAT/);
      const checks = await page.locator('li.check').allTextContents();
      expect(checks.join('\n')).to.match(/pack_order_items attempt 1 ended in a heartbeat timeout/);
      expect(await page.locator('li.check.failed').count()).to.equal(0);
      expect(await page.locator('.verdict').textContent()).to.equal('PASS');
    });
  });

  it('inventory-down: five reserve_inventory attempts, four of them failed (screenshot: test-output/report-inventory-down.png)', async () => {
    await openReport('inventory-down', [], async (page) => {
      const rows = await rowNames(page);
      for (const name of ['process_payment', 'reserve_inventory', 'deliver_order', 'approval timer']) {
        expect(rows).to.include(name);
      }
      const inventory = page.locator('g.row[data-name="reserve_inventory"]');
      const outcomes = await inventory
        .locator('g.span')
        .evaluateAll((spans) => spans.map((span) => span.getAttribute('data-outcome')));
      expect(outcomes.at(-1)).to.equal('completed');
      expect(await inventory.locator('g.span[data-attempt="5"] title').textContent()).to.match(
        /reserve_inventory attempt 5: completed/,
      );
      expect(await page.locator('li.check').count()).to.be.greaterThan(0);
    });
  });
});
