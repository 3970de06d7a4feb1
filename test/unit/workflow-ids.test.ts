import { expect } from 'chai';
import { RunWorkflowIds } from '../../src/temporal/order-client/workflow-ids';

/** 2026-01-01T00:00:00.950Z: 50 ms before the next second. */
const LATE_IN_A_SECOND = 1_767_225_600_950;

/** A clock that reads the given times in turn, then stays at the last. */
function clockReading(...times: number[]): () => Date {
  let read = 0;
  return () => new Date(times[Math.min(read++, times.length - 1)]);
}

describe("a run's workflow IDs", () => {
  it("never gives two of a run's orders one ID, in the sample's format: the second waits for the next second", async () => {
    const ids = new RunWorkflowIds(clockReading(LATE_IN_A_SECOND, LATE_IN_A_SECOND, LATE_IN_A_SECOND + 50));
    expect(await ids.fresh('order-1')).to.equal('order-order-1-1767225600');
    expect(await ids.fresh('order-1')).to.equal('order-order-1-1767225601');
  });

  it('shares nothing between runs: each run gives its first order the ID of the moment', async () => {
    const first = new RunWorkflowIds(clockReading(LATE_IN_A_SECOND, LATE_IN_A_SECOND + 50));
    const second = new RunWorkflowIds(clockReading(LATE_IN_A_SECOND, LATE_IN_A_SECOND + 50));
    expect(await first.fresh('order-2')).to.equal('order-order-2-1767225600');
    expect(await second.fresh('order-2')).to.equal('order-order-2-1767225600');
  });
});
