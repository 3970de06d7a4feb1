import type { ActivityTimings } from '../domain/speed';
import type { ActivityProgressEvent } from '../events/events';

/** What the activities get from the worker that hosts them: no globals, so tests can pass their own. */
export interface ActivityDependencies {
  timings: ActivityTimings;
  /** The wall clock, for the card-expiry rule. */
  now: () => Date;
  /** Stands for the external packing system that hands out slip IDs. */
  newPackingSlipId: () => string;
  /** Progress for the narrator; activities never print. */
  report: (event: ActivityProgressEvent) => void;
}
