// Failures of the Temporal side that a user can act on; cli/exit-codes.ts maps them to exit codes.

/** No Temporal server reachable or startable (exit code 3). */
export class ServerUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServerUnavailableError';
  }
}

/** A request the server refuses because of what the user asked (unknown workflow, duplicate ID, ...): exit code 1. */
export class WorkflowRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkflowRequestError';
  }
}
