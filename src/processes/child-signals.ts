// What every server process this CLI runs (the dev server, a Temporal service, PostgreSQL) needs of its child: whether
// it still runs, a signal with a wait for its end, a clean stop that escalates when it takes too long, and whether
// its port listens yet. Node's ChildProcess has none of these as one call.
import type { ChildProcess } from 'node:child_process';
import { connect } from 'node:net';

/** Started and not yet ended. */
export function isRunning(child: ChildProcess | undefined): child is ChildProcess {
  return child !== undefined && child.exitCode === null && child.signalCode === null;
}

/** Sends `signal` and resolves once the process has ended; at once if it is not running. */
export async function signalAndWait(child: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!isRunning(child)) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

/** Sends `signal` and, if the process has not ended within `graceMs`, `escalation`; resolves once it has ended. */
export async function stopWithin(
  child: ChildProcess | undefined,
  signal: NodeJS.Signals,
  escalation: NodeJS.Signals,
  graceMs: number,
): Promise<void> {
  if (!isRunning(child)) return;
  const timer = setTimeout(() => child.kill(escalation), graceMs);
  try {
    await signalAndWait(child, signal);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether a TCP connection to host:port is accepted now: refused at once until the port listens. */
export function portListens(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
