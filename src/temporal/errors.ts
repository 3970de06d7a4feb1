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
