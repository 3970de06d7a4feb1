// The single executable's main script (Node's single-executable support runs it, and lets it require Node's own
// modules only): unpacks what the executable carries into the cache, then runs the CLI from there, whose
// `require` is a normal one, compiled from V8's code cache (code-cache.ts). Bad ground for the cache (see unpacked-cache.ts) is one line and exit 2.
import path from 'node:path';
import { getAsset, getRawAsset } from 'node:sea';
import { requireWithCodeCache } from './code-cache';
import type { CarriedManifest } from './unpacked-cache';
import { CacheError, ensureUnpacked } from './unpacked-cache';

/** The manifest's asset name; package-executable.js writes it. */
const MANIFEST_ASSET = 'manifest.json';

function launch(): void {
  const manifest = JSON.parse(getAsset(MANIFEST_ASSET, 'utf8')) as CarriedManifest;
  let folder: string;
  try {
    folder = ensureUnpacked(
      process.env,
      manifest,
      (asset) => Buffer.from(getRawAsset(asset) as ArrayBuffer),
      (target) => {
        if (process.stderr.isTTY) {
          process.stderr.write(`Unpacking ${manifest.name} ${manifest.version} into ${target} (once)…\n`);
        }
      },
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      error instanceof CacheError
        ? `Error: ${message}\n`
        : `Error: cannot unpack ${manifest.name}: ${message}\n`,
    );
    process.exit(error instanceof CacheError ? 2 : 1);
  }
  requireWithCodeCache(path.join(folder, manifest.main));
}

launch();
