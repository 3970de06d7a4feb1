// The exit codes scripts can rely on (see README), and the error every refusal of bad input shares. Each error class
// carries the exit code it ends a command with, so no list of error types has to know every layer.

export const EXIT = {
  /** The scenario behaved as designed / the order was fulfilled. */
  ok: 0,
  /** A verification failed, or the order failed. */
  failed: 1,
  /** Bad input: nothing was started. */
  usage: 2,
  /** No Temporal server reachable or startable. */
  noServer: 3,
  /** replay-check: a history could not be decoded (encrypted, no key or the wrong one), and none diverges. */
  undecodable: 4,
  /** Ctrl+C (SIGINT): 128 + 2, as shells report it. */
  interrupted: 130,
  /** SIGTERM (a process supervisor, `kill`): 128 + 15. */
  terminated: 143,
} as const;

/** Input that cannot be used — a flag, an argument, a setting — refused before anything starts: exit code 2. */
export class InvalidInputError extends Error {
  readonly exitCode: number = EXIT.usage;

  constructor(message: string) {
    super(message);
    this.name = 'InvalidInputError';
  }
}
