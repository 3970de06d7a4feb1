import type { MockActivityEnvironment } from '@temporalio/testing';
import { expect } from 'chai';
import { skus } from '../../src/domain/order';
import type { PackingCheckpoint } from '../../src/domain/packing';
import { activitiesForTest, mockEnvironment } from './helpers';

function recordHeartbeats(environment: MockActivityEnvironment): PackingCheckpoint[] {
  const heartbeats: PackingCheckpoint[] = [];
  environment.on('heartbeat', (details: PackingCheckpoint) => heartbeats.push(details));
  return heartbeats;
}

describe('pack_order_items', () => {
  const items = skus(4, 1);

  it('acquires a slip and heartbeats it before any item, then checkpoints after each item', async () => {
    const { activities, reported } = activitiesForTest();
    const environment = mockEnvironment();
    const heartbeats = recordHeartbeats(environment);

    const result = await environment.run(activities.pack_order_items, items);

    expect(result).to.equal('Packed 4 items (slip: SLIP-00C0FFEE)');
    expect(heartbeats[0]).to.deep.equal({
      last_processed_idx: -1,
      last_item_sku: 'not_started',
      packing_slip_id: 'SLIP-00C0FFEE',
    });
    expect(reported[0]).to.deep.include({ type: 'packing.slip-acquired', slipId: 'SLIP-00C0FFEE' });
    const checkpoints = heartbeats.filter(
      (details, index) => index === 0 || details !== heartbeats[index - 1],
    );
    expect(checkpoints.map((details) => details.last_processed_idx)).to.include.ordered.members([
      -1, 0, 1, 2, 3,
    ]);
    expect(heartbeats.at(-1)).to.deep.equal({
      last_processed_idx: 3,
      last_item_sku: 'SKU-004',
      packing_slip_id: 'SLIP-00C0FFEE',
    });
    expect(heartbeats.every((details) => details.packing_slip_id === 'SLIP-00C0FFEE')).to.equal(true);
  });

  it('resumes after the checkpoint with the same slip ID, skipping packed items', async () => {
    let slipsAcquired = 0;
    const { activities, reported } = activitiesForTest({
      newPackingSlipId: () => {
        slipsAcquired++;
        return 'SLIP-FFFFFFFF';
      },
    });
    const checkpoint: PackingCheckpoint = {
      last_processed_idx: 1,
      last_item_sku: 'SKU-002',
      packing_slip_id: 'SLIP-1234ABCD',
    };
    const environment = mockEnvironment({ attempt: 2, heartbeatDetails: checkpoint });
    const heartbeats = recordHeartbeats(environment);

    const result = await environment.run(activities.pack_order_items, items);

    expect(result).to.equal('Packed 4 items (slip: SLIP-1234ABCD)');
    expect(slipsAcquired).to.equal(0);
    expect(reported[0]).to.deep.equal({
      type: 'packing.resumed',
      attempt: 2,
      slipId: 'SLIP-1234ABCD',
      fromIndex: 2,
      total: 4,
    });
    const packed = reported.filter((event) => event.type === 'packing.item-packed');
    expect(packed.map((event) => event.type === 'packing.item-packed' && event.sku)).to.deep.equal([
      'SKU-003',
      'SKU-004',
    ]);
    expect(heartbeats.every((details) => details.packing_slip_id === 'SLIP-1234ABCD')).to.equal(true);
  });

  it('heartbeats in the background while an item takes long', async () => {
    // At speed 1 an item takes 10 s and the background heartbeat runs every 5 s; speed 10 keeps the ratio.
    const { activities } = activitiesForTest({ speed: 10 });
    const environment = mockEnvironment();
    const heartbeats = recordHeartbeats(environment);

    await environment.run(activities.pack_order_items, skus(1, 1));

    // Slip heartbeat, at least one background heartbeat during the 1 s item, the item's checkpoint.
    expect(heartbeats.length).to.be.at.least(3);
    expect(heartbeats[1]).to.deep.equal(heartbeats[0]);
  });

  it('starts afresh from heartbeat details it cannot resume from', async () => {
    const { activities, reported } = activitiesForTest();
    const environment = mockEnvironment({ attempt: 2, heartbeatDetails: { unexpected: true } });

    const result = await environment.run(activities.pack_order_items, items);

    expect(result).to.equal('Packed 4 items (slip: SLIP-00C0FFEE)');
    expect(reported[0].type).to.equal('packing.slip-acquired');
  });
});
