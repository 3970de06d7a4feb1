// Running this CLI's own commands as separate processes: a worker that can crash for real, an approver in
// "another terminal". They join the same server through TEMPORAL_* variables, and with --encrypt get its key
// through ORDER_DEMO_ENCRYPTION_KEY (+ _KEY_ID).
import { spawn } from 'node:child_process';
import { childEnvironment } from './child-environment';
import { thisProgram } from './installation';
import { watchOwnProcesses } from './watchdog';

/**
 * What this CLI run as a child needs (see child-environment.ts), plus `serverEnvironment`: the TEMPORAL_* settings
 * of the server in use (and its key, with --encrypt). Never the parent's own TEMPORAL_* settings or keys.
 */
export function cliEnvironment(serverEnvironment: Record<string, string>): NodeJS.ProcessEnv {
  watchOwnProcesses();
  return childEnvironment({ ...serverEnvironment, NO_COLOR: '1' });
}

/** The arguments of this CLI's `approve` command for a waiting order on this server. */
export function approveArguments(workflowId: string, address: string, namespace: string): string[] {
  return [
    'approve',
    workflowId,
    '--address',
    address,
    ...(namespace === 'default' ? [] : ['--namespace', namespace]),
  ];
}

export interface CliOutcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A short command that takes longer than this is stuck: it is killed. */
const COMMAND_TIMEOUT_MS = 60_000;

/** Runs one short command to its end, e.g. `approve <id>`, on the server `serverEnvironment` names; `signal` kills it. */
export function runCliCommand(
  args: string[],
  serverEnvironment: Record<string, string>,
  signal: AbortSignal,
): Promise<CliOutcome> {
  return new Promise((resolve, reject) => {
    const program = thisProgram(args);
    const child = spawn(program.command, program.args, {
      env: cliEnvironment(serverEnvironment),
      stdio: 'pipe',
      signal: AbortSignal.any([signal, AbortSignal.timeout(COMMAND_TIMEOUT_MS)]),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
