#!/usr/bin/env node
// @ts-check
// Part of `npm run build`, after the compilation: writes oclif.manifest.json (every command's ID, summary, flags and
// arguments), from which oclif shows help, prints the version and finds a command without requiring every command
// file, and the SDK behind them, first. It is what `oclif manifest` writes, made with @oclif/core's own Plugin: the
// `oclif` package would add some 190 packages (its S3 and CloudFront publishing among them) for this one step.
// Stale after a command changes until the next `npm run build`.
'use strict';

const { writeFileSync } = require('node:fs');
const path = require('node:path');
const { Plugin } = require('@oclif/core');

async function main() {
  const root = path.join(__dirname, '..');
  const plugin = new Plugin({
    root,
    type: 'core',
    // Built from the compiled commands, never from the previous manifest; a command that fails to load fails the build.
    ignoreManifest: true,
    errorOnManifestCreate: true,
    respectNoCacheDefault: true,
  });
  await plugin.load();
  const file = path.join(root, 'oclif.manifest.json');
  writeFileSync(file, `${JSON.stringify(plugin.manifest, null, 2)}\n`);
  const commands = Object.keys(plugin.manifest.commands).length;
  process.stdout.write(`oclif manifest: ${path.relative(root, file)} (${commands} commands)\n`);
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
