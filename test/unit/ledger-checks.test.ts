// The ledger's checks of one order, on ledgers written here: what passes for each designed outcome, and what a
// missing or doubled effect looks like.
import { expect } from 'chai';
import type { EffectAction, ServiceName } from '../../src/domain/effects';
import type { Effect } from '../../src/services/effects';
import type { Ledger } from '../../src/services/ledger';
import { withTemporaryLedger } from '../helpers/temporary-ledger';
import type { LedgerExpectation } from '../../src/verification/ledger-checks';
import { keptEffects, ledgerByOrder, ledgerChecks } from '../../src/verification/ledger-checks';

const WORKFLOW_ID = 'order-order-1-1767225600';
const SERVICES: Record<EffectAction, ServiceName> = {
  charge: 'payment',
  reserve: 'inventory',
  'open-slip': 'warehouse',
  pack: 'warehouse',
  deliver: 'courier',
  refund: 'payment',
  release: 'inventory',
};

function effect(action: EffectAction, key: string, subject?: string): Effect {
  // A refund or a release names what it gives back as its subject; its order is the order's.
  return {
    key,
    service: SERVICES[action],
    action,
    workflowId: WORKFLOW_ID,
    orderId: action === 'pack' || action === 'open-slip' ? undefined : 'order-1',
    subject,
    result: `${action} done`,
    attempt: 1,
    worker: 'test-worker',
  };
}

describe('ledger checks', () => {
  const temporary = withTemporaryLedger();
  let ledger: Ledger;
  beforeEach(() => {
    ledger = temporary.current();
  });

  function checksOf(expectation: Partial<LedgerExpectation>) {
    return ledgerChecks(ledger, {
      workflowId: WORKFLOW_ID,
      expected: 'fulfilled',
      items: [],
      compensate: false,
      ...expectation,
    });
  }

  function fulfilledWithPacking(): void {
    ledger.record(effect('charge', `${WORKFLOW_ID}/1`));
    ledger.record(effect('reserve', `${WORKFLOW_ID}/2`));
    ledger.record(effect('open-slip', `${WORKFLOW_ID}/3`, 'SLIP-0000000A'));
    ledger.record(effect('pack', 'SLIP-0000000A/SKU-001', 'SKU-001'));
    ledger.record(effect('pack', 'SLIP-0000000A/SKU-002', 'SKU-002'));
    ledger.record(effect('deliver', `${WORKFLOW_ID}/4`));
  }

  it('passes a fulfilled order with one of each effect and each SKU packed once', () => {
    fulfilledWithPacking();
    const list = checksOf({ items: ['SKU-001', 'SKU-002'] });
    expect(list.map((check) => check.name)).to.deep.equal([
      'exactly one charge in the ledger',
      'exactly one reservation in the ledger',
      'exactly one packing slip in the ledger',
      'each of the 2 SKUs packed exactly once in the ledger',
      'exactly one delivery in the ledger',
      'no release in the ledger',
      'no refund in the ledger',
    ]);
    expect(list.every((check) => check.passed)).to.equal(true);
    expect(list[0].evidence).to.equal(`#1 key ${WORKFLOW_ID}/1: "charge done" (attempt 1, test-worker)`);
    expect(list[3].evidence).to.equal(
      '2 records, one per SKU: #4 key SLIP-0000000A/SKU-001 … #5 key SLIP-0000000A/SKU-002',
    );
  });

  it('reports the repeated calls absorbed, with their keys, as a passing check', () => {
    fulfilledWithPacking();
    ledger.record({ ...effect('pack', 'SLIP-0000000A/SKU-002', 'SKU-002'), attempt: 2 });
    const absorbed = checksOf({ items: ['SKU-001', 'SKU-002'] }).at(-1);
    expect(absorbed).to.deep.equal({
      name: '1 repeated call absorbed by its idempotency key',
      passed: true,
      evidence: 'SLIP-0000000A/SKU-002 (attempt 2, repeating #5)',
    });
  });

  it('expects nothing at all for a declined card', () => {
    const list = checksOf({ expected: 'card-declined', items: ['SKU-001'] });
    expect(list.map((check) => check.name)).to.deep.equal([
      'no charge in the ledger',
      'no reservation in the ledger',
      'no packing slip and no packed item in the ledger',
      'no delivery in the ledger',
      'no release in the ledger',
      'no refund in the ledger',
    ]);
    expect(list.every((check) => check.passed)).to.equal(true);
    expect(list[0].evidence).to.equal(`none among the ledger's 0 effects of ${WORKFLOW_ID}`);
  });

  it('fails a charge recorded for a declined card', () => {
    ledger.record(effect('charge', `${WORKFLOW_ID}/1`));
    const [charged] = checksOf({ expected: 'card-declined' });
    expect(charged).to.deep.include({ name: 'no charge in the ledger', passed: false });
  });

  it('expects no delivery for an expired order, and fails one', () => {
    ledger.record(effect('charge', `${WORKFLOW_ID}/1`));
    ledger.record(effect('reserve', `${WORKFLOW_ID}/2`));
    expect(checksOf({ expected: 'expired' }).every((check) => check.passed)).to.equal(true);

    ledger.record(effect('deliver', `${WORKFLOW_ID}/4`));
    expect(
      checksOf({ expected: 'expired' }).find((check) => check.name.includes('delivery')),
    ).to.deep.include({
      name: 'no delivery in the ledger',
      passed: false,
    });
  });

  it('fails a second charge under another key, naming both records', () => {
    ledger.record(effect('charge', `${WORKFLOW_ID}/1`));
    ledger.record(effect('charge', `${WORKFLOW_ID}/9`));
    const [charged] = checksOf({ expected: 'expired' });
    expect(charged.passed).to.equal(false);
    expect(charged.evidence).to.contain(`#1 key ${WORKFLOW_ID}/1`).and.contain(`#2 key ${WORKFLOW_ID}/9`);
  });

  it('fails a SKU packed twice (on a second slip) and a SKU never packed', () => {
    ledger.record(effect('pack', 'SLIP-0000000A/SKU-001', 'SKU-001'));
    ledger.record(effect('pack', 'SLIP-0000000B/SKU-001', 'SKU-001'));
    const packed = checksOf({ items: ['SKU-001', 'SKU-002'] }).find((check) =>
      check.name.startsWith('each of'),
    );
    expect(packed).to.deep.include({
      passed: false,
      evidence: 'SKU-001 packed 2 times; SKU-002 packed 0 times',
    });
  });

  it('groups the ledger per order, naming the order from the effects that carry it', () => {
    fulfilledWithPacking();
    ledger.record({ ...effect('charge', 'other/1'), workflowId: 'other', orderId: 'order-2' });
    const orders = ledgerByOrder(ledger);
    expect(
      orders.map(({ workflowId, orderId, effects }) => [workflowId, orderId, effects.length]),
    ).to.deep.equal([
      [WORKFLOW_ID, 'order-1', 6],
      ['other', 'order-2', 1],
    ]);
  });

  describe('what an order that ends without delivery gives back', () => {
    /** The charge #1 and the reservation #2, and the compensations that name them. */
    function tookAndGaveBack({ refunds = 1, releases = 1 } = {}): void {
      ledger.record(effect('charge', `${WORKFLOW_ID}/1`));
      ledger.record(effect('reserve', `${WORKFLOW_ID}/2`));
      for (let index = 0; index < releases; index++) {
        ledger.record(effect('release', `${WORKFLOW_ID}/release-${index}`, `${WORKFLOW_ID}/2`));
      }
      for (let index = 0; index < refunds; index++) {
        ledger.record(effect('refund', `${WORKFLOW_ID}/refund-${index}`, `${WORKFLOW_ID}/1`));
      }
    }

    const givenBack = (list: ReturnType<typeof checksOf>) =>
      list.filter((check) => / (refunded|released) exactly once/.test(check.name));

    it('with compensation: each charge refunded and each reservation released exactly once, naming them', () => {
      tookAndGaveBack();
      const list = checksOf({ expected: 'expired', compensate: true });
      expect(list.every((check) => check.passed)).to.equal(true);
      const [released, refunded] = givenBack(list);
      expect(released.name).to.equal('each reservation released exactly once in the ledger');
      expect(refunded.name).to.equal('each charge refunded exactly once in the ledger');
      expect(refunded.evidence).to.equal(
        `#1 charge key ${WORKFLOW_ID}/1 ← #4 key ${WORKFLOW_ID}/refund-0: "refund done" (attempt 1, test-worker)`,
      );
    });

    it('with compensation: fails a charge kept, a charge refunded twice, and a refund of no charge', () => {
      tookAndGaveBack({ refunds: 0 });
      expect(givenBack(checksOf({ expected: 'expired', compensate: true }))[1]).to.deep.include({
        passed: false,
        evidence: 'charge #1 refunded 0 times',
      });
      ledger.record(effect('refund', `${WORKFLOW_ID}/refund-a`, `${WORKFLOW_ID}/1`));
      ledger.record(effect('refund', `${WORKFLOW_ID}/refund-b`, `${WORKFLOW_ID}/1`));
      ledger.record(effect('refund', `${WORKFLOW_ID}/refund-c`, 'another/1'));
      expect(givenBack(checksOf({ expected: 'expired', compensate: true }))[1].evidence).to.equal(
        `charge #1 refunded 2 times; refund #6 names another/1, no charge of ${WORKFLOW_ID}`,
      );
    });

    it('without compensation: the order keeps what it took, and the check says so', () => {
      tookAndGaveBack({ refunds: 0, releases: 0 });
      const list = checksOf({ expected: 'expired' });
      expect(list.every((check) => check.passed)).to.equal(true);
      expect(list.map((check) => check.name)).to.include(
        'no refund in the ledger: without compensation, the order keeps what it took',
      );
      expect(keptEffects(ledger.effects(), 'refund').map((kept) => kept.key)).to.deep.equal([
        `${WORKFLOW_ID}/1`,
      ]);
    });

    it('fails a refund of a delivered order', () => {
      fulfilledWithPacking();
      ledger.record(effect('refund', `${WORKFLOW_ID}/9`, `${WORKFLOW_ID}/1`));
      const refund = checksOf({ items: ['SKU-001', 'SKU-002'], compensate: true }).at(-1);
      expect(refund).to.deep.include({ name: 'no refund in the ledger', passed: false });
    });

    it('a cancelled order: at most one of each, no SKU packed twice, and what it took given back', () => {
      tookAndGaveBack();
      ledger.record(effect('open-slip', `${WORKFLOW_ID}/3`, 'SLIP-0000000A'));
      ledger.record(effect('pack', 'SLIP-0000000A/SKU-001', 'SKU-001'));
      const list = checksOf({
        expected: 'cancelled',
        items: ['SKU-001', 'SKU-002', 'SKU-003'],
        compensate: true,
      });
      expect(list.filter((check) => !check.passed)).to.deep.equal([]);
      expect(list.map((check) => check.name)).to.include.members([
        'at most one charge in the ledger',
        'no SKU packed twice in the ledger (1 of 3 packed)',
        'no delivery in the ledger',
        'each charge refunded exactly once in the ledger',
      ]);
    });
  });
});
