// Several runs in turn on one open server (`all`): each that can run there runs at its defaults, each that cannot is
// skipped with the reason, and one that cannot finish is recorded as such while the next one runs — unless Ctrl+C
// stopped it, which stops them all.
import { defaultsOf } from './options';
import type { AnyRunnable, ServerChoice, ServerNeeds } from './runnable';
import { cannotRunOn } from './runnable';

/** How the caller runs one run and records what became of each. */
export interface InTurn<Run extends AnyRunnable, Outcome> {
  ran(run: Run): Promise<Outcome>;
  skipped(run: Run, reason: string): Outcome;
  /** It could not finish: `error` is what stopped it, after `durationMs`. */
  stopped(run: Run, error: unknown, durationMs: number): Outcome;
}

/** What an embedded server must offer for all of these runs at their defaults. */
export function needsOfAll(runs: readonly AnyRunnable[]): ServerNeeds {
  return { restartable: runs.some((run) => run.needs?.(defaultsOf(run.options)).restartable) };
}

/** The outcome of each run, in the order given. */
export async function runInTurn<Run extends AnyRunnable, Outcome>(
  runs: readonly Run[],
  server: ServerChoice,
  signal: AbortSignal,
  inTurn: InTurn<Run, Outcome>,
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const run of runs) {
    const reason = cannotRunOn(run, server);
    if (reason) {
      outcomes.push(inTurn.skipped(run, reason));
      continue;
    }
    const startedAt = Date.now();
    try {
      outcomes.push(await inTurn.ran(run));
    } catch (error) {
      if (signal.aborted) throw error;
      outcomes.push(inTurn.stopped(run, error, Date.now() - startedAt));
    }
  }
  return outcomes;
}
