// Runs the real CLI (bin/run.js) as a child process, as a user or a CI script would.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { expect } from 'chai';
import { OWNER_TAG } from '../../src/processes/watchdog';
import { packageRoot } from '../../src/processes/server-executables';
import { freePort } from './ports';

export const BIN = path.join(packageRoot(), 'bin', 'run.js');

/**
 * The environment of a brand-new machine: no TEMPORAL_* settings, no temporal.toml, no colour, not started
 * through npx (even when the tests are), and not a child of another order-demo (whose watchdog would own it).
 */
export function isolatedEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('TEMPORAL_') && name !== 'npm_command' && name !== OWNER_TAG) env[name] = value;
  }
  return {
    ...env,
    NO_COLOR: '1',
    TEMPORAL_CONFIG_FILE: path.join(packageRoot(), 'test', 'no-such-temporal.toml'),
    ...extra,
  };
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A CLI process that is still running. */
export class CliProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<CliResult>;

  constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (chunk) => (this.stdout += chunk));
    child.stderr.on('data', (chunk) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => {
      child.on('close', (code, signal) =>
        resolve({ code, signal, stdout: this.stdout, stderr: this.stderr }),
      );
    });
  }

  /** Resolves with the first match of `pattern` in stdout, once it appears. */
  waitFor(pattern: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
    return this.waitIn('stdout', pattern, timeoutMs);
  }

  /** The same in stderr. */
  waitForError(pattern: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
    return this.waitIn('stderr', pattern, timeoutMs);
  }

  private async waitIn(stream: 'stdout' | 'stderr', pattern: RegExp, timeoutMs: number) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = this[stream].match(pattern);
      if (match) return match;
      if (this.child.exitCode !== null || Date.now() > deadline) {
        throw new Error(
          `never saw ${pattern} (exit ${this.child.exitCode})\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /**
   * Sends `signal` and resolves once the command has ended; a command that has not ended STOP_GRACE_MS later gets
   * SIGKILL (its watchdog then stops what it started), so that a hung command never outlives its test.
   */
  async interrupt(signal: NodeJS.Signals = 'SIGINT'): Promise<CliResult> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill(signal);
      const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_GRACE_MS);
      try {
        return await this.exited;
      } finally {
        clearTimeout(timer);
      }
    }
    return this.exited;
  }
}

/** How long an interrupted command gets to stop by itself (its teardown), before SIGKILL. */
const STOP_GRACE_MS = 30_000;
/** The longest any command of the suite may run before it counts as hung. */
const RUN_TIMEOUT_MS = 5 * 60_000;

/** Commands started and not yet ended: stopped after every test, whatever became of it (see below). */
const running = new Set<CliProcess>();

/** How the CLI is run: `node bin/run.js` unless a test runs another form of it (the single executable). */
const FROM_CHECKOUT = [process.execPath, BIN];

export function startCli(
  args: string[],
  env: NodeJS.ProcessEnv = isolatedEnv(),
  program: readonly string[] = FROM_CHECKOUT,
): CliProcess {
  const [command, ...before] = program;
  const cli = new CliProcess(spawn(command, [...before, ...args], { env, stdio: 'pipe' }));
  running.add(cli);
  cli.exited.then(
    () => running.delete(cli),
    () => running.delete(cli),
  );
  return cli;
}

/**
 * Runs a command to its end. One that runs longer than `timeoutMs` is stopped (Ctrl+C, then SIGKILL) and the test
 * fails, naming the command and what it printed.
 */
export async function runCli(
  args: string[],
  env?: NodeJS.ProcessEnv,
  timeoutMs = RUN_TIMEOUT_MS,
  program: readonly string[] = FROM_CHECKOUT,
): Promise<CliResult> {
  const cli = startCli(args, env, program);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    // Its end is awaited below, through `exited`.
    cli.interrupt().catch(() => undefined);
  }, timeoutMs);
  try {
    const result = await cli.exited;
    if (timedOut) {
      throw new Error(
        `order-demo ${args.join(' ')} ran over ${timeoutMs / 1000}s and was stopped\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`,
      );
    }
    return result;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A root hook of every configuration (see leftovers.ts): after each test, a command that test started and left
 * running (an assertion failed before the test stopped it) is stopped. Commands started by a suite's `before`
 * hook for all its tests are that suite's to stop, in its `after` hook. (Failing the test from here would be a
 * failed root hook, which ends the whole run; a process left at the end fails the run instead, see leftovers.ts.)
 */
export async function stopCommandsStartedSince(startedBefore: ReadonlySet<CliProcess>): Promise<void> {
  const leftRunning = [...running].filter((cli) => !startedBefore.has(cli));
  await Promise.all(leftRunning.map((cli) => cli.interrupt()));
}

/** The commands running right now (before a test starts: what its suite's hooks started). */
export function runningCommands(): ReadonlySet<CliProcess> {
  return new Set(running);
}

/** Parses the JSON that --json prints, with the whole output in the message when it is not JSON. */
export function parseJsonOutput<T>(result: CliResult): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${result.code}):\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
}

/** Bad input's answer: exactly one line on stderr, beginning "Error: " and saying what `pattern` says. */
export function expectOneClearLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.trim().split('\n');
  expect(lines, stderr).to.have.length(1);
  expect(lines[0]).to.match(/^Error: /);
  expect(lines[0]).to.match(pattern);
}

/** A failure's answer: the documented exit code and one line on stderr, beginning "Error: " and matching `message`. */
export function expectError(result: CliResult, code: number, message: RegExp): void {
  expect(result.code, result.stdout + result.stderr).to.equal(code);
  expectOneClearLine(result.stderr, message);
}

/**
 * A dev server started as its own process (`order-demo server`) before the calling suite's tests and stopped after
 * them, as a server the CLI does not own; returns its address.
 */
export function useServerProcess(): () => string {
  let server: CliProcess | undefined;
  let address: string | undefined;
  before(async () => {
    server = startCli(['server', '--port', String(await freePort()), '--no-ui']);
    address = (await server.waitFor(/gRPC address: (\S+)/))[1];
  });
  after(async () => {
    await server?.interrupt();
  });
  return () => {
    if (address === undefined) throw new Error('no server process outside its suite');
    return address;
  };
}
