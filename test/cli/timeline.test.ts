// The timeline of a real run: in the JSON as the model (with the attempts describe() showed while the run was
// live), in the story after the checks, and off with --no-timeline.
import { expect } from 'chai';
import type { ScenarioJson } from '../../src/narration/scenario-report';
import { parseJsonOutput, runCli } from '../helpers/cli';

describe('the timeline of a run (as a child process)', () => {
  it('is in the JSON as the model: every attempt of the inventory outage, with backoffs between them', async () => {
    const result = await runCli(['inventory-down', '--json', '--speed', '10']);
    expect(result.code, result.stderr).to.equal(0);
    const { timeline } = parseJsonOutput<ScenarioJson>(result);
    expect(timeline.status).to.equal('completed');
    expect(timeline.rows.map((row) => `${row.kind} ${row.name}`)).to.deep.equal([
      'activity process_payment',
      'activity reserve_inventory',
      'timer approval timer',
      'signal approve_order',
      'activity deliver_order',
    ]);
    const inventory = timeline.rows[1];
    expect(inventory.summary).to.equal('Reserve stock');
    expect(inventory.spans.map((span) => [span.attempt, span.outcome])).to.deep.equal([
      [1, 'failed'],
      [2, 'failed'],
      [3, 'failed'],
      [4, 'failed'],
      [5, 'completed'],
    ]);
    inventory.spans.slice(1).forEach((span, index) => {
      const previousEnd = inventory.spans[index].endMs ?? Infinity;
      expect(span.startMs, `the backoff before attempt ${span.attempt}`).to.be.greaterThan(previousEnd);
    });
    expect(inventory.spans[0].failure?.message).to.equal('Inventory service unavailable (attempt 1)');
  });

  it('follows the checks in the story, and --no-timeline leaves it out', async () => {
    const shown = await runCli(['happy-path', '--speed', '10']);
    expect(shown.code, shown.stderr).to.equal(0);
    const afterVerdict = shown.stdout.slice(shown.stdout.indexOf('PASS happy-path'));
    expect(afterVerdict).to.contain("Timeline from the server's record");
    expect(afterVerdict).to.match(/ {2}process_payment +█+/);
    expect(afterVerdict).to.contain('process_payment    Charge the card — attempt 1 completed');

    const hidden = await runCli(['happy-path', '--speed', '10', '--no-timeline']);
    expect(hidden.code, hidden.stderr).to.equal(0);
    expect(hidden.stdout).to.contain('PASS happy-path').and.not.contain('Timeline');
  });
});
