// One run of the suite: the runner and, in parallel mode, its workers (which inherit its environment) share an ID.
import { randomUUID } from 'node:crypto';

/** In the environment of every process of the run. */
export const RUN_MARKER = 'ORDER_DEMO_TEST_RUN';

/** This run's ID, made by the first process of the run that asks. */
export function testRunId(): string {
  return (process.env[RUN_MARKER] ??= randomUUID().slice(0, 8));
}
