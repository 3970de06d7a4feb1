// The files and folders a command's flags name, checked before anything starts (a folder made and written to, a
// file that is no folder, a state file that is SQLite, the cluster's database folder), and the reports written
// into them.
import { randomUUID } from 'node:crypto';
import { chmod, mkdir, open, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { InvalidInputError } from '../domain/errors';
import { checkClusterFolder } from '../temporal/servers/cluster';

/**
 * A SQLite file a server keeps its state in: a file (new, or an existing SQLite database) in a folder that exists or
 * can be made and can be written — checked before the server starts, not found out when it fails to.
 */
export async function stateFile(input: string): Promise<string> {
  const file = path.resolve(input);
  if ((await stat(file).catch(() => undefined))?.isDirectory()) {
    throw new InvalidInputError(`${input} is a folder: name the SQLite file to keep`);
  }
  await refuseNonSqlite(file, 'name a new file, or one a server wrote');
  await writableFolder(path.dirname(file), 'a server’s state');
  return file;
}

/** The first bytes of every SQLite database file. */
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** Refuses a file that exists, holds something, and is no SQLite database (`advice`: what would work). */
async function refuseNonSqlite(file: string, advice: string): Promise<void> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) return;
  const header = Buffer.alloc(SQLITE_HEADER.length);
  try {
    const { bytesRead } = await handle.read(header, 0, header.length, 0);
    if (bytesRead > 0 && !header.equals(SQLITE_HEADER)) {
      throw new InvalidInputError(`${file} is not a SQLite database: ${advice}`);
    }
  } finally {
    await handle.close();
  }
}

/**
 * Creates a folder and its missing parents. Not `mkdir(…, { recursive: true })`: Node's recursive mkdir never returns
 * where a parent exists but refuses new entries with ENOENT (e.g. under /proc).
 */
async function createFolder(folder: string): Promise<void> {
  try {
    await mkdir(folder);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      if (!(await stat(folder)).isDirectory()) throw error;
      return;
    }
    const parent = path.dirname(folder);
    if (code !== 'ENOENT' || parent === folder || (await stat(parent).catch(() => undefined))) throw error;
    await createFolder(parent);
    await mkdir(folder);
  }
}

/**
 * Creates a file in `folder` and removes it: the only proof that it can be written. Permission bits are no proof:
 * root passes every permission check, and some file systems (e.g. /proc, /sys) refuse new files regardless.
 */
async function probeWrite(folder: string): Promise<void> {
  const probe = path.join(folder, `.write-probe-${randomUUID()}`);
  try {
    await (await open(probe, 'wx')).close();
  } catch (error) {
    // The probe's own name would only puzzle: the folder is what cannot be written.
    const { code } = error as NodeJS.ErrnoException;
    throw code ? new Error(`${code}: no file can be created there`) : error;
  }
  await rm(probe);
}

/** A folder `what` can be written into: created if missing, refused (exit 2) if that fails or a file cannot be made there. */
export async function writableFolder(folder: string, what = 'a report'): Promise<void> {
  try {
    await createFolder(folder);
    await probeWrite(folder);
  } catch (error) {
    throw new InvalidInputError(`cannot write ${what} into ${folder} (${(error as Error).message})`);
  }
}

/** A report file, absolute: refused (exit 2) where it names a folder, or its folder cannot be made or written. */
export async function reportFile(input: string, format: string): Promise<string> {
  const file = path.resolve(input);
  if ((await stat(file).catch(() => undefined))?.isDirectory()) {
    throw new InvalidInputError(`${input} is a folder: name the ${format} file to write`);
  }
  await writableFolder(path.dirname(file));
  return file;
}

/** A folder for one page per scenario, absolute: created if missing, refused (exit 2) if that fails or is read-only. */
export async function reportFolder(input: string): Promise<string> {
  const folder = path.resolve(input);
  await writableFolder(folder);
  return folder;
}

/** A folder for histories, absolute: created if missing, refused (exit 2) if that fails or is read-only. */
export async function historiesFolder(input: string): Promise<string> {
  const folder = path.resolve(input);
  await writableFolder(folder, 'histories');
  return folder;
}

/** A folder for a ledger, absolute: created if missing, refused (exit 2) if that fails or is read-only. */
export async function ledgerFolder(input: string): Promise<string> {
  const folder = path.resolve(input);
  await writableFolder(folder, 'a ledger');
  return folder;
}

/**
 * Writes a report page; a failure is one line, exit 2, like a --report path refused before the run. `ownerOnly`
 * (an --encrypt run: the page shows the order decrypted) writes it readable by its owner alone.
 */
export async function writeReport(file: string, html: string, ownerOnly = false): Promise<void> {
  try {
    await writeFile(file, html, ownerOnly ? { mode: 0o600 } : {});
    if (ownerOnly) await chmod(file, 0o600);
  } catch (error) {
    throw new InvalidInputError(`could not write the report ${file} (${(error as Error).message})`);
  }
}

/**
 * A folder the cluster keeps its database in: writable, this user's, holding no symbolic link nor anything of another
 * user's, and reachable by the user PostgreSQL runs as. Named through a link, the folder it names.
 */
export async function clusterDataFolder(input: string): Promise<string> {
  await writableFolder(path.resolve(input), 'the cluster’s database');
  const folder = await realpath(input);
  const problem = checkClusterFolder(folder);
  if (problem) {
    // A folder of this user's own (not one everybody may write in, like /tmp); as root, outside /root.
    const example =
      process.getuid?.() === 0 ? '/srv/order-demo-cluster' : path.join(homedir(), 'order-demo-cluster');
    throw new InvalidInputError(
      `${problem}. A folder of your own that nobody else may write in serves, e.g. ${example} ` +
        '(made if missing)',
    );
  }
  return folder;
}
