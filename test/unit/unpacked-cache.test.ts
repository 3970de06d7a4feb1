// The single executable's cache of what it unpacks: private, per version, used only when intact, safe when runs
// start at once, and pruned. Files stand in for the executable's assets; the launcher reads the same through
// node:sea (the integration tier runs the real executable: test/cli/single-executable.test.ts).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import type { CarriedManifest } from '../../src/executable/unpacked-cache';
import {
  CacheError,
  cacheRoot,
  ensureUnpacked,
  isIntact,
  PRUNE_AFTER_MS,
  prune,
  unpackedFolder,
} from '../../src/executable/unpacked-cache';
import { useTemporaryFolder } from '../helpers/temporary-folder';

const CONTENTS: Record<string, { text: string; executable: boolean }> = {
  'main.js': { text: 'module.exports = 42;\n', executable: false },
  'bin/server': { text: '#!/bin/sh\necho server\n', executable: true },
};

function sha256(content: Buffer | string): string {
  return createHash('sha256').update(content).digest('hex');
}

function carried(
  version = '1.0.0',
  extra = '',
): { manifest: CarriedManifest; assets: Record<string, Buffer> } {
  const assets: Record<string, Buffer> = {};
  const files = Object.entries(CONTENTS).map(([file, { text, executable }], index) => {
    const content = Buffer.from(text + extra);
    assets[`file-${index}`] = gzipSync(content);
    return { path: file, asset: `file-${index}`, size: content.length, sha256: sha256(content), executable };
  });
  const contentHash = sha256(JSON.stringify(files));
  return { manifest: { name: 'order-demo', version, contentHash, main: 'main.js', files }, assets };
}

describe('the single executable’s cache', () => {
  const folder = useTemporaryFolder('cache', { each: true });
  const env = () => ({ ORDER_DEMO_CACHE: path.join(folder(), 'cache') });

  it('lives in ORDER_DEMO_CACHE, else $XDG_CACHE_HOME/order-demo (when absolute), else ~/.cache/order-demo', () => {
    expect(cacheRoot({ ORDER_DEMO_CACHE: '/x/cache', XDG_CACHE_HOME: '/y' })).to.equal('/x/cache');
    expect(cacheRoot({ XDG_CACHE_HOME: '/y' })).to.equal('/y/order-demo');
    expect(cacheRoot({ XDG_CACHE_HOME: 'relative' })).to.match(/\.cache\/order-demo$/);
  });

  it('unpacks once into a private per-version folder, executables executable, and reuses it', () => {
    const { manifest, assets } = carried();
    let unpacks = 0;
    const read = (asset: string) => assets[asset];
    const target = ensureUnpacked(env(), manifest, read, () => unpacks++);

    expect(target).to.equal(unpackedFolder(env().ORDER_DEMO_CACHE, manifest));
    expect(statSync(env().ORDER_DEMO_CACHE).mode & 0o777).to.equal(0o700);
    expect(statSync(target).mode & 0o777).to.equal(0o700);
    expect(readFileSync(path.join(target, 'main.js'), 'utf8')).to.equal(CONTENTS['main.js'].text);
    expect(statSync(path.join(target, 'bin/server')).mode & 0o777).to.equal(0o700);
    expect(statSync(path.join(target, 'main.js')).mode & 0o777).to.equal(0o600);

    expect(ensureUnpacked(env(), manifest, read, () => unpacks++)).to.equal(target);
    expect(unpacks).to.equal(1);
  });

  it('unpacks again a folder whose file was truncated, rewritten at the same size, chmodded or emptied', () => {
    const { manifest, assets } = carried();
    const read = (asset: string) => assets[asset];
    const target = ensureUnpacked(env(), manifest, read);
    const main = path.join(target, 'main.js');
    const damages = [
      () => truncateSync(main, 3),
      () => writeFileSync(main, 'module.exports = 666;\n'.padEnd(CONTENTS['main.js'].text.length)),
      () => chmodSync(main, 0o666),
      () => writeFileSync(path.join(target, 'bin/server'), ''),
    ];
    for (const damage of damages) {
      damage();
      expect(isIntact(target, manifest), String(damage)).to.equal(false);
      let unpacks = 0;
      ensureUnpacked(env(), manifest, read, () => unpacks++);
      expect(unpacks, String(damage)).to.equal(1);
      expect(readFileSync(main, 'utf8')).to.equal(CONTENTS['main.js'].text);
      expect(isIntact(target, manifest)).to.equal(true);
    }
  });

  it('refuses a damaged executable: an asset that does not match its checksum is never written in place', () => {
    const { manifest, assets } = carried();
    const damaged: Record<string, Buffer> = { ...assets, 'file-0': gzipSync('something else') };
    expect(() => ensureUnpacked(env(), manifest, (asset) => damaged[asset]))
      .to.throw(CacheError)
      .with.property('message')
      .that.matches(/damaged.*main\.js.*download it again/);
    expect(existsSync(unpackedFolder(env().ORDER_DEMO_CACHE, manifest))).to.equal(false);
    expect(readdirSync(env().ORDER_DEMO_CACHE)).to.deep.equal([]);
  });

  it('refuses a cache folder that other users can enter, and never changes its mode', () => {
    const open = path.join(folder(), 'open');
    mkdirSync(open, { mode: 0o755 });
    chmodSync(open, 0o755);
    const { manifest, assets } = carried();
    expect(() => ensureUnpacked({ ORDER_DEMO_CACHE: open }, manifest, (asset) => assets[asset]))
      .to.throw(CacheError)
      .with.property('message')
      .that.matches(/can be entered by other users \(mode 755\).*chmod 700/);
    expect(statSync(open).mode & 0o777).to.equal(0o755);
  });

  it('prunes other versions unused for an hour, and what dead runs left, keeping recent ones', () => {
    const root = env().ORDER_DEMO_CACHE;
    const old = carried('0.9.0');
    const recent = carried('0.9.5');
    const current = carried('1.0.0');
    const oldFolder = ensureUnpacked(env(), old.manifest, (asset) => old.assets[asset]);
    const recentFolder = ensureUnpacked(env(), recent.manifest, (asset) => recent.assets[asset]);
    const longAgo = new Date(Date.now() - PRUNE_AFTER_MS - 60_000);
    utimesSync(path.join(oldFolder, '.unpacked.json'), longAgo, longAgo);
    mkdirSync(path.join(root, '.unpacking-999999999-abc'));
    mkdirSync(path.join(root, `.unpacking-${process.pid}-abc`));

    ensureUnpacked(env(), current.manifest, (asset) => current.assets[asset]);

    expect(readdirSync(root).sort()).to.deep.equal(
      [
        `.unpacking-${process.pid}-abc`,
        path.basename(recentFolder),
        path.basename(unpackedFolder(root, current.manifest)),
      ].sort(),
    );
    expect(prune(root, recentFolder, Date.now() + 2 * PRUNE_AFTER_MS)).to.include(
      path.basename(unpackedFolder(root, current.manifest)),
    );
  });

  it('gives each of several runs that start at once one whole folder', async () => {
    const { manifest, assets } = carried('1.0.0', 'x'.repeat(1 << 20));
    const assetsFile = path.join(folder(), 'assets.json');
    writeFileSync(
      assetsFile,
      JSON.stringify({
        manifest,
        assets: Object.fromEntries(
          Object.entries(assets).map(([name, data]) => [name, data.toString('base64')]),
        ),
      }),
    );
    const script = `
      const { ensureUnpacked } = require(${JSON.stringify(require.resolve('../../src/executable/unpacked-cache'))});
      const { manifest, assets } = JSON.parse(require('node:fs').readFileSync(${JSON.stringify(assetsFile)}, 'utf8'));
      const target = ensureUnpacked(process.env, manifest, (asset) => Buffer.from(assets[asset], 'base64'));
      process.stdout.write(require('node:fs').readFileSync(target + '/main.js', 'utf8').length + '\\n');`;
    const runs = Array.from(
      { length: 6 },
      () =>
        new Promise<{ code: number | null; out: string }>((resolve) => {
          const child = spawn(process.execPath, ['-e', script], { env: { ...process.env, ...env() } });
          let out = '';
          child.stdout.on('data', (chunk) => (out += chunk));
          child.stderr.on('data', (chunk) => (out += chunk));
          child.on('close', (code) => resolve({ code, out }));
        }),
    );
    const results = await Promise.all(runs);
    for (const result of results) {
      expect(result.code, result.out).to.equal(0);
      expect(Number(result.out.trim())).to.equal(manifest.files[0].size);
    }
    const target = unpackedFolder(env().ORDER_DEMO_CACHE, manifest);
    expect(isIntact(target, manifest)).to.equal(true);
    expect(readdirSync(env().ORDER_DEMO_CACHE)).to.deep.equal([path.basename(target)]);
  });
});
