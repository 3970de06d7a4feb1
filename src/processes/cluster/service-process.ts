// One service of the real engine (a Temporal Server service, or its Web UI server) as a process this CLI owns: started
// and found ready when its port listens, killed for real (SIGKILL), started again on the same ports, stopped. Once
// started it is supervised as systemd or Kubernetes would: an exit nobody asked for (not a kill nor a stop of ours)
// is reported with its status and last lines, and the service is started again after a backoff that doubles with
// each exit in a row.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ClusterSupervisionEvent } from '../../events/events';
import { childEnvironment } from '../child-environment';
import { isRunning, portListens, signalAndWait, stopWithin } from '../child-signals';
import { causeOfFailure, KeptOutput } from '../output-tail';
import type { ServerProcess, ServerProcessRole } from '../server-process';
import { watchOwnProcesses } from '../watchdog';

export interface ServiceProcessOptions {
  /** How it is named in lines and figures: `history 2`, `frontend`, … */
  name: string;
  role: ServerProcessRole;
  executable: string;
  args: readonly string[];
  ip: string;
  /** The port that listens once the service serves. */
  port: number;
  environment?: Readonly<Record<string, string>>;
  /** Told of each exit nobody asked for, and of each restart that follows. */
  onSupervision?: (event: SupervisionEvent) => void;
  backoff?: RestartBackoff;
}

/** An exit nobody asked for or a restart by the supervisor, with when it happened (epoch ms). */
export type SupervisionEvent = ClusterSupervisionEvent & { at: number };

/** Restart delays: the first, doubled for each exit in a row up to the longest; a run this long ends a row. */
export interface RestartBackoff {
  firstMs: number;
  maxMs: number;
  stableMs: number;
}

/** Short, for a cluster whose faults come seconds apart: the first restart is quick, a crash loop slows down. */
export const DEFAULT_BACKOFF: RestartBackoff = { firstMs: 250, maxMs: 8_000, stableMs: 30_000 };

/** The wait before the restart that follows the `attempt`-th exit in a row. */
export function restartDelayMs(attempt: number, backoff: RestartBackoff = DEFAULT_BACKOFF): number {
  return Math.min(backoff.maxMs, backoff.firstMs * 2 ** Math.max(0, attempt - 1));
}

const READY_TIMEOUT_MS = 60_000;
const PROBE_EVERY_MS = 25;
const GRACEFUL_STOP_MS = 5_000;
const LAST_LINES = 5;

export class ServiceProcess implements ServerProcess {
  /** Its state is the database's: a kill loses nothing. */
  readonly killable = true;
  private child: ChildProcess | undefined;
  private output = new KeptOutput();
  /** Started, and neither killed nor stopped since: an exit now is one nobody asked for. */
  private supervised = false;
  private exitsInARow = 0;
  private restartTimer: NodeJS.Timeout | undefined;

  constructor(readonly options: ServiceProcessOptions) {}

  get name(): string {
    return this.options.name;
  }

  get role(): ServerProcessRole {
    return this.options.role;
  }

  get port(): number {
    return this.options.port;
  }

  get address(): string {
    return `${this.options.ip}:${this.options.port}`;
  }

  get pid(): number | undefined {
    return this.running ? this.child?.pid : undefined;
  }

  get running(): boolean {
    return isRunning(this.child);
  }

  /** Starts it and resolves once its port listens; rejects with its last lines if it exits first. */
  async start(): Promise<void> {
    if (this.running) return;
    this.cancelRestart();
    await this.launch();
    this.supervised = true;
  }

  private async launch(): Promise<void> {
    watchOwnProcesses();
    this.output = new KeptOutput();
    const child = spawn(this.options.executable, this.options.args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: childEnvironment(this.options.environment),
    });
    const keep = (chunk: Buffer) => this.output.add(chunk);
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('error', (error) => this.output.add(error.message));
    const startedAt = Date.now();
    // Once its output is all read: its last lines say why it exited.
    child.once('close', (exitCode, signal) => this.exited(child, startedAt, exitCode, signal));
    this.child = child;
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      if (!this.running) {
        throw new Error(
          `${this.name} exited (${child.exitCode ?? child.signalCode}) before it listened on ${this.address}: ` +
            causeOfFailure(this.output.text),
        );
      }
      if (await portListens(this.options.ip, this.options.port)) return;
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`${this.name} did not listen on ${this.address} within ${READY_TIMEOUT_MS / 1000}s`);
      }
      await sleep(PROBE_EVERY_MS);
    }
  }

  /** An exit of a supervised service is reported, and a restart follows after the backoff. */
  private exited(
    child: ChildProcess,
    startedAt: number,
    exitCode: number | null,
    signal: string | null,
  ): void {
    if (!this.supervised || child !== this.child) return;
    const backoff = this.options.backoff ?? DEFAULT_BACKOFF;
    this.exitsInARow = Date.now() - startedAt >= backoff.stableMs ? 1 : this.exitsInARow + 1;
    const restartInMs = restartDelayMs(this.exitsInARow, backoff);
    this.options.onSupervision?.({
      type: 'cluster.service-exited',
      service: this.name,
      pid: child.pid ?? 0,
      exitCode,
      signal,
      lastLines: this.output.text.trim().split('\n').slice(-LAST_LINES),
      at: Date.now(),
      restartInMs,
    });
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      this.launch().then(
        () => this.restarted(),
        // It exited (or was killed for not listening) before it served: that exit is reported, and retried, here.
        () => undefined,
      );
    }, restartInMs);
  }

  private restarted(): void {
    if (!this.supervised) return;
    this.options.onSupervision?.({
      type: 'cluster.service-restarted',
      service: this.name,
      pid: this.child?.pid ?? 0,
      at: Date.now(),
      attempt: this.exitsInARow,
    });
  }

  /**
   * Starts it again under its supervisor at once: whether it listens now. One that exits before it listens (its
   * database still recovering) is reported, and the supervisor starts it again after the backoff.
   */
  async restart(): Promise<boolean> {
    if (this.running) return true;
    this.cancelRestart();
    this.supervised = true;
    try {
      await this.launch();
      return true;
    } catch {
      return false;
    }
  }

  private cancelRestart(): void {
    clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
  }

  /** Ends supervision: what follows is an exit that was asked for. */
  private unsupervise(): void {
    this.supervised = false;
    this.cancelRestart();
  }

  /** A real crash: SIGKILL, no shutdown; resolves once the process is gone. */
  async kill(): Promise<void> {
    this.unsupervise();
    await signalAndWait(this.child, 'SIGKILL');
  }

  /** A clean stop (SIGTERM), SIGKILL when it takes too long. */
  async stop(): Promise<void> {
    this.unsupervise();
    await stopWithin(this.child, 'SIGTERM', 'SIGKILL', GRACEFUL_STOP_MS);
  }
}
