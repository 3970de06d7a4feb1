// Other-language workers (the Python sample's) depend on these exact names and shapes.
import { expect } from 'chai';
import {
  ACTIVITY,
  activityResults,
  APPROVE_SIGNAL,
  APPROVE_UPDATE,
  approveOrder,
  approveOrderUpdate,
  COMPENSATION,
  INVALID_CARD_MESSAGE,
  ORDER_EXPIRED,
  ORDER_FULFILLED,
  TASK_QUEUE,
  WORKFLOW_TYPE,
} from '../../src/domain/contract';
import { CHECKPOINT_DEMO_ORDER_ID, SAMPLE_ORDER, skus, workflowIdFor } from '../../src/domain/order';
import { isPackingSlipId, startingCheckpoint } from '../../src/domain/packing';
import { randomPackingSlipId } from '../../src/activities';
import { workflowArguments } from '../../src/domain/order-run';
import { OrderWorkflow } from '../../src/workflows';

describe('wire contract', () => {
  it('names the task queue, workflow, signal and activities as the Python sample does', () => {
    expect(TASK_QUEUE).to.equal('order-task-queue');
    expect(WORKFLOW_TYPE).to.equal('OrderWorkflow');
    expect(OrderWorkflow.name).to.equal(WORKFLOW_TYPE);
    expect(APPROVE_SIGNAL).to.equal('approve_order');
    expect(approveOrder.name).to.equal(APPROVE_SIGNAL);
    expect(Object.values(ACTIVITY)).to.deep.equal([
      'process_payment',
      'reserve_inventory',
      'pack_order_items',
      'deliver_order',
    ]);
  });

  it("names order-demo's own additions apart from the sample's: the compensations and the approval update", () => {
    expect(Object.values(COMPENSATION)).to.deep.equal(['refund_payment', 'release_inventory']);
    expect(APPROVE_UPDATE).to.equal('approve_order_update');
    expect(approveOrderUpdate.name).to.equal(APPROVE_UPDATE);
    expect(activityResults.paymentRefunded('o')).to.equal('Payment refunded for order o');
    expect(activityResults.inventoryReleased('o')).to.equal('Inventory released for order o');
  });

  it('spells the results and the card failure exactly', () => {
    expect(ORDER_FULFILLED).to.equal('Order fulfilled');
    expect(ORDER_EXPIRED).to.equal('Order expired');
    expect(INVALID_CARD_MESSAGE).to.equal('Invalid credit card expiry');
    expect(activityResults.paymentProcessed('o')).to.equal('Payment processed for order o');
    expect(activityResults.inventoryReserved('o')).to.equal('Inventory reserved for order o');
    expect(activityResults.inventoryReserved('o', 5)).to.equal(
      'Inventory reserved for order o (recovered after 5 attempts)',
    );
    expect(activityResults.itemsPacked(3, 'SLIP-0000ABCD')).to.equal('Packed 3 items (slip: SLIP-0000ABCD)');
    expect(activityResults.orderDelivered('o')).to.equal('Order o delivered');
  });

  it('has exactly the Order fields of the sample, with the starter’s values', () => {
    expect(Object.keys(SAMPLE_ORDER).sort()).to.deep.equal(
      ['credit_card_expiry', 'item', 'items_to_pack', 'order_id', 'quantity'].sort(),
    );
    expect(SAMPLE_ORDER).to.deep.include({
      order_id: 'order-1',
      item: 'widget',
      quantity: 1,
      credit_card_expiry: '12/30',
    });
  });

  it('names SKUs and workflow IDs as the sample does', () => {
    expect(skus(30, 0)[0]).to.equal('SKU-000');
    expect(skus(30, 0)[29]).to.equal('SKU-029');
    expect(skus(10, 1)).to.have.length(10).and.to.include.members(['SKU-001', 'SKU-010']);
    expect(CHECKPOINT_DEMO_ORDER_ID).to.equal('checkpoint-demo');
    expect(workflowIdFor('order-1', new Date(1_767_225_600_500))).to.equal('order-order-1-1767225600');
  });

  it('shapes the packing checkpoint and slip IDs as the sample does', () => {
    expect(startingCheckpoint('SLIP-1234ABCD')).to.deep.equal({
      last_processed_idx: -1,
      last_item_sku: 'not_started',
      packing_slip_id: 'SLIP-1234ABCD',
    });
    for (let i = 0; i < 20; i++) expect(isPackingSlipId(randomPackingSlipId())).to.equal(true);
  });

  it("passes exactly the sample's two workflow arguments at the default speed", () => {
    const spec = { order: SAMPLE_ORDER, inventoryDown: false, approval: 'auto' as const };
    expect(workflowArguments({ ...spec, speed: 1 })).to.deep.equal([SAMPLE_ORDER, false]);
    expect(workflowArguments({ ...spec, speed: 10 })).to.deep.equal([SAMPLE_ORDER, false, { speed: 10 }]);
  });

  it('passes compensation only when it is on, so that default orders stay the sample’s', () => {
    const spec = { order: SAMPLE_ORDER, inventoryDown: false, approval: 'none' as const, speed: 1 };
    expect(workflowArguments({ ...spec, compensate: false })).to.deep.equal([SAMPLE_ORDER, false]);
    expect(workflowArguments({ ...spec, compensate: true })).to.deep.equal([
      SAMPLE_ORDER,
      false,
      { compensate: true },
    ]);
  });

  it('gives a person approving by hand the real approval window, whatever the speed', () => {
    const spec = { order: SAMPLE_ORDER, inventoryDown: false, approval: 'manual' as const };
    expect(workflowArguments({ ...spec, speed: 1 })).to.deep.equal([SAMPLE_ORDER, false]);
    expect(workflowArguments({ ...spec, speed: 10 })).to.deep.equal([
      SAMPLE_ORDER,
      false,
      { speed: 10, approvalWindowMs: 30_000 },
    ]);
    expect(workflowArguments({ ...spec, speed: 0.5 })).to.deep.equal([SAMPLE_ORDER, false, { speed: 0.5 }]);
  });
});
