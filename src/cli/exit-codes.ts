// Exit codes scripts can rely on (see README): one place that maps every kind of failure to its code.
import { Errors } from '@oclif/core';
import { MalformedExpiryError } from '../domain/expiry';
import { InvalidIdError } from '../domain/order';
import { InvalidSpeedError } from '../domain/speed';
import { ConnectionSettingsError } from '../temporal/connection-settings';
import { ServerUnavailableError } from '../temporal/errors';

export const EXIT = {
  /** The scenario behaved as designed / the order was fulfilled. */
  ok: 0,
  /** A verification failed, or the order failed. */
  failed: 1,
  /** Bad input: nothing was started. */
  usage: 2,
  /** No Temporal server reachable or startable. */
  noServer: 3,
  /** Ctrl+C (SIGINT): 128 + 2, as shells report it. */
  interrupted: 130,
  /** SIGTERM (a process supervisor, `kill`): 128 + 15. */
  terminated: 143,
} as const;

/** The exit code of a command ended by this signal. */
export function exitCodeForSignal(signal: NodeJS.Signals): number {
  return signal === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted;
}

/** A problem with what the user typed, found by a command after flag parsing. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const USAGE_ERRORS = [
  UsageError,
  MalformedExpiryError,
  InvalidSpeedError,
  InvalidIdError,
  ConnectionSettingsError,
];

export function exitCodeFor(error: unknown): number {
  if (USAGE_ERRORS.some((type) => error instanceof type)) return EXIT.usage;
  if (error instanceof ServerUnavailableError) return EXIT.noServer;
  // Every oclif parse error is a usage error; most carry the code package.json gives them, some carry none.
  if (error instanceof Errors.CLIError && 'parse' in error) return EXIT.usage;
  const oclifExit = (error as { oclif?: { exit?: number } })?.oclif?.exit;
  return typeof oclifExit === 'number' ? oclifExit : EXIT.failed;
}

/** One line, no stack: oclif's parse errors span several lines with a hint at the end. */
export function messageFor(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !/^See more help with/.test(line));
  const parsing = /^Parsing (--[\w-]+)/.exec(lines[0] ?? '');
  if (parsing && lines.length > 1) return `${parsing[1]}: ${lines.slice(1).join(' ')}`;
  return lines.join(' ');
}
