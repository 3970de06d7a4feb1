import type { Info } from '@temporalio/activity';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { ActivityOptions } from '../../src/activities';
import { createActivities } from '../../src/activities';
import type { ActivityProgressEvent } from '../../src/events/events';

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

const ignore = () => undefined;

/** A mock activity context that keeps failures off the console (the tests assert them). */
export function mockEnvironment(info?: Partial<Info>): MockActivityEnvironment {
  return new MockActivityEnvironment(info, {
    logger: { log: ignore, trace: ignore, debug: ignore, info: ignore, warn: ignore, error: ignore },
  });
}

/** The activity `activityId` of workflow `wf-1`, on `attempt`: what the idempotency keys are made of. */
export function activityInfo(activityId: string, attempt = 1): Partial<Info> {
  return {
    activityId,
    attempt,
    workflowExecution: { workflowId: 'wf-1', runId: '00000000-0000-0000-0000-000000000001' },
  };
}

/** The narration of the repeated calls the external systems absorbed. */
export function absorbedDescriptions(reported: readonly ActivityProgressEvent[]): string[] {
  return reported.flatMap((event) => (event.type === 'ledger.duplicate-absorbed' ? [event.description] : []));
}
