// The files and folders this CLI makes in a folder that may not be its alone (a cluster's --data folder): made and
// opened without following symbolic links, and refused when another user owns them. Running as root, a write or a
// chown through a link someone planted there would land wherever the link points (/etc, another user's files).
import {
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  writeSync,
} from 'node:fs';
import type { Stats } from 'node:fs';
import path from 'node:path';

/** A user that may own an entry, besides this process's own. */
export interface Owner {
  uid: number;
  gid: number;
}

/** This process's user and group. */
export function ownUser(): Owner {
  return { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
}

/** What makes an entry unfit, if anything: a symbolic link, not a folder (or a file), or owned by another user. */
function statProblem(entry: string, stat: Stats, kind: 'folder' | 'file', owners: readonly number[]) {
  if (stat.isSymbolicLink()) return `${entry} is a symbolic link`;
  if (kind === 'folder' ? !stat.isDirectory() : !stat.isFile()) return `${entry} is not a ${kind}`;
  if (!owners.includes(stat.uid)) return `${entry} belongs to another user (uid ${stat.uid})`;
  // A second name for a file (a hard link) may be where another user reads or replaces it.
  if (kind === 'file' && stat.nlink > 1) return `${entry} has other names (hard links)`;
  return undefined;
}

/**
 * What is wrong with an entry, if it exists: a symbolic link, the wrong kind, or the user's of neither this process
 * nor `owner`.
 */
export function entryProblem(entry: string, kind: 'folder' | 'file', owner?: Owner): string | undefined {
  const stat = lstatSync(entry, { throwIfNoEntry: false });
  return stat && statProblem(entry, stat, kind, owners(owner));
}

/** The same for a folder and everything in it, at any depth. */
export function treeProblem(folder: string): string | undefined {
  const problem = entryProblem(folder, 'folder');
  if (problem || !lstatSync(folder, { throwIfNoEntry: false })) return problem;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    const found = entry.isDirectory() ? treeProblem(full) : entryProblem(full, 'file');
    if (found) return found;
  }
  return undefined;
}

function owners(owner: Owner | undefined): number[] {
  return [ownUser().uid, ...(owner ? [owner.uid] : [])];
}

function fail(problem: string): never {
  throw new Error(problem);
}

/**
 * Opens an entry without following a symbolic link in its place (refused with what it is), nor waiting on a named
 * pipe in a file's place (checked for what it is once open).
 */
function openUnlinked(entry: string, flags: number, mode?: number): number {
  try {
    return openSync(entry, flags | constants.O_NOFOLLOW | constants.O_NONBLOCK, mode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') fail(`${entry} is a symbolic link`);
    throw error;
  }
}

/**
 * Makes a folder (its parent must exist), or takes the one there if it passes entryProblem; then, through the folder
 * opened without following links, sets its mode and hands it to `owner`.
 */
export function makeOwnedFolder(folder: string, mode: number, owner?: Owner): void {
  try {
    mkdirSync(folder, { mode });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const descriptor = openUnlinked(folder, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    const problem = statProblem(folder, fstatSync(descriptor), 'folder', owners(owner));
    if (problem) fail(problem);
    fchmodSync(descriptor, mode);
    if (owner) fchownSync(descriptor, owner.uid, owner.gid);
  } finally {
    closeSync(descriptor);
  }
}

/**
 * Writes a file readable by its owner only (0600), opened without following links, refused if another user owns it;
 * handed to `owner` if given, and flushed to the disk with its folder's entry (a kept cluster's files outlive a power
 * cut as its database does).
 */
export function writeOwnedFile(file: string, content: string, owner?: Owner): void {
  const descriptor = openUnlinked(file, constants.O_WRONLY | constants.O_CREAT, 0o600);
  try {
    const problem = statProblem(file, fstatSync(descriptor), 'file', owners(owner));
    if (problem) fail(problem);
    fchmodSync(descriptor, 0o600);
    if (owner) fchownSync(descriptor, owner.uid, owner.gid);
    ftruncateSync(descriptor, 0);
    writeSync(descriptor, content);
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
  const folder = openSync(path.dirname(file), constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    fsyncSync(folder);
  } finally {
    closeSync(folder);
  }
}

/** Reads a file opened without following links, refused if it is not this process's or `owner`'s. */
export function readOwnedFile(file: string, owner?: Owner): string {
  const descriptor = openUnlinked(file, constants.O_RDONLY);
  try {
    const problem = statProblem(file, fstatSync(descriptor), 'file', owners(owner));
    if (problem) fail(problem);
    return readFileSync(descriptor, 'utf8');
  } finally {
    closeSync(descriptor);
  }
}
