// The verdicts of a replay — `replay-check`, and the replay gate of the versioning scenario — for a person: one line
// per history, passing or diverging (where, what the history holds, what the code did), then the count.
import type { ChalkInstance } from 'chalk';
import type { ReplayVerdict, VerdictKind } from '../domain/replay-verdict';
import { verdictKind } from '../domain/replay-verdict';

/** One history's verdict in one line. */
export function verdictLine(verdict: ReplayVerdict, c: ChalkInstance): string {
  if (verdict.undecodable !== undefined) return `${c.yellow('?')} ${verdict.name}: ${verdict.undecodable}`;
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

/** How many histories the code replays, diverges from, or could not be tried on, in words. */
export function replaySummary(verdicts: readonly ReplayVerdict[]): string {
  const count = (kind: VerdictKind) => verdicts.filter((verdict) => verdictKind(verdict) === kind).length;
  const [diverging, undecodable] = [count('diverges'), count('undecodable')];
  const histories = (n: number) => `${n} of ${verdicts.length}`;
  if (verdicts.length === 1) {
    return {
      replays: 'the history replays',
      diverges: 'the history diverges',
      undecodable: 'the history cannot be decoded',
    }[verdictKind(verdicts[0])];
  }
  if (diverging === 0 && undecodable === 0) return `all ${verdicts.length} histories replay`;
  const parts = [
    diverging > 0 && `${histories(diverging)} histories ${diverging === 1 ? 'diverges' : 'diverge'}`,
    undecodable > 0 && `${histories(undecodable)} histories cannot be decoded`,
  ];
  return parts.filter(Boolean).join(', ');
}
