// The cancellation scenario's request reaches packing only with the answer to a heartbeat, which the SDK sends at
// most once per interval; packing must still be under way when it comes, at every speed, and fit one attempt.
import { expect } from 'chai';
import {
  activityTimings,
  MAX_ITEMS_PER_PACKING_ATTEMPT,
  MAX_SPEED,
  MIN_SPEED,
  packHeartbeatInterval,
  workflowTimeouts,
} from '../../src/domain/speed';
import { itemsToPack } from '../../src/scenarios/cancellation';

const SPEEDS = [MIN_SPEED, 0.5, 1, 2, 5, 10, 15, 16, 20, 33, 50, 75, MAX_SPEED];

describe('cancellation: items to pack', () => {
  it("packs the sample's 5 items up to speed 15, more above, where heartbeat timeouts stop shrinking", () => {
    expect(itemsToPack(1)).to.equal(5);
    expect(itemsToPack(10)).to.equal(5);
    expect(itemsToPack(15)).to.equal(5);
    expect(itemsToPack(20)).to.equal(7);
    expect(itemsToPack(MAX_SPEED)).to.equal(MAX_ITEMS_PER_PACKING_ATTEMPT);
  });

  for (const speed of SPEEDS) {
    it(`at speed ${speed}, packing outlasts two heartbeat intervals and fits its start-to-close timeout`, () => {
      const packing = itemsToPack(speed) * activityTimings(speed).packItem;
      expect(packing).to.be.at.least(2 * packHeartbeatInterval(speed));
      expect(packing).to.be.below(workflowTimeouts(speed).packStartToClose);
    });
  }
});
