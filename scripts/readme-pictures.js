#!/usr/bin/env node
// @ts-check
// Makes the pictures of docs/scenarios.md again: runs `order-demo all --speed 10 --report <temp folder>`, then
// photographs the top of each scenario's HTML report (verdict, IDs, timeline) in headless Chromium, and shrinks each
// PNG with pngquant (Debian's package) when it is installed. Not part of `npm test`; run it after `npm run build`:
//
//   node scripts/readme-pictures.js [--out docs/images] [--width 900]
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { sync: which } = require('which');
const { positiveInteger, scriptArgs } = require('./script-args');

const USAGE = 'usage: node scripts/readme-pictures.js [--out docs/images] [--width 900]';
const values = scriptArgs(
  process.argv.slice(2),
  {
    out: { type: 'string', default: path.join('docs', 'images') },
    width: { type: 'string', default: '900' },
  },
  USAGE,
);
const width = positiveInteger(values.width, '--width', USAGE);
const root = path.join(__dirname, '..');
const out = path.resolve(values.out ?? '');

/** @returns {typeof import('../test/helpers/chromium')} */
function chromiumHelper() {
  try {
    return require('../dist/test/helpers/chromium');
  } catch {
    process.stderr.write('error: dist/ is missing or old: run `npm run build` first\n');
    process.exit(2);
  }
}

/** Runs every scenario once and returns the folder of their reports. */
function writeReports() {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'order-demo-pictures-'));
  process.stdout.write(`order-demo all --speed 10 --report ${folder}\n`);
  const run = spawnSync(
    process.execPath,
    [path.join(root, 'bin', 'run.js'), 'all', '--speed', '10', '--report', folder],
    { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NO_COLOR: '1' } },
  );
  if (run.status !== 0) {
    process.stderr.write(`error: \`order-demo all\` exited ${run.status ?? run.signal}; no pictures made\n`);
    process.exit(1);
  }
  return folder;
}

/** @param {string} file */
function shrink(file) {
  const pngquant = which('pngquant', { nothrow: true });
  if (!pngquant) return 'pngquant not installed: left as Chromium wrote it';
  const result = spawnSync(pngquant, [
    '--force',
    '--skip-if-larger',
    '--quality',
    '65-90',
    '--output',
    file,
    file,
  ]);
  // 98/99: the quantized picture would be larger or worse than allowed, so the original stays.
  return result.status === 0 || result.status === 98 || result.status === 99
    ? ''
    : `pngquant exited ${result.status}`;
}

async function main() {
  const { withChromium } = chromiumHelper();
  const reports = writeReports();
  const pages = fs
    .readdirSync(reports)
    .filter((file) => file.endsWith('.html') && file !== 'index.html')
    .sort();
  fs.mkdirSync(out, { recursive: true });
  await withChromium(async (context) => {
    const page = await context.newPage();
    await page.setViewportSize({ width, height: 900 });
    for (const file of pages) {
      await page.goto(`file://${path.join(reports, file)}`);
      const timeline = await page.locator('section.timeline-section').boundingBox();
      if (!timeline) throw new Error(`${file} has no timeline`);
      const picture = path.join(out, `${path.basename(file, '.html')}.png`);
      await page.screenshot({
        path: picture,
        clip: { x: 0, y: 0, width, height: Math.ceil(timeline.y + timeline.height + 12) },
      });
      const note = shrink(picture);
      const kb = (fs.statSync(picture).size / 1024).toFixed(0);
      process.stdout.write(`${path.relative(root, picture)}: ${kb} KB${note ? ` (${note})` : ''}\n`);
    }
  });
  fs.rmSync(reports, { recursive: true, force: true });
}

main().catch((error) => {
  process.stderr.write(`error: ${error instanceof Error ? error.message : error}\n`);
  process.exit(1);
});
