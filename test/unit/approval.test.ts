// What an approver reads when an approval comes too late: the workflow's update validator and `approve --update`
// (for an order already closed) say it alike.
import { expect } from 'chai';
import { approvalRefusal, timeAgo } from '../../src/domain/approval';

describe('the approval refused, in the approver’s words', () => {
  const at = Date.UTC(2026, 0, 1);

  it('says how long ago, in whole seconds, or less than a second', () => {
    expect(timeAgo(4_400)).to.equal('4 s ago');
    expect(timeAgo(999)).to.equal('less than a second ago');
  });

  it('names each way an order is decided', () => {
    expect(approvalRefusal({ decision: 'expired', atMs: at }, at + 4_000)).to.equal(
      'the order expired 4 s ago',
    );
    expect(approvalRefusal({ decision: 'approved', atMs: at }, at + 200)).to.equal(
      'the order was already approved less than a second ago',
    );
    expect(approvalRefusal({ decision: 'cancelled', atMs: at }, at + 2_000)).to.equal(
      'the order was cancelled 2 s ago',
    );
    expect(approvalRefusal({ decision: 'failed', atMs: at, why: 'jammed' }, at + 61_000)).to.equal(
      'the order failed 61 s ago: jammed',
    );
    expect(approvalRefusal({ decision: 'delivered', atMs: at }, at + 3_000)).to.equal(
      'the order was approved and delivered; it closed 3 s ago',
    );
  });
});
