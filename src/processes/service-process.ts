// One service of the real engine (a Temporal Server service, or its Web UI server) as a process this CLI owns: started
// and found ready when its port listens, killed for real (SIGKILL), started again on the same ports, stopped.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { childEnvironment } from './child-environment';
import { isRunning, portListens, signalAndWait, stopWithin } from './child-signals';
import { lastLines, withTail } from './output-tail';
import { watchOwnProcesses } from './watchdog';

export interface ServiceProcessOptions {
  /** How it is named in lines and figures: `history 2`, `frontend`, … */
  name: string;
  executable: string;
  args: readonly string[];
  ip: string;
  /** The port that listens once the service serves. */
  port: number;
  environment?: Readonly<Record<string, string>>;
}

const READY_TIMEOUT_MS = 60_000;
const PROBE_EVERY_MS = 25;
const GRACEFUL_STOP_MS = 5_000;

export class ServiceProcess {
  private child: ChildProcess | undefined;
  private output = '';

  constructor(readonly options: ServiceProcessOptions) {}

  get name(): string {
    return this.options.name;
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
    watchOwnProcesses();
    this.output = '';
    const child = spawn(this.options.executable, this.options.args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: childEnvironment(this.options.environment),
    });
    const keep = (chunk: Buffer) => (this.output = withTail(this.output, chunk));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('error', (error) => (this.output += error.message));
    this.child = child;
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      if (!this.running) {
        throw new Error(
          `${this.name} exited (${child.exitCode ?? child.signalCode}) before it listened on ${this.address}: ` +
            lastLines(this.output, 2),
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

  /** A real crash: SIGKILL, no shutdown; resolves once the process is gone. */
  async kill(): Promise<void> {
    await signalAndWait(this.child, 'SIGKILL');
  }

  /** A clean stop (SIGTERM), SIGKILL when it takes too long. */
  async stop(): Promise<void> {
    await stopWithin(this.child, 'SIGTERM', 'SIGKILL', GRACEFUL_STOP_MS);
  }
}
