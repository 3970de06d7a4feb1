#!/usr/bin/env node
// @ts-check
// What the CLI costs on top of the work itself: `order-demo happy-path --speed 100` (the server, both workers, the
// order, the narration, the checks, the ledger, the teardown) beside scripts/bare-happy-path.js (the same workflow,
// activities, SDK and dev server, run bare), in turn — CLI, bare, CLI, bare… — so that a drift of the machine's
// speed touches both. Prints each one's wall time (min, median, max) and the ratio of the medians, and the median
// of the ratios pair by pair. Not part of `npm test` (timings depend on the machine); run it after `npm run build`,
// with nothing else running:
//
//   node scripts/bench-happy-path.js [--runs 10] [--speed 100]
//
// One unmeasured run of each first, so that every measured run finds its files in the disk cache.
'use strict';

const { spawn } = require('node:child_process');
const os = require('node:os');
const path = require('node:path');
const { positiveInteger, positiveNumber, scriptArgs } = require('./script-args');

const USAGE = 'usage: node scripts/bench-happy-path.js [--runs 10] [--speed 100]';
const values = scriptArgs(
  process.argv.slice(2),
  { runs: { type: 'string', default: '10' }, speed: { type: 'string', default: '100' } },
  USAGE,
);
const runs = positiveInteger(values.runs, '--runs', USAGE);
const speed = String(positiveNumber(values.speed, '--speed', USAGE));
const root = path.join(__dirname, '..');
const CLI = [path.join(root, 'bin', 'run.js'), 'happy-path', '--speed', speed];
const BARE = [path.join(__dirname, 'bare-happy-path.js'), '--speed', speed];

/** @param {string[]} args @returns {Promise<number>} milliseconds */
function timeOnce(args) {
  return new Promise((resolve, reject) => {
    const startedAt = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { env: { ...process.env, NO_COLOR: '1' }, stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${args.slice(1).join(' ') || args[0]} exited ${code}`));
      else resolve(Number(process.hrtime.bigint() - startedAt) / 1e6);
    });
  });
}

/** @param {number[]} values */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** @param {string} name @param {number[]} times */
function row(name, times) {
  const ms = (/** @type {number} */ value) => `${Math.round(value)} ms`.padStart(8);
  return `${name.padEnd(34)} min ${ms(Math.min(...times))}  median ${ms(median(times))}  max ${ms(Math.max(...times))}`;
}

async function main() {
  process.stdout.write(
    `${runs} runs each, in turn (node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(2)})\n\n`,
  );
  await timeOnce(CLI);
  await timeOnce(BARE);
  const cli = [];
  const bare = [];
  for (let run = 0; run < runs; run++) {
    cli.push(await timeOnce(CLI));
    bare.push(await timeOnce(BARE));
  }
  const ratios = cli.map((time, index) => time / bare[index]);
  process.stdout.write(`${row(`order-demo happy-path --speed ${speed}`, cli)}\n`);
  process.stdout.write(`${row('the same, bare (no CLI)', bare)}\n\n`);
  process.stdout.write(
    `ratio of the medians ${(median(cli) / median(bare)).toFixed(2)}× (${Math.round(median(cli) - median(bare))} ms more); ` +
      `median of the paired ratios ${median(ratios).toFixed(2)}×\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : error}\n`);
  process.exit(1);
});
