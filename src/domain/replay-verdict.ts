// What replaying a recorded history against some workflow code found: the verdict `replay-check` prints and the
// versioning scenario's replay gate reports.

/** The first place where workflow code and a recorded history part. */
export interface Divergence {
  /** The history's event the code did not reproduce; absent when the SDK's words name no event we can find. */
  eventId?: number;
  /** What the history holds there: "ActivityTaskScheduled process_payment". */
  history?: string;
  /** What the code did instead: "emitted ScheduleActivityTask check_fraud". */
  code?: string;
  /** The SDK's own words. */
  message: string;
}

/** What replaying one history against some workflow code showed. */
export interface ReplayVerdict {
  /** The history's file, or the run's workflow ID. */
  name: string;
  /** The run the history records, as its first event names it. */
  runId?: string;
  eventCount: number;
  passed: boolean;
  /** Where the code parted from the history (a non-determinism error), or why the replay failed otherwise. */
  divergence?: Divergence;
}
