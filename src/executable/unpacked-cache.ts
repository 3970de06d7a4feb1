// Where the single executable keeps what it carries, unpacked: one folder per version and content in a cache folder
// private to the user. A folder is used only when it is intact — every file of the right size, unchanged since it
// was written (same inode and change time, which no write, truncation, chmod or touch leaves as it was) — and is
// otherwise unpacked again. Unpacking writes to a staging folder and renames it into place, so two runs that start
// at once never see half a folder. Node's own modules only: this runs before anything else is unpacked.
import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

/** One file the executable carries: where it goes, which asset holds it (gzipped), and what it must be. */
export interface CarriedFile {
  path: string;
  asset: string;
  size: number;
  sha256: string;
  executable: boolean;
}

/** What the executable carries; `contentHash` covers every file's path, mode and checksum. */
export interface CarriedManifest {
  name: string;
  version: string;
  contentHash: string;
  /** The file to run once unpacked. */
  main: string;
  files: CarriedFile[];
}

/** The gzipped bytes of one asset. */
export type ReadAsset = (asset: string) => Buffer;

/** A cache folder that cannot be used safely, or an executable whose contents are damaged: said in one line. */
export class CacheError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CacheError';
  }
}

export const CACHE_ENV = 'ORDER_DEMO_CACHE';
/** Written last in an unpacked folder: what each file was when written. Its modification time is the last use. */
const STAMP = '.unpacked.json';
const STAGING_PREFIX = '.unpacking-';
const STALE_PREFIX = '.stale-';
/** Another version's folder unused for this long is removed when a new version unpacks. */
export const PRUNE_AFTER_MS = 60 * 60 * 1000;

interface Stamp {
  contentHash: string;
  files: Record<string, { ino: string; size: string; ctimeNs: string }>;
}

/** ORDER_DEMO_CACHE, else `order-demo` in $XDG_CACHE_HOME (when absolute, as the spec asks) or ~/.cache. */
export function cacheRoot(env: NodeJS.ProcessEnv): string {
  if (env[CACHE_ENV]) return path.resolve(env[CACHE_ENV]);
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.cache');
  return path.join(base, 'order-demo');
}

/** Creates the cache folder private (0700), or refuses one that someone else owns or others can enter. */
export function openPrivateFolder(root: string): void {
  mkdirSync(root, { recursive: true, mode: 0o700 });
  const stats = statSync(root);
  const advice = `set ${CACHE_ENV} to a folder only you can enter`;
  if (!stats.isDirectory()) throw new CacheError(`the cache ${root} is not a folder: ${advice}`);
  if (process.getuid && stats.uid !== process.getuid()) {
    throw new CacheError(`the cache ${root} belongs to another user: ${advice}`);
  }
  if ((stats.mode & 0o077) !== 0) {
    const mode = (stats.mode & 0o777).toString(8);
    throw new CacheError(
      `the cache ${root} can be entered by other users (mode ${mode}): run \`chmod 700 ${root}\`, or ${advice}`,
    );
  }
}

export function unpackedFolder(root: string, manifest: CarriedManifest): string {
  return path.join(root, `${manifest.version}-${manifest.contentHash.slice(0, 16)}`);
}

function stampOf(folder: string, manifest: CarriedManifest): Stamp {
  const files: Stamp['files'] = {};
  for (const file of manifest.files) {
    const stats = lstatSync(path.join(folder, file.path), { bigint: true });
    files[file.path] = { ino: String(stats.ino), size: String(stats.size), ctimeNs: String(stats.ctimeNs) };
  }
  return { contentHash: manifest.contentHash, files };
}

/** The folder holds exactly what `manifest` carries, untouched since it was unpacked. */
export function isIntact(folder: string, manifest: CarriedManifest): boolean {
  try {
    const folderStats = lstatSync(folder);
    if (!folderStats.isDirectory() || (process.getuid && folderStats.uid !== process.getuid())) return false;
    const stamp = JSON.parse(readFileSync(path.join(folder, STAMP), 'utf8')) as Stamp;
    if (stamp.contentHash !== manifest.contentHash) return false;
    for (const file of manifest.files) {
      const recorded = stamp.files[file.path];
      const stats = lstatSync(path.join(folder, file.path), { bigint: true });
      if (
        !recorded ||
        !stats.isFile() ||
        stats.size !== BigInt(file.size) ||
        String(stats.size) !== recorded.size ||
        String(stats.ino) !== recorded.ino ||
        String(stats.ctimeNs) !== recorded.ctimeNs
      ) {
        return false;
      }
    }
    return true;
  } catch {
    return false;
  }
}

function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Moves a folder out of the way and removes it; another run may have done so first. */
function setAside(root: string, folder: string): void {
  const aside = path.join(root, `${STALE_PREFIX}${process.pid}-${path.basename(folder)}`);
  try {
    renameSync(folder, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  rmSync(aside, { recursive: true, force: true });
}

/** Writes every carried file into a staging folder, each checked against its checksum, and renames it into place. */
function unpack(root: string, manifest: CarriedManifest, readAsset: ReadAsset): void {
  const folder = unpackedFolder(root, manifest);
  const staging = mkdtempSync(path.join(root, `${STAGING_PREFIX}${process.pid}-`));
  try {
    for (const file of manifest.files) {
      const content = gunzipSync(readAsset(file.asset));
      if (content.length !== file.size || sha256(content) !== file.sha256) {
        throw new CacheError(
          `this executable is damaged: ${file.path} does not match its checksum; download it again`,
        );
      }
      const target = path.join(staging, file.path);
      mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
      writeFileSync(target, content, { mode: file.executable ? 0o700 : 0o600, flag: 'wx' });
    }
    writeFileSync(path.join(staging, STAMP), JSON.stringify(stampOf(staging, manifest)), { mode: 0o600 });
    for (let attempt = 0; ; attempt++) {
      try {
        renameSync(staging, folder);
        return;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || attempt >= 2) throw error;
        // Another run placed its copy first: use it when it is whole, else replace it.
        if (isIntact(folder, manifest)) return;
        setAside(root, folder);
      }
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes what earlier runs left: staging folders of runs that died mid-unpack, folders set aside, and other
 * versions' folders unused for PRUNE_AFTER_MS.
 */
export function prune(root: string, keep: string, now = Date.now()): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(root)) {
    const entry = path.join(root, name);
    if (entry === keep) continue;
    let remove = false;
    if (name.startsWith(STAGING_PREFIX)) {
      remove = !processIsAlive(Number(name.slice(STAGING_PREFIX.length).split('-')[0]));
    } else if (name.startsWith(STALE_PREFIX)) {
      remove = true;
    } else if (/-[0-9a-f]{16}$/.test(name) && lstatSync(entry).isDirectory()) {
      const stamp = path.join(entry, STAMP);
      remove = !existsSync(stamp) || now - statSync(stamp).mtimeMs > PRUNE_AFTER_MS;
    }
    if (remove) {
      rmSync(entry, { recursive: true, force: true });
      removed.push(name);
    }
  }
  return removed;
}

/**
 * The folder holding what the executable carries, intact: the one in the cache if it is, else unpacked anew (and
 * older versions pruned). `onUnpack` is told before a (slow) unpack begins.
 */
export function ensureUnpacked(
  env: NodeJS.ProcessEnv,
  manifest: CarriedManifest,
  readAsset: ReadAsset,
  onUnpack?: (folder: string) => void,
): string {
  const root = cacheRoot(env);
  openPrivateFolder(root);
  const folder = unpackedFolder(root, manifest);
  if (!isIntact(folder, manifest)) {
    onUnpack?.(folder);
    if (existsSync(folder)) setAside(root, folder);
    unpack(root, manifest, readAsset);
    prune(root, folder);
  }
  const now = new Date();
  utimesSync(path.join(folder, STAMP), now, now);
  return folder;
}
