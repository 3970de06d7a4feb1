import type { ActivityOptions } from '../../src/activities';
import { createActivities } from '../../src/activities';
import type { ActivityProgressEvent } from '../../src/narration/events';

/** The activities at a high speed, with a fixed clock and slip ID, recording what they report. */
export function activitiesForTest(overrides: Partial<ActivityOptions> = {}) {
  const reported: ActivityProgressEvent[] = [];
  const activities = createActivities({
    speed: 100,
    now: () => new Date(2026, 10, 25),
    newPackingSlipId: () => 'SLIP-00C0FFEE',
    report: (event) => reported.push(event),
    ...overrides,
  });
  return { activities, reported };
}
