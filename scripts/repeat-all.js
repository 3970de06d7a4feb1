#!/usr/bin/env node
// @ts-check
// Runs `order-demo all` again and again, a few at a time, and counts how the runs ended: the check that no run ends
// in an uncaught error under load. Not part of `npm test` (it takes minutes); run it after `npm run build`:
//
//   node scripts/repeat-all.js [--runs 20] [--parallel 2] [-- extra arguments for `all`, default: --speed 10]
//
// Exits 0 only when every run exited 0. The output of a run that did not is kept in a temp folder, named at the end.
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { positiveInteger, scriptArgs } = require('./script-args');

const separator = process.argv.indexOf('--');
const USAGE =
  'usage: node scripts/repeat-all.js [--runs 20] [--parallel 2] [-- arguments for `all`, default: --speed 10]';
const values = scriptArgs(
  process.argv.slice(2, separator === -1 ? undefined : separator),
  { runs: { type: 'string', default: '20' }, parallel: { type: 'string', default: '2' } },
  USAGE,
);
const runs = positiveInteger(values.runs, '--runs', USAGE);
const parallel = positiveInteger(values.parallel, '--parallel', USAGE);
const extra = separator === -1 ? ['--speed', '10'] : process.argv.slice(separator + 1);
const bin = path.join(__dirname, '..', 'bin', 'run.js');
const keep = fs.mkdtempSync(path.join(os.tmpdir(), 'order-demo-repeat-all-'));

/** @param {number} index @returns {Promise<{ index: number, code: number | null, signal: string | null, seconds: number }>} */
function runOnce(index) {
  return new Promise((resolve) => {
    const startedAt = Date.now();
    const child = spawn(process.execPath, [bin, 'all', ...extra], {
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code, signal) => {
      const seconds = (Date.now() - startedAt) / 1000;
      if (code !== 0) fs.writeFileSync(path.join(keep, `run-${index}.log`), output);
      process.stdout.write(`run ${index}: exit ${code ?? signal} in ${seconds.toFixed(1)}s\n`);
      resolve({ index, code, signal, seconds });
    });
  });
}

async function main() {
  process.stdout.write(`${runs} runs of \`order-demo all ${extra.join(' ')}\`, ${parallel} at a time\n`);
  /** @type {Awaited<ReturnType<typeof runOnce>>[]} */
  const results = [];
  let next = 1;
  const lane = async () => {
    while (next <= runs) results.push(await runOnce(next++));
  };
  await Promise.all(Array.from({ length: parallel }, lane));
  const failed = results.filter((result) => result.code !== 0);
  const seconds = results.map((result) => result.seconds).sort((a, b) => a - b);
  process.stdout.write(
    `\n${results.length - failed.length} of ${results.length} runs exited 0; ` +
      `median ${seconds[Math.floor(seconds.length / 2)].toFixed(1)}s, slowest ${seconds.at(-1)?.toFixed(1)}s\n`,
  );
  if (failed.length > 0) process.stdout.write(`output of the failed runs: ${keep}\n`);
  else fs.rmSync(keep, { recursive: true, force: true });
  process.exitCode = failed.length === 0 ? 0 : 1;
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
