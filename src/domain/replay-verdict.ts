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
  /**
   * Why the history could not be read (its payloads encrypted, and no key or the wrong one given): it was not
   * replayed, and says nothing of the code. Never with a divergence.
   */
  undecodable?: string;
}

/** A history's one verdict: it replays, it diverges, or it could not be decoded (no verdict on the code). */
export type VerdictKind = 'replays' | 'diverges' | 'undecodable';

export function verdictKind(verdict: ReplayVerdict): VerdictKind {
  if (verdict.undecodable !== undefined) return 'undecodable';
  return verdict.passed ? 'replays' : 'diverges';
}

/**
 * The verdicts, checked to be one per history, in the histories' order: a history without one (or with two) would
 * let a check pass that never looked at it.
 */
export function oneVerdictEach<Verdict extends ReplayVerdict>(
  names: readonly string[],
  verdicts: readonly (Verdict | undefined)[],
): Verdict[] {
  const misplaced = names.findIndex((name, index) => verdicts[index]?.name !== name);
  if (verdicts.length !== names.length || misplaced !== -1) {
    const where = misplaced === -1 ? '' : `, none in its place for ${names[misplaced]}`;
    throw new Error(`${verdicts.length} replay verdicts for ${names.length} histories${where}`);
  }
  return verdicts as Verdict[];
}
