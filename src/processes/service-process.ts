// One service of the real engine (a Temporal Server service, or its Web UI server) as a process this CLI owns: started
// and found ready when its port listens, killed for real (SIGKILL), started again on the same ports, stopped.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
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
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts it and resolves once its port listens; rejects with its last lines if it exits first. */
  async start(): Promise<void> {
    if (this.running) return;
    watchOwnProcesses();
    this.output = '';
    const child = spawn(this.options.executable, this.options.args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...this.options.environment },
    });
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk).slice(-4_000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('error', (error) => (this.output += error.message));
    this.child = child;
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      if (!this.running) {
        throw new Error(
          `${this.name} exited (${child.exitCode ?? child.signalCode}) before it listened on ${this.address}: ` +
            this.output.trim().split('\n').slice(-2).join(' '),
        );
      }
      if (await this.listens()) return;
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`${this.name} did not listen on ${this.address} within ${READY_TIMEOUT_MS / 1000}s`);
      }
      await sleep(PROBE_EVERY_MS);
    }
  }

  /** A real crash: SIGKILL, no shutdown; resolves once the process is gone. */
  async kill(): Promise<void> {
    await this.signalAndWait('SIGKILL');
  }

  /** A clean stop (SIGTERM), SIGKILL when it takes too long. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const timer = setTimeout(() => child.kill('SIGKILL'), GRACEFUL_STOP_MS);
    await this.signalAndWait('SIGTERM');
    clearTimeout(timer);
  }

  private async signalAndWait(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }

  private listens(): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = connect({ host: this.options.ip, port: this.options.port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
  }
}
