#!/usr/bin/env node
// @ts-check
// Runs `order-demo bench --json` several times, one after the other, and prints each run's figures and the medians:
// the figures of docs/performance.md. Not part of `npm test`; run it after `npm run build`, on a quiet
// machine (nothing else running):
//
//   node scripts/bench-runs.js [--runs 5] [-- arguments for `bench`, e.g. --in-process or --sdk-defaults]
'use strict';

const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { positiveInteger, scriptArgs } = require('./script-args');

const separator = process.argv.indexOf('--');
const USAGE = 'usage: node scripts/bench-runs.js [--runs 5] [-- arguments for `bench`]';
const values = scriptArgs(
  process.argv.slice(2, separator === -1 ? undefined : separator),
  { runs: { type: 'string', default: '5' } },
  USAGE,
);
const runs = positiveInteger(values.runs, '--runs', USAGE);
const extra = separator === -1 ? [] : process.argv.slice(separator + 1);
const bin = path.join(__dirname, '..', 'bin', 'run.js');

/** @param {number[]} values */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

process.stdout.write(`${runs} runs of \`order-demo bench ${extra.join(' ')}\`\n`);
/** @type {{ ordersPerSecond: number, p99: number, serverCpu: number, workersCpu: number }[]} */
const figures = [];
for (let run = 1; run <= runs; run++) {
  const child = spawnSync(process.execPath, [bin, 'bench', '--json', ...extra], { encoding: 'utf8' });
  if (child.status !== 0) {
    process.stderr.write(
      `run ${run} exited ${child.status ?? child.signal}:\n${child.stderr}${child.stdout}\n`,
    );
    process.exit(1);
  }
  const report = JSON.parse(child.stdout);
  /** @param {{ name: string, cpuPercent: number }[]} resources @param {boolean} server */
  const cpu = (resources, server) =>
    resources
      .filter((process) => (process.name === 'server') === server)
      .reduce((sum, p) => sum + p.cpuPercent, 0);
  const row = {
    ordersPerSecond: report.ordersPerSecond,
    p99: report.latencyMs.p99,
    serverCpu: cpu(report.resources, true),
    workersCpu: cpu(report.resources, false),
  };
  figures.push(row);
  process.stdout.write(
    `run ${run}: ${row.ordersPerSecond.toFixed(1)} orders/s, p99 ${row.p99} ms, ` +
      `CPU server ${row.serverCpu}% workers ${row.workersCpu}%\n`,
  );
}
process.stdout.write(
  `median: ${median(figures.map((row) => row.ordersPerSecond)).toFixed(1)} orders/s, ` +
    `p99 ${median(figures.map((row) => row.p99))} ms\n`,
);
