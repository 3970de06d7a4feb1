// Failures of the Temporal side that a user can act on, each with the exit code it ends a command with.
import { EXIT } from '../domain/errors';

/** No Temporal server reachable or startable. */
export class ServerUnavailableError extends Error {
  readonly exitCode = EXIT.noServer;

  constructor(message: string) {
    super(message);
    this.name = 'ServerUnavailableError';
  }
}

/** A request the server refuses because of what the user asked (unknown workflow, duplicate ID, ...). */
export class WorkflowRequestError extends Error {
  readonly exitCode = EXIT.failed;

  constructor(message: string) {
    super(message);
    this.name = 'WorkflowRequestError';
  }
}

/**
 * The first line of the innermost cause's message: the SDK wraps the interesting part. (@temporalio/common's
 * rootCause follows only the causes of Temporal failures, not the plain `cause` of a connection error.)
 */
export function rootMessage(error: unknown): string {
  let current = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  const message = current instanceof Error ? current.message : String(current);
  return message.split('\n')[0];
}
