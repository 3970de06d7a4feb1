// The versioning scenario's words for a person: what a non-determinism error means, said plainly.
import type { Divergence } from '../domain/replay-verdict';

/** The non-determinism error of a workflow task, in plain words. */
export function nondeterminismInPlainWords(divergence: Divergence): string {
  const what =
    divergence.history && divergence.code
      ? `at event ${divergence.eventId ?? '?'} the history holds ${divergence.history}, but the new code ${divergence.code}`
      : 'the new code decided something the history does not hold';
  return (
    'In plain words: a worker that has not seen this order rebuilds it by replaying its history from the first ' +
    `event through the code it runs now, and ${what}. The code no longer describes what this order did, so the ` +
    'worker refuses to guess: it fails the workflow task instead of the order. The server keeps the order where it ' +
    'was and offers the task again, until a worker whose code agrees with the history takes it.'
  );
}
