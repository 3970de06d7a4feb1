#!/usr/bin/env node
// @ts-check
// Part of `npm run build`, after scripts/oclif-manifest.js: writes docs/commands.md, the command reference, from
// oclif.manifest.json — the record `--help` reads — so the help and the docs cannot disagree. Every command that is
// not hidden, with its summary, description, usage (made by oclif's own help class), arguments, flags by help
// group (hidden ones left out) with their defaults and options, and examples. test/unit/command-reference.test.ts
// fails when the committed page is not what this makes of the current build.
//
//   node scripts/command-reference.js
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { CommandHelp } = require('@oclif/core');

/** @typedef {import('@oclif/core').Interfaces.Manifest} Manifest */
/** @typedef {import('@oclif/core').Command.Cached} CachedCommand */
/** @typedef {import('@oclif/core').Command.Flag.Cached} CachedFlag */
/** @typedef {import('@oclif/core').Command.Arg.Cached} CachedArg */
/**
 * The `oclif` section of package.json, as far as the reference needs it.
 * @typedef {{ bin: string, topicSeparator?: string, topics?: Record<string, { description?: string }> }} CliConfig
 */

const USAGE = 'usage: node scripts/command-reference.js   (writes docs/commands.md from oclif.manifest.json)';
const OUTPUT = path.join('docs', 'commands.md');
const USAGE_WIDTH = 100;

/** oclif's usage line for a command (DocOpts, as `--help` prints it), from the manifest alone. */
class UsageHelp extends CommandHelp {
  /** @param {CachedCommand} command @param {CliConfig} cli */
  constructor(command, cli) {
    // The usage reads only the command's args and flags; the rest of a loaded command and config goes unused.
    const loadable = /** @type {import('@oclif/core').Command.Loadable} */ ({
      ...command,
      load: () => Promise.reject(new Error('not loaded: the reference is made from the manifest')),
    });
    const config = /** @type {import('@oclif/core').Interfaces.Config} */ (/** @type {unknown} */ (cli));
    super(loadable, config, { maxWidth: Number.MAX_SAFE_INTEGER });
  }

  usageLine() {
    return this.defaultUsage();
  }
}

/**
 * Markdown for text written for a terminal: characters markdown would take as markup are escaped, except inside
 * `code spans`.
 * @param {string} text
 */
function markdownText(text) {
  return text
    .split(/(`[^`\n]*`)/)
    .map((part, index) =>
      index % 2 === 1
        ? part
        : part
            .replace(/[\\*<>[\]]/g, '\\$&')
            .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '\\_')
            .replace(/^([#+=-]|\d+[.)])/gm, (start) => `\\${start}`),
    )
    .join('');
}

/**
 * Expands the templates oclif renders in help text; any other template fails the build rather than showing raw.
 * @param {string} text
 * @param {{ bin: string, id: string }} names
 */
function expandTemplates(text, names) {
  const expanded = text
    .replace(/<%[=-]?\s*config\.bin\s*%>/g, names.bin)
    .replace(/<%[=-]?\s*command\.id\s*%>/g, names.id);
  const left = /<%[\s\S]*?%>/.exec(expanded);
  if (left) throw new Error(`${names.id}: cannot expand the template ${left[0]} in ${JSON.stringify(text)}`);
  return expanded;
}

/** @param {string} text */
function paragraphs(text) {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

/** The flag as oclif's help labels it: `--[no-]timeline`, `--speed=<value>`, `--server=<option>`. @param {CachedFlag} flag */
function flagLabel(flag) {
  const name = flag.type === 'boolean' && flag.allowNo ? `--[no-]${flag.name}` : `--${flag.name}`;
  let label = flag.char ? `-${flag.char}, ${name}` : name;
  if (flag.type === 'option') {
    const values = flag.helpValue
      ? typeof flag.helpValue === 'string'
        ? [flag.helpValue]
        : flag.helpValue
      : [flag.options ? '<option>' : '<value>'];
    label += `=${values.map((value) => `${value}${flag.multiple ? '...' : ''}`).join(' ')}`;
  }
  return label;
}

/**
 * @param {CachedFlag} flag
 * @param {(text: string) => string} render
 */
function flagItem(flag, render) {
  const text = [flag.summary, flag.description]
    .filter((part) => typeof part === 'string' && part.trim() !== '')
    .map((part) =>
      paragraphs(render(/** @type {string} */ (part)))
        .map(markdownText)
        .join(' '),
    );
  const notes = [];
  if (flag.required) notes.push('Required.');
  if (flag.type === 'option' && flag.options) {
    notes.push(`One of ${flag.options.map((option) => `\`${option}\``).join(', ')}.`);
  }
  if (flag.type === 'option' && flag.default !== undefined && flag.default !== '') {
    notes.push(`Default: \`${flag.default}\`.`);
  }
  if (flag.env) notes.push(`Env: \`${flag.env}\`.`);
  if (flag.dependsOn?.length)
    notes.push(`Needs ${flag.dependsOn.map((name) => `\`--${name}\``).join(', ')}.`);
  if (flag.exclusive?.length)
    notes.push(`Not with ${flag.exclusive.map((name) => `\`--${name}\``).join(', ')}.`);
  return `- \`${flagLabel(flag)}\` — ${[...text, ...notes].join(' ')}`;
}

/**
 * The flags as `--help` shows them: sorted as oclif sorts them, those without a help group first, then one list
 * per group in the order the sorted flags first name it.
 * @param {CachedFlag[]} flags
 * @returns {Array<[string, CachedFlag[]]>}
 */
function flagGroups(flags) {
  const sorted = [...flags].sort((a, b) => {
    const key = (/** @type {CachedFlag} */ flag) =>
      `${flag.char ? 0 : 1}${flag.char ?? ''}\u0000${flag.name}`;
    return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
  });
  /** @type {Map<string, CachedFlag[]>} */
  const groups = new Map([['', []]]);
  for (const flag of sorted) {
    const group = flag.helpGroup ?? '';
    groups.set(group, [...(groups.get(group) ?? []), flag]);
  }
  return [...groups].filter(([, members]) => members.length > 0);
}

/** @param {string} group */
function groupTitle(group) {
  const title = group === '' ? 'Flags' : `${group} flags`;
  return title.charAt(0).toUpperCase() + title.slice(1).toLowerCase();
}

/**
 * A usage line broken between its elements (never inside `[...]` or `(...)`), continued with an indent.
 * @param {string} line
 */
function wrapUsage(line) {
  /** @type {string[]} */
  const elements = [];
  let depth = 0;
  let current = '';
  for (const character of line) {
    if (character === ' ' && depth === 0) {
      if (current) elements.push(current);
      current = '';
      continue;
    }
    if (character === '[' || character === '(') depth += 1;
    if (character === ']' || character === ')') depth -= 1;
    current += character;
  }
  if (current) elements.push(current);
  /** @type {string[]} */
  const lines = [];
  for (const element of elements) {
    const last = lines.length - 1;
    if (last >= 0 && `${lines[last]} ${element}`.length <= USAGE_WIDTH) lines[last] += ` ${element}`;
    else lines.push(last < 0 ? element : `  ${element}`);
  }
  return lines.join('\n');
}

/**
 * The examples as shell lines: oclif's `{ description, command }` and its "description\ncommand" strings become a
 * comment and the command.
 * @param {import('@oclif/core').Command.Example[]} examples
 * @param {(text: string) => string} render
 * @param {string} bin
 */
function exampleBlock(examples, render, bin) {
  const isCommand = (/** @type {string} */ line) => line.startsWith(bin) || line.startsWith(`$ ${bin}`);
  const commandLine = (/** @type {string} */ line) => line.replace(/^\$ /, '');
  return examples
    .map((example) => {
      if (typeof example !== 'string') {
        const comments = paragraphs(render(example.description)).map((line) => `# ${line}`);
        return [...comments, commandLine(render(example.command))].join('\n');
      }
      const lines = render(example).split(/\r?\n/).filter(Boolean);
      if (lines.length >= 2 && !isCommand(lines[0]) && lines.slice(1).every(isCommand)) {
        return [`# ${lines[0]}`, ...lines.slice(1).map(commandLine)].join('\n');
      }
      return lines.map(commandLine).join('\n');
    })
    .join('\n\n');
}

/** @param {string} id @param {CliConfig} cli */
function displayId(id, cli) {
  return id.replaceAll(':', cli.topicSeparator ?? ':');
}

/** GitHub's anchor of a heading that holds only lower-case letters, digits, spaces and hyphens. @param {string} heading */
function anchorOf(heading) {
  return heading
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replaceAll(' ', '-');
}

/**
 * @param {CachedCommand} command
 * @param {CliConfig} cli
 */
function commandSection(command, cli) {
  const id = displayId(command.id, cli);
  const render = (/** @type {string} */ text) => expandTemplates(text, { bin: cli.bin, id });
  const parts = [`## ${cli.bin} ${id}`];
  if (command.summary) parts.push(markdownText(render(command.summary)));
  if (command.description) parts.push(...paragraphs(render(command.description)).map(markdownText));
  const usage = new UsageHelp(command, cli).usageLine().replace('<%= command.id %>', `${cli.bin} ${id}`);
  parts.push('**Usage**', ['```text', wrapUsage(usage), '```'].join('\n'));
  const args = Object.values(command.args ?? {}).filter((arg) => !arg.hidden);
  if (args.length > 0) {
    const items = args.map((/** @type {CachedArg} */ arg) => {
      const name = arg.required ? arg.name.toUpperCase() : `[${arg.name.toUpperCase()}]`;
      const notes = [];
      if (arg.options) notes.push(`One of ${arg.options.map((option) => `\`${option}\``).join(', ')}.`);
      if (arg.default !== undefined) notes.push(`Default: \`${arg.default}\`.`);
      const text = arg.description ? paragraphs(render(arg.description)).map(markdownText).join(' ') : '';
      return `- \`${name}\` — ${[text, ...notes].filter(Boolean).join(' ')}`;
    });
    parts.push('**Arguments**', items.join('\n'));
  }
  const flags = Object.entries(command.flags ?? {})
    .filter(([, flag]) => !flag.hidden)
    .map(([name, flag]) => ({ ...flag, name }));
  for (const [group, members] of flagGroups(flags)) {
    parts.push(`**${groupTitle(group)}**`, members.map((flag) => flagItem(flag, render)).join('\n'));
  }
  if (command.aliases?.length) {
    parts.push(
      `Aliases: ${command.aliases.map((alias) => `\`${cli.bin} ${displayId(alias, cli)}\``).join(', ')}.`,
    );
  }
  if (command.examples?.length) {
    parts.push(
      '**Examples**',
      ['```bash', exampleBlock(command.examples, render, cli.bin), '```'].join('\n'),
    );
  }
  return parts.join('\n\n');
}

/**
 * docs/commands.md for this manifest and package.json's `oclif` section: pure, so the test can make it in memory.
 * @param {Manifest} manifest
 * @param {CliConfig} cli
 * @returns {string}
 */
function commandReference(manifest, cli) {
  const commands = Object.values(manifest.commands)
    .filter((command) => !command.hidden)
    .sort((a, b) => {
      const [left, right] = [displayId(a.id, cli), displayId(b.id, cli)];
      return left < right ? -1 : left > right ? 1 : 0;
    });
  const index = commands.map((command) => {
    const heading = `${cli.bin} ${displayId(command.id, cli)}`;
    const summary = command.summary
      ? ` — ${markdownText(expandTemplates(command.summary, { bin: cli.bin, id: displayId(command.id, cli) }))}`
      : '';
    return `- [\`${heading}\`](#${anchorOf(heading)})${summary}`;
  });
  const topics = Object.entries(cli.topics ?? {}).map(
    ([topic, { description }]) =>
      `- \`${cli.bin} ${displayId(topic, cli)}\`${description ? ` — ${markdownText(description)}` : ''}`,
  );
  const intro = [
    '# Command reference',
    '<!-- Generated by scripts/command-reference.js from oclif.manifest.json during `npm run build`. Do not edit: ' +
      'change the command in src/commands/ and build. -->',
    `Every command of \`${cli.bin}\` as its \`--help\` describes it, made from the same record (oclif's manifest) ` +
      'each time the project is built. The [README](../README.md) leads to the rest of the documentation.',
    index.join('\n'),
  ];
  if (topics.length > 0) intro.push('Topics (groups of commands):', topics.join('\n'));
  return `${[...intro, ...commands.map((command) => commandSection(command, cli))].join('\n\n')}\n`;
}

/**
 * The manifest the build wrote and package.json's `oclif` section, from the project's folder.
 * @param {string} root
 * @returns {{ manifest: Manifest, cli: CliConfig }}
 */
function readInputs(root) {
  const manifestFile = path.join(root, 'oclif.manifest.json');
  if (!fs.existsSync(manifestFile)) {
    throw new Error(`${path.relative(process.cwd(), manifestFile)} is missing: run \`npm run build\``);
  }
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  const cli = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).oclif;
  return { manifest, cli };
}

function main() {
  const { scriptArgs } = require('./script-args');
  scriptArgs(process.argv.slice(2), {}, USAGE);
  const root = path.join(__dirname, '..');
  try {
    const { manifest, cli } = readInputs(root);
    fs.writeFileSync(path.join(root, OUTPUT), commandReference(manifest, cli));
    const commands = Object.values(manifest.commands).filter((command) => !command.hidden).length;
    process.stdout.write(`command reference: ${OUTPUT} (${commands} commands)\n`);
  } catch (error) {
    process.stderr.write(`command reference: ${error instanceof Error ? error.message : error}\n`);
    process.exit(1);
  }
}

if (require.main === module) main();

module.exports = { commandReference, readInputs };
