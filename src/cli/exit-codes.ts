// From an error to the exit code and the one line a person reads. Our errors carry their exit code; oclif's parse
// errors are bad input (exit 2) whatever exit code they carry.
import { Errors } from '@oclif/core';
import { EXIT } from '../domain/errors';

/** The exit code of a command ended by this signal. */
export function exitCodeForSignal(signal: NodeJS.Signals): number {
  return signal === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted;
}

/** The code the error carries; else oclif's (usage for its parse errors); else 1. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof Error && 'exitCode' in error && typeof error.exitCode === 'number') {
    return error.exitCode;
  }
  // oclif marks its parse errors with `parse`; an invalid option value takes oclif's default code, not the usage one.
  if (error instanceof Errors.CLIError && 'parse' in error) return EXIT.usage;
  const oclifExit = (error as { oclif?: { exit?: number } } | undefined)?.oclif?.exit;
  return typeof oclifExit === 'number' ? oclifExit : EXIT.failed;
}

/**
 * One line, no stack. oclif's parse errors span several lines with a hint at the end, and name the flag whose
 * value failed to parse only in the message: "Parsing --speed \n\t<reason>".
 */
export function messageFor(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('See more help with'));
  const parsing = /^Parsing (--[\w-]+)/.exec(lines[0] ?? '');
  if (parsing && lines.length > 1) return `${parsing[1]}: ${lines.slice(1).join(' ')}`;
  return lines.join(' ');
}
