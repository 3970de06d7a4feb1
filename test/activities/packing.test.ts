import type { MockActivityEnvironment } from '@temporalio/testing';
import { expect } from 'chai';
import { skus } from '../../src/domain/order';
import type { PackingCheckpoint } from '../../src/domain/packing';
import { absorbedDescriptions, activitiesForTest, activityInfo, mockEnvironment } from './helpers';
import { withTemporaryLedger } from '../helpers/temporary-ledger';

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

  describe('with a ledger', () => {
    const ledger = withTemporaryLedger();
    let slipsNumbered = 0;
    /** The warehouse numbers each slip it would open anew. */
    const nextSlipId = () => `SLIP-0000000${++slipsNumbered}`;

    beforeEach(() => {
      slipsNumbered = 0;
    });

    it('opens one slip and records each item once', async () => {
      const { activities, reported } = activitiesForTest({
        ledger: ledger.current(),
        newPackingSlipId: nextSlipId,
      });

      await mockEnvironment(activityInfo('3')).run(activities.pack_order_items, items);

      const effects = ledger.current().effects();
      expect(effects.map((effect) => `${effect.action} ${effect.subject} ${effect.key}`)).to.deep.equal([
        'open-slip SLIP-00000001 wf-1/3',
        'pack SKU-001 SLIP-00000001/SKU-001',
        'pack SKU-002 SLIP-00000001/SKU-002',
        'pack SKU-003 SLIP-00000001/SKU-003',
        'pack SKU-004 SLIP-00000001/SKU-004',
      ]);
      expect(absorbedDescriptions(reported)).to.deep.equal([]);
    });

    it('absorbs the items a resumed attempt packs again, and keeps the checkpoint logic as it is', async () => {
      const { activities, reported } = activitiesForTest({
        ledger: ledger.current(),
        newPackingSlipId: nextSlipId,
      });
      await mockEnvironment(activityInfo('3', 1)).run(activities.pack_order_items, items);
      reported.length = 0;
      // The server held a checkpoint two items behind the worker that died.
      const checkpoint: PackingCheckpoint = {
        last_processed_idx: 1,
        last_item_sku: 'SKU-002',
        packing_slip_id: 'SLIP-00000001',
      };

      const result = await mockEnvironment({ ...activityInfo('3', 2), heartbeatDetails: checkpoint }).run(
        activities.pack_order_items,
        items,
      );

      expect(result).to.equal('Packed 4 items (slip: SLIP-00000001)');
      expect(reported[0]).to.deep.include({ type: 'packing.resumed', fromIndex: 2 });
      expect(absorbedDescriptions(reported)).to.deep.equal([
        'warehouse: SKU-003 for slip SLIP-00000001 already packed — recorded once',
        'warehouse: SKU-004 for slip SLIP-00000001 already packed — recorded once',
      ]);
      expect(ledger.current().effects()).to.have.length(5);
      expect(
        ledger
          .current()
          .absorbedDuplicates()
          .map((duplicate) => duplicate.key),
      ).to.deep.equal(['SLIP-00000001/SKU-003', 'SLIP-00000001/SKU-004']);
    });

    it('gives a retry that lost the slip heartbeat the slip the warehouse already opened', async () => {
      const { activities, reported } = activitiesForTest({
        ledger: ledger.current(),
        newPackingSlipId: nextSlipId,
      });
      await mockEnvironment(activityInfo('3', 1)).run(activities.pack_order_items, items.slice(0, 1));

      const result = await mockEnvironment(activityInfo('3', 2)).run(
        activities.pack_order_items,
        items.slice(0, 1),
      );

      expect(result).to.equal('Packed 1 items (slip: SLIP-00000001)');
      expect(absorbedDescriptions(reported)).to.deep.equal([
        'warehouse: slip SLIP-00000001 already opened for this packing — the same slip again',
        'warehouse: SKU-001 for slip SLIP-00000001 already packed — recorded once',
      ]);
      expect(
        ledger
          .current()
          .effects()
          .filter((effect) => effect.action === 'open-slip'),
      ).to.have.length(1);
    });
  });
});
