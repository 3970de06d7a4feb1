// `all`'s loop as the library runs it, without a server: every run in turn, those the server cannot take skipped with
// the reason, one that cannot finish recorded while the next one runs, and Ctrl+C stopping them all.
import { expect } from 'chai';
import { InvalidInputError } from '../../src/domain/errors';
import { needsOfAll, runInTurn } from '../../src/runs/run-in-turn';
import type { AnyRunnable, ServerChoice } from '../../src/runs/runnable';
import { requireRestartableServer } from '../../src/runs/runnable';

const server: ServerChoice = {
  label: 'dev-server',
  skipsTime: false,
  restartable: false,
  killableServices: false,
  failoverRegions: false,
};

function fakeRun(name: string, behaviour: Partial<AnyRunnable> = {}): AnyRunnable {
  return {
    name,
    title: name,
    summary: name,
    lesson: name,
    options: {},
    run: async () => ({ passed: true }),
    ...behaviour,
  };
}

const recordEach = (signal = new AbortController().signal, runs: readonly AnyRunnable[]) =>
  runInTurn(runs, server, signal, {
    ran: async (run) => `${run.name}: ${String((await run.run(undefined as never, {})).passed)}`,
    skipped: (run, reason) => `${run.name} skipped: ${reason}`,
    stopped: (run, error) => `${run.name} stopped: ${(error as Error).message}`,
  });

describe('several runs in turn on one server (all)', () => {
  it('runs each in order, skips those the server cannot take with the reason, and goes on after one fails', async () => {
    const outcomes = await recordEach(undefined, [
      fakeRun('first'),
      fakeRun('restarts', { validate: (_options, choice) => requireRestartableServer('restarts', choice) }),
      fakeRun('breaks', { run: () => Promise.reject(new Error('worker lost')) }),
      fakeRun('last', { run: async () => ({ passed: false }) }),
    ]);
    expect(outcomes).to.have.length(4);
    expect(outcomes[0]).to.equal('first: true');
    expect(outcomes[1]).to.match(/^restarts skipped: it kills and restarts the Temporal server/);
    expect(outcomes.slice(2)).to.deep.equal(['breaks stopped: worker lost', 'last: false']);
  });

  it('refuses bad input in a run rather than skipping it', async () => {
    const refused = fakeRun('refused', {
      validate: () => {
        throw new InvalidInputError('no such option');
      },
    });
    await recordEach(undefined, [refused]).then(
      () => expect.fail('a refusal that is no CannotRunHereError must not pass as a skip'),
      (error: Error) => expect(error.message).to.equal('no such option'),
    );
  });

  it('stops them all when interrupted: the run cut short is no failure of its own', async () => {
    const interruption = new AbortController();
    const cutShort = fakeRun('cut-short', {
      run: () => {
        interruption.abort();
        return Promise.reject(new Error('interrupted by SIGINT'));
      },
    });
    let nextRan = false;
    const next = fakeRun('next', { run: async () => ((nextRan = true), { passed: true }) });
    await recordEach(interruption.signal, [cutShort, next]).then(
      () => expect.fail('an interrupted loop must end with the interruption'),
      (error: Error) => expect(error.message).to.equal('interrupted by SIGINT'),
    );
    expect(nextRan).to.equal(false);
  });

  it('asks for a restartable server when any of the runs needs one at its defaults', () => {
    expect(needsOfAll([fakeRun('a'), fakeRun('b')])).to.deep.equal({ restartable: false });
    const restarts = fakeRun('restarts', { needs: () => ({ restartable: true }) });
    expect(needsOfAll([fakeRun('a'), restarts])).to.deep.equal({ restartable: true });
  });
});
