import type { ActivityTimings } from '../domain/speed';
import type { ActivityProgressEvent } from '../events/events';
import type { ExternalServices } from '../services';

/** What the activities get from the worker that hosts them: no globals, so tests can pass their own. */
export interface ActivityDependencies {
  timings: ActivityTimings;
  /** The wall clock, for the card-expiry rule. */
  now: () => Date;
  /** The external systems where the effects happen (payment, inventory, warehouse, courier). */
  services: ExternalServices;
  /** Progress for the narrator; activities never print. */
  report: (event: ActivityProgressEvent) => void;
}
