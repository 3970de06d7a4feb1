// @ts-check
// The command line of the repository's scripts: node's parseArgs, plus --help and a one-line error (exit 2) for an
// option it does not know, instead of a stack trace.
'use strict';

const { parseArgs } = require('node:util');

/**
 * @template {import('node:util').ParseArgsConfig['options']} Options
 * @param {string[]} args
 * @param {Options} options
 * @param {string} usage printed for --help and after an error
 */
function scriptArgs(args, options, usage) {
  try {
    const { values } = parseArgs({ args, options: { ...options, help: { type: 'boolean' } } });
    if (/** @type {{ help?: boolean }} */ (values).help) {
      process.stdout.write(`${usage}\n`);
      process.exit(0);
    }
    return values;
  } catch (error) {
    process.stderr.write(`error: ${error instanceof Error ? error.message : error}\n${usage}\n`);
    process.exit(2);
  }
}

/**
 * @param {string | undefined} text
 * @param {string} option
 * @param {string} usage
 */
function positiveInteger(text, option, usage) {
  const value = Number(text);
  if (Number.isInteger(value) && value > 0) return value;
  process.stderr.write(`error: ${option} ${JSON.stringify(text)} is not a whole number above 0\n${usage}\n`);
  process.exit(2);
}

/**
 * @param {string | undefined} text
 * @param {string} option
 * @param {string} usage
 */
function positiveNumber(text, option, usage) {
  const value = Number(text);
  if (Number.isFinite(value) && value > 0) return value;
  process.stderr.write(`error: ${option} ${JSON.stringify(text)} is not a number above 0\n${usage}\n`);
  process.exit(2);
}

module.exports = { scriptArgs, positiveInteger, positiveNumber };
