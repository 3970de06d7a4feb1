// PostgreSQL as a process this CLI owns outright, for the real engine (the cluster): its data folder made by initdb,
// the postmaster started in the foreground (so that its PID is ours to signal), crashed with an immediate shutdown
// and started again on the same folder, which replays its write-ahead log. PostgreSQL refuses to run as root: a
// CLI running as root runs it as the `postgres` system user (Debian's package makes it), else as `nobody`. It listens
// on loopback only, where every user of the machine can reach it: every connection must give the password initdb
// set (scram-sha-256), generated here and kept in a file only its owner can read.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { childEnvironment } from '../child-environment';
import { isRunning, signalAndWait, stopWithin } from '../child-signals';
import { KeptOutput, lastLines } from '../output-tail';
import type { Owner } from '../owned-files';
import type { ServerProcess } from '../server-process';
import { entryProblem, makeOwnedFolder, readOwnedFile, writeOwnedFile } from '../owned-files';
import { watchOwnProcesses } from '../watchdog';

/** The user PostgreSQL runs as, when this CLI runs as root. */
interface RunAs extends Owner {
  name: string;
}

const UNPRIVILEGED_USERS = ['postgres', 'nobody'];
export const POSTGRES_USER = 'postgres';

/**
 * What keeps every commit the cluster was told of through a kill of any of its processes, PostgreSQL's included
 * (an immediate shutdown discards its shared memory): a commit returns only once its write-ahead log is written
 * and flushed (synchronous_commit=on; with off, the last commits of an immediate shutdown are lost although
 * Temporal was told they were made), and flushed to the disk itself (fsync=on, with full_page_writes against torn
 * pages: what a power cut, rather than a kill, would need). These are PostgreSQL's defaults, stated so that no
 * tuning turns them off.
 */
export const DURABLE_SETTINGS: Readonly<Record<string, string>> = {
  synchronous_commit: 'on',
  fsync: 'on',
  full_page_writes: 'on',
};

/** Enough connections for every pool of every Temporal service of the cluster, and this CLI's own. */
const MAX_CONNECTIONS = 400;
const READY_TIMEOUT_MS = 60_000;
const PROBE_EVERY_MS = 50;
const STOP_TIMEOUT_MS = 10_000;

function unprivilegedUser(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const users = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .map((line) => line.split(':'))
    .filter((fields) => fields.length >= 4);
  for (const name of UNPRIVILEGED_USERS) {
    const fields = users.find((entry) => entry[0] === name);
    if (fields) return { name, uid: Number(fields[2]), gid: Number(fields[3]) };
  }
  throw new Error(
    `PostgreSQL refuses to run as root, and this machine has no ${UNPRIVILEGED_USERS.join(' or ')} user`,
  );
}

export interface PostgresOptions {
  /** The folder of initdb and postgres. */
  bin: string;
  /** The data folder; made by initialize() when it holds no database yet. */
  dataDir: string;
  /** The file of the superuser's password, written by initialize(), readable by PostgreSQL's user only. */
  passwordFile: string;
  /**
   * The database is kept (--data): initdb flushes it to the disk before it returns, as every commit is flushed
   * afterwards. A throwaway one skips that flush (--no-sync): a crash of the machine ends its run anyway.
   */
  keep: boolean;
  ip: string;
  port: number;
  /** More settings (`-c name=value`); the durable ones always apply. */
  settings?: Readonly<Record<string, string>>;
}

export class PostgresProcess implements ServerProcess {
  readonly name = 'postgresql';
  readonly role = 'postgresql';
  /** Every commit is on the disk before it returns (DURABLE_SETTINGS): a crash loses none. */
  readonly killable = true;
  private child: ChildProcess | undefined;
  private output = new KeptOutput();
  private readonly runAs = unprivilegedUser();
  private password: string | undefined;
  /**
   * One kept connection per database for query(): the shards are read every 100 ms while a failover is awaited,
   * and a connection of its own each time paid the password's SCRAM exchange (thousands of hash rounds on both
   * sides) as often, enough CPU on two cores to slow the history hosts' membership from 5 s to a minute.
   */
  private readonly pools = new Map<string, pg.Pool>();

  constructor(private readonly options: PostgresOptions) {}

  get pid(): number | undefined {
    return this.running ? this.child?.pid : undefined;
  }

  get port(): number {
    return this.options.port;
  }

  /** The connection settings of a client of this server (pg's, and Temporal's). */
  get connection(): { host: string; port: number; user: string; password: string } {
    this.password ??= readOwnedFile(this.options.passwordFile, this.runAs).trim();
    return { host: this.options.ip, port: this.options.port, user: POSTGRES_USER, password: this.password };
  }

  get running(): boolean {
    return isRunning(this.child);
  }

  /** Whether the data folder or the password file is there (a database, or what an interrupted initdb left). */
  get begun(): boolean {
    return [this.options.dataDir, this.options.passwordFile].some((entry) => existsSync(entry));
  }

  /** Removes the data folder and the password file: what an initdb cut short left behind. */
  remove(): void {
    const { dataDir, passwordFile } = this.options;
    const problem = databaseProblem(dataDir, passwordFile);
    if (problem) throw new Error(problem);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(passwordFile, { force: true });
  }

  /**
   * Makes the data folder a database cluster, owned by the user PostgreSQL runs as, whose superuser signs in with a
   * password generated now (written first: a data folder without it was not made here).
   */
  async initialize(): Promise<void> {
    const { dataDir, bin, passwordFile, keep } = this.options;
    this.password = randomBytes(24).toString('base64url');
    // initdb, running as PostgreSQL's user, reads it there.
    writeOwnedFile(passwordFile, `${this.password}\n`, this.runAs);
    makeOwnedFolder(dataDir, 0o700, this.runAs);
    const args = ['-D', dataDir, '-U', POSTGRES_USER, '--auth=scram-sha-256', `--pwfile=${passwordFile}`];
    args.push('--encoding=UTF8', ...(keep ? [] : ['--no-sync']));
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const child = spawn(path.join(bin, 'initdb'), args, {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: childEnvironment(),
        ...this.identity(),
      });
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      child.on('error', reject);
      child.on('close', (code) =>
        code === 0
          ? resolve()
          : reject(new Error(`initdb exited with code ${code}: ${lastLines(output, 3)}`)),
      );
    });
  }

  /** Starts the postmaster and resolves once it accepts connections. */
  async start(): Promise<void> {
    if (this.running) return;
    watchOwnProcesses();
    const { bin, dataDir, ip, port } = this.options;
    const settings = {
      listen_addresses: ip,
      unix_socket_directories: '',
      max_connections: String(MAX_CONNECTIONS),
      ...this.options.settings,
      ...DURABLE_SETTINGS,
    };
    const args = ['-D', dataDir, '-p', String(port)];
    for (const [name, value] of Object.entries(settings)) args.push('-c', `${name}=${value}`);
    this.output = new KeptOutput();
    const child = spawn(path.join(bin, 'postgres'), args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: childEnvironment(),
      ...this.identity(),
    });
    child.stderr?.on('data', (chunk) => this.output.add(chunk));
    child.on('error', (error) => this.output.add(error.message));
    this.child = child;
    await this.untilAccepting(child);
  }

  /**
   * A crash: an immediate shutdown (SIGQUIT), which ends every backend at once without a checkpoint, as a power cut
   * would; the next start recovers from the write-ahead log. (SIGKILL of the postmaster alone would leave its
   * backends running.)
   */
  async kill(): Promise<void> {
    await signalAndWait(this.child, 'SIGQUIT');
    await this.closePools();
  }

  /** Started again on its folder after a kill: it recovers from its write-ahead log. */
  async restart(): Promise<boolean> {
    await this.start();
    return true;
  }

  /** A clean stop (fast shutdown: a checkpoint, then exit); an immediate one if that takes too long. */
  async stop(): Promise<void> {
    await this.closePools();
    await stopWithin(this.child, 'SIGINT', 'SIGQUIT', STOP_TIMEOUT_MS);
  }

  private async closePools(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((pool) => pool.end().catch(() => undefined)));
  }

  /** Runs one statement on a database of this server, on the connection kept for it. */
  async query<Row extends Record<string, unknown>>(
    database: string,
    sql: string,
    values: unknown[] = [],
  ): Promise<Row[]> {
    let pool = this.pools.get(database);
    if (!pool) {
      pool = new pg.Pool({
        ...this.connection,
        database,
        max: 1,
        connectionTimeoutMillis: 2_000,
        // An idle kept connection never holds the CLI open.
        allowExitOnIdle: true,
      });
      // A kept connection that breaks (the server crashes) is dropped by the pool, and reports here.
      pool.on('error', () => undefined);
      this.pools.set(database, pool);
    }
    return (await pool.query<Row>(sql, values)).rows;
  }

  private identity(): { uid?: number; gid?: number } {
    return this.runAs ? { uid: this.runAs.uid, gid: this.runAs.gid } : {};
  }

  private async untilAccepting(child: ChildProcess): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(
          `PostgreSQL exited (${child.exitCode ?? child.signalCode}) before it accepted connections: ` +
            lastLines(this.output.text, 3),
        );
      }
      try {
        await this.query('postgres', 'SELECT 1');
        return;
      } catch {
        // Not yet listening, or still recovering.
      }
      if (Date.now() > deadline) {
        child.kill('SIGQUIT');
        throw new Error(`PostgreSQL did not accept connections within ${READY_TIMEOUT_MS / 1000}s`);
      }
      await sleep(PROBE_EVERY_MS);
    }
  }
}

/**
 * The first folder above `folder` that the user PostgreSQL runs as cannot pass through, if any (the data folder
 * must be reachable: a CLI running as root keeps its scratch folders to itself, and a --data folder under /root
 * is out of reach).
 */
export function unreachableFolder(folder: string): string | undefined {
  const runAs = unprivilegedUser();
  if (!runAs) return undefined;
  for (let above = path.dirname(path.resolve(folder)); ; above = path.dirname(above)) {
    const stat = statSync(above, { throwIfNoEntry: false });
    if (stat) {
      const passes =
        stat.uid === runAs.uid
          ? stat.mode & 0o100
          : stat.gid === runAs.gid
            ? stat.mode & 0o010
            : stat.mode & 0o001;
      if (!passes) return above;
    }
    if (above === path.dirname(above)) return undefined;
  }
}

/**
 * What keeps a data folder and its password file from being used, if anything: either is a symbolic link or another
 * user's, or the folder holds a database made without a password.
 */
export function databaseProblem(dataDir: string, passwordFile: string): string | undefined {
  const runAs = unprivilegedUser();
  return (
    entryProblem(dataDir, 'folder', runAs) ??
    entryProblem(passwordFile, 'file', runAs) ??
    (existsSync(path.join(dataDir, 'PG_VERSION')) && !existsSync(passwordFile)
      ? `${dataDir} holds a database that lets every user of this machine in as its superuser, without a password ` +
        '(an earlier order-demo made it so): remove that folder to start afresh (its workflows go with it)'
      : undefined)
  );
}

/** The name of the user PostgreSQL runs as, when it is not this CLI's. */
export function postgresRunsAs(): string | undefined {
  return unprivilegedUser()?.name;
}
