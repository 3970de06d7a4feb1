// What the story tells of two regions: each region event as one line a person reads (the lost region's orders each
// on a line of their own), with the words that say what happened.
import { expect } from 'chai';
import type { RegionEvent } from '../../src/events/events';
import { storyOf } from '../helpers/story';

/** The lines the story tells of one event, without their time stamps. */
function told(event: RegionEvent): string[] {
  return storyOf([event])
    .trimEnd()
    .split('\n')
    .map((line) => line.replace(/^\[\+\s*[\d.]+s\] /, ''));
}

describe('the story of two regions', () => {
  it('tells a planned handover with the failover versions and how long the new region took', () => {
    expect(
      told({
        type: 'region.failover',
        how: 'planned',
        from: 'region-a',
        to: 'region-b',
        versionBefore: 1,
        versionAfter: 2,
        tookMs: 2300,
      }),
    ).to.deep.equal([
      '✓ Planned handover: the namespace moved from region-a to region-b (failover version 1 → 2); ' +
        'region-b accepted writes after 2.3s',
    ]);
  });

  it('tells a forced failover, without versions it could not read', () => {
    const [line] = told({
      type: 'region.failover',
      how: 'forced',
      from: 'region-a',
      to: 'region-b',
      tookMs: 800,
    });
    expect(line).to.match(/^✓ Forced failover: the namespace moved from region-a to region-b; /);
    expect(line, 'no versions when they could not be read').not.to.include('failover version');
    expect(line).to.match(/region-b accepted writes after 0\.8s$/);
  });

  it('tells a lost region, its SIGKILLed processes and how far behind each order’s other copy was', () => {
    expect(
      told({
        type: 'region.lost',
        region: 'region-a',
        pids: [101, 102, 103],
        while: 'order-1 had packed every item there, unreplicated',
        eventsBehind: [
          { workflowId: 'order-1', own: 20, replicated: 14 },
          { workflowId: 'order-2', own: 9, replicated: 9 },
        ],
      }),
    ).to.deep.equal([
      '💥 region-a lost: its server and workers (pids 101, 102, 103) SIGKILLed while order-1 had packed every item ' +
        'there, unreplicated',
      '    order-1: 20 events in region-a, 14 replicated (6 behind)',
      '    order-2: 9 events in region-a, 9 replicated (0 behind)',
    ]);
  });

  it('tells a region started again and how long it was down', () => {
    expect(told({ type: 'region.restarted', region: 'region-a', pid: 201, downMs: 9000 })).to.deep.equal([
      '✓ region-a started again (pid 201) after 9.0s down',
    ]);
  });

  it('tells the link cut, as a black hole or refused, and that replication stops', () => {
    expect(told({ type: 'region.link-cut', how: 'black-hole' })).to.deep.equal([
      '✂ The link between the regions is cut (a black hole: nothing answers): replication stops',
    ]);
    expect(told({ type: 'region.link-cut', how: 'refused' })).to.deep.equal([
      '✂ The link between the regions is cut (connections refused): replication stops',
    ]);
  });

  it('tells the link healed and how long it was cut', () => {
    expect(told({ type: 'region.link-healed', cutMs: 12_000 })).to.deep.equal([
      '✓ The link is healed after 12s',
    ]);
  });

  it('tells which region is how many events behind, and how long into the cut', () => {
    expect(
      told({ type: 'region.lag', workflowId: 'order-1', region: 'region-a', behind: 4, sinceCutMs: 3000 }),
    ).to.deep.equal(['order-1: region-a is 4 events behind, 3.0s into the cut']);
  });

  it('tells both copies converged, with their events and how long they took to converge', () => {
    expect(
      told({ type: 'regions.converged', workflowId: 'order-1', events: 31, afterMs: 1500 }),
    ).to.deep.equal(['✓ order-1: both regions hold the same 31 events (1.5s to converge)']);
  });
});
