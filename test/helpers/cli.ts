// Runs the real CLI (bin/run.js) as a child process, as a user or a CI script would.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { expect } from 'chai';
import { OWNER_TAG } from '../../src/processes/watchdog';
import { packageRoot } from '../../src/processes/server-executables';

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
  async waitFor(pattern: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = this.stdout.match(pattern);
      if (match) return match;
      if (this.child.exitCode !== null || Date.now() > deadline) {
        throw new Error(
          `never saw ${pattern} (exit ${this.child.exitCode})\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async interrupt(signal: NodeJS.Signals = 'SIGINT'): Promise<CliResult> {
    if (this.child.exitCode === null) this.child.kill(signal);
    return this.exited;
  }
}

export function startCli(args: string[], env: NodeJS.ProcessEnv = isolatedEnv()): CliProcess {
  return new CliProcess(spawn(process.execPath, [BIN, ...args], { env, stdio: 'pipe' }));
}

export function runCli(args: string[], env?: NodeJS.ProcessEnv): Promise<CliResult> {
  return startCli(args, env).exited;
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
