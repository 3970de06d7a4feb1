// The dev server as a process this CLI owns outright, for the commands that crash it or measure it: the SDK's test
// environment starts and stops its server but offers no way to kill it (SIGKILL, no shutdown) and start it again on
// the same port and SQLite file, nor its PID. State survives a crash because the server writes every change to the
// file before it answers.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { childEnvironment } from './child-environment';
import { causeOfFailure, KeptOutput } from './output-tail';
import { isRunning, portListens, signalAndWait, stopWithin } from './child-signals';
import type { ServerProcess } from './server-process';
import { watchOwnProcesses } from './watchdog';

export interface DevServerProcessOptions {
  executable: string;
  ip: string;
  port: number;
  namespace: string;
  /** Where the server keeps its state; absent: in memory, lost when the process ends. */
  dbFilename?: string;
  uiPort?: number;
  extraArgs?: readonly string[];
  /** More environment variables for the server process. */
  environment?: Readonly<Record<string, string>>;
}

/**
 * SQLite settings for the server's file. Any journal mode keeps what was committed when the process is killed (the
 * pages are already in the operating system's cache); `synchronous=full` also keeps it through a power cut, and WAL
 * makes each commit one append instead of a rewrite through a rollback journal. The dev server's own default, with
 * no pragma, is the rollback journal (`delete`) with SQLite's default `synchronous`.
 */
export const DEV_SERVER_SQLITE_PRAGMAS = ['journal_mode=wal', 'synchronous=full'];

const READY_TIMEOUT_MS = 30_000;
const PROBE_EVERY_MS = 10;
const PROBE_TIMEOUT_MS = 1_000;
const GRACEFUL_STOP_MS = 5_000;

/** See start(). */
const START_ATTEMPTS = 3;
/**
 * The Temporal CLI's own choices of port that another process took before it bound them: it panics picking one, or
 * logs that it could not listen on one of its services' ports (and panics next), or on its HTTP API's (and exits).
 * Never the gRPC or UI port this CLI gave it.
 */
const PORT_TAKEN_WHILE_STARTING = [
  /^panic: failed assigning ephemeral port/m,
  /Failed to (start|serve) (gRPC|ringpop) listener[^\n]*address already in use/,
  /failed listening for HTTP API on [^\n]*address already in use/,
];

/** Whether what the dev server printed before it exited says another process took one of its own ports. */
export function lostAPortWhileStarting(stderr: string): boolean {
  return PORT_TAKEN_WHILE_STARTING.some((failure) => failure.test(stderr));
}

export class DevServerProcess implements ServerProcess {
  readonly name = 'dev-server';
  readonly role = 'dev-server';
  private child: ChildProcess | undefined;
  private stderr = new KeptOutput();
  private probe: Connection | undefined;

  constructor(private readonly options: DevServerProcessOptions) {}

  get address(): string {
    return `${this.options.ip}:${this.options.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get port(): number {
    return this.options.port;
  }

  get dbFilename(): string | undefined {
    return this.options.dbFilename;
  }

  /** Whether its state survives a restart (it lives in a file): only then may it be killed. */
  get killable(): boolean {
    return this.options.dbFilename !== undefined;
  }

  /**
   * Starts the server and resolves once it answers; rejects with its error if it exits first. The Temporal CLI
   * picks its own internal ports and its HTTP API's by binding port 0 and letting it go, and fails when another
   * process takes one of them first: such a start is tried again, a few times.
   */
  async start(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.startOnce();
        return;
      } catch (error) {
        if (attempt >= START_ATTEMPTS || !lostAPortWhileStarting(this.stderr.text)) throw error;
      }
    }
  }

  private async startOnce(): Promise<void> {
    if (this.running) return;
    watchOwnProcesses();
    const { executable, ip, port, namespace, dbFilename, uiPort, extraArgs = [] } = this.options;
    const args = ['server', 'start-dev', '--ip', ip, '--port', String(port), '--namespace', namespace];
    args.push('--log-level', 'error');
    if (dbFilename !== undefined) {
      args.push('--db-filename', dbFilename);
      for (const pragma of DEV_SERVER_SQLITE_PRAGMAS) args.push('--sqlite-pragma', pragma);
    }
    args.push(...(uiPort === undefined ? ['--headless'] : ['--ui-port', String(uiPort)]), ...extraArgs);
    this.stderr = new KeptOutput();
    const child = spawn(executable, args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: childEnvironment(this.options.environment),
    });
    child.stderr?.on('data', (chunk) => this.stderr.add(chunk));
    child.on('error', (error) => this.stderr.add(error.message));
    this.child = child;
    await this.untilAnswering(child);
  }

  /** A real crash: SIGKILL, no shutdown; resolves once the process is gone. */
  async kill(): Promise<void> {
    if (!this.running) return;
    await signalAndWait(this.child, 'SIGKILL');
    // A connection to a dead server backs off for seconds before it tries again: probe the new one afresh.
    await this.probe?.close();
    this.probe = undefined;
  }

  /** Started again on the same port and file, after a kill. */
  async restart(): Promise<boolean> {
    await this.start();
    return true;
  }

  /**
   * A stop, and the probe connection closed. A server with its state in a file stops cleanly (SIGTERM, SIGKILL if it
   * takes too long: its shutdown takes a second); one in memory has nothing to keep, and gets SIGKILL at once.
   */
  async stop(): Promise<void> {
    await stopWithin(this.child, this.killable ? 'SIGTERM' : 'SIGKILL', 'SIGKILL', GRACEFUL_STOP_MS);
    await this.probe?.close();
    this.probe = undefined;
  }

  get running(): boolean {
    return isRunning(this.child);
  }

  private async untilAnswering(child: ChildProcess): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(
          `the dev server exited (${child.exitCode ?? child.signalCode}) before it answered` +
            (this.stderr.text.trim() ? `: ${causeOfFailure(this.stderr.text)}` : ''),
        );
      }
      if (await this.answers()) return;
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(
          `the dev server did not answer at ${this.address} within ${READY_TIMEOUT_MS / 1000}s`,
        );
      }
      await sleep(PROBE_EVERY_MS);
    }
  }

  private async answers(): Promise<boolean> {
    // Until the port listens, a gRPC connection would wait out its whole timeout: a plain TCP connect is refused
    // at once.
    if (!(await portListens(this.options.ip, this.options.port))) return false;
    try {
      this.probe ??= await Connection.connect({ address: this.address, connectTimeout: PROBE_TIMEOUT_MS });
      const probe = this.probe;
      await probe.withDeadline(Date.now() + PROBE_TIMEOUT_MS, () =>
        probe.workflowService.describeNamespace({ namespace: this.options.namespace }),
      );
      return true;
    } catch {
      return false;
    }
  }
}
