#!/usr/bin/env node
// @ts-check
// Start-up time of the CLI: wall time of commands that start nothing, each run N times one after the other, as
// median/min/max. Help and version; `config`, which loads one command and the client SDK; and `approve` against an
// address where nothing listens, which adds the 8 s connect timeout to that. Not part of `npm test` (timings depend
// on the machine); run it after `npm run build`:
//
//   node scripts/bench-startup.js [--runs 10] [--root <a checkout to measure, default: this one>]
//
// One unmeasured run of each command first, so that every measured run finds the files in the disk cache.
'use strict';

const { spawn } = require('node:child_process');
const os = require('node:os');
const path = require('node:path');
const { positiveInteger, scriptArgs } = require('./script-args');

const USAGE = 'usage: node scripts/bench-startup.js [--runs 10] [--root <checkout>]';
const values = scriptArgs(
  process.argv.slice(2),
  {
    runs: { type: 'string', default: '10' },
    root: { type: 'string', default: path.join(__dirname, '..') },
  },
  USAGE,
);
const runs = positiveInteger(values.runs, '--runs', USAGE);
const bin = path.join(path.resolve(values.root), 'bin', 'run.js');
const commands = [
  ['approve', '--help'],
  ['--version'],
  ['config'],
  ['approve', 'x', '--address', '127.0.0.1:1'],
];

/** @param {string[]} args @returns {Promise<{ milliseconds: number, code: number | null }>} */
function runOnce(args) {
  return new Promise((resolve, reject) => {
    const startedAt = process.hrtime.bigint();
    const child = spawn(process.execPath, [bin, ...args], {
      env: { ...process.env, NO_COLOR: '1' },
      stdio: 'ignore',
    });
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ milliseconds: Number(process.hrtime.bigint() - startedAt) / 1e6, code }),
    );
  });
}

/** @param {number[]} sorted */
const median = (sorted) =>
  sorted.length % 2 === 1
    ? sorted[(sorted.length - 1) / 2]
    : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;

async function main() {
  process.stdout.write(
    `${runs} runs each of ${bin} (node ${process.version}, load average ${os.loadavg()[0].toFixed(2)})\n\n`,
  );
  const rows = [];
  for (const args of commands) {
    await runOnce(args);
    const times = [];
    const codes = new Set();
    for (let run = 0; run < runs; run++) {
      const { milliseconds, code } = await runOnce(args);
      times.push(milliseconds);
      codes.add(code);
    }
    times.sort((a, b) => a - b);
    rows.push([
      `order-demo ${args.join(' ')}`,
      median(times).toFixed(0),
      times[0].toFixed(0),
      times[times.length - 1].toFixed(0),
      [...codes].join(','),
    ]);
  }
  const header = ['command', 'median ms', 'min ms', 'max ms', 'exit'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column].length)),
  );
  const line = (/** @type {string[]} */ cells) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column])))
      .join('  ');
  process.stdout.write(`${[line(header), ...rows.map(line)].join('\n')}\n`);
  process.stdout.write(`\nload average afterwards ${os.loadavg()[0].toFixed(2)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
