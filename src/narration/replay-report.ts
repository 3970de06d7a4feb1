// The verdicts of a replay — `replay-check`, and the replay gate of the versioning scenario — for a person: one line
// per history, passing or diverging (where, what the history holds, what the code did), then the count.
import type { ChalkInstance } from 'chalk';
import type { ReplayVerdict } from '../domain/replay-verdict';

/** One history's verdict in one line. */
export function verdictLine(verdict: ReplayVerdict, c: ChalkInstance): string {
  if (verdict.passed) return `${c.green('✓')} ${verdict.name}: replays (${verdict.eventCount} events)`;
  const divergence = verdict.divergence;
  const where = divergence?.eventId === undefined ? '' : ` at event ${divergence.eventId}`;
  if (!divergence?.history || !divergence.code) {
    return `${c.red('✗')} ${verdict.name}: diverges${where}: ${divergence?.message ?? 'the replay failed'}`;
  }
  return (
    `${c.red('✗')} ${verdict.name}: diverges${where}: the history holds ${c.bold(divergence.history)}, ` +
    `the code ${c.bold(divergence.code)}`
  );
}

/** How many histories the code cannot replay, in words. */
export function replaySummary(verdicts: readonly ReplayVerdict[]): string {
  const failed = verdicts.filter((verdict) => !verdict.passed).length;
  if (verdicts.length === 1) return failed === 0 ? 'the history replays' : 'the history diverges';
  if (failed === 0) return `all ${verdicts.length} histories replay`;
  return `${failed} of ${verdicts.length} histories ${failed === 1 ? 'diverges' : 'diverge'}`;
}
