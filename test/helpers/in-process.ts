// Runs a command of the CLI inside the test process, the way bin/run.js runs it (oclif's `run`), with its output
// captured by @oclif/test: the same parsing, validation, error line and exit code, without a process per case. For
// input that is refused before anything starts; what is about real processes (signals, kills) spawns the CLI.
import { Config, Errors, run } from '@oclif/core';
import { captureOutput } from '@oclif/test';
import { packageRoot } from '../../src/processes/server-executables';
import type { CliResult } from './cli';
import { isolatedEnv } from './cli';

let loadedConfig: Promise<Config> | undefined;

/** Replaces the whole environment for the duration of `work`: the command reads process.env as a child would. */
async function withEnvironment<T>(env: NodeJS.ProcessEnv, work: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  const replaceWith = (values: NodeJS.ProcessEnv) => {
    for (const name of Object.keys(process.env)) delete process.env[name];
    Object.assign(process.env, values);
  };
  replaceWith(env);
  try {
    return await work();
  } finally {
    replaceWith(saved);
  }
}

/**
 * The command's stdout, stderr and exit code, as `runCli` reports them for a child process. The exit code is the
 * one the command set (process.exitCode, reset afterwards for the next test) or the one it exited with (oclif's
 * ExitError, e.g. from the unknown-command hook); anything else that escapes the command fails the test.
 */
export async function runInProcess(
  args: string[],
  env: NodeJS.ProcessEnv = isolatedEnv(),
): Promise<CliResult> {
  loadedConfig ??= Config.load(packageRoot());
  const config = await loadedConfig;
  const exitCodeBefore = process.exitCode;
  process.exitCode = undefined;
  try {
    // NODE_ENV "test" (captureOutput's default) would make oclif load the TypeScript sources through ts-node:
    // the commands under test are the built ones, as bin/run.js loads them.
    const { error, stdout, stderr } = await withEnvironment(env, () =>
      captureOutput(() => run(args, config), { stripAnsi: false, testNodeEnv: 'production' }),
    );
    if (error && !(error instanceof Errors.ExitError)) throw error;
    const code = error ? (error.oclif.exit ?? 1) : Number(process.exitCode ?? 0);
    return { code, signal: null, stdout, stderr };
  } finally {
    process.exitCode = exitCodeBefore;
  }
}
