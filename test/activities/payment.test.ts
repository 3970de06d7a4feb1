import { ApplicationFailure } from '@temporalio/common';
import { expect } from 'chai';
import { orderWith } from '../../src/domain/order';
import { absorbedDescriptions, activitiesForTest, activityInfo, mockEnvironment } from './helpers';
import { withTemporaryLedger } from '../helpers/temporary-ledger';

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(ApplicationFailure);
    return error as ApplicationFailure;
  }
  throw new Error('expected the activity to fail');
}

describe('process_payment', () => {
  const { activities } = activitiesForTest();

  it('processes a valid card', async () => {
    const result = await mockEnvironment().run(activities.process_payment, orderWith({}));
    expect(result).to.equal('Payment processed for order order-1');
  });

  it('accepts a card that expires this month', async () => {
    const result = await mockEnvironment().run(
      activities.process_payment,
      orderWith({ credit_card_expiry: '11/26' }),
    );
    expect(result).to.equal('Payment processed for order order-1');
  });

  it('declines an expired card with a non-retryable failure', async () => {
    const failure = await failureOf(
      mockEnvironment().run(activities.process_payment, orderWith({ credit_card_expiry: '12/23' })),
    );
    expect(failure.message).to.equal('Invalid credit card expiry');
    expect(failure.nonRetryable).to.equal(true);
  });

  for (const expiry of ['13/30', '1/30', 'ab/cd', '']) {
    it(`rejects the malformed expiry ${JSON.stringify(expiry)} with a non-retryable failure`, async () => {
      const failure = await failureOf(
        mockEnvironment().run(activities.process_payment, orderWith({ credit_card_expiry: expiry })),
      );
      expect(failure.message).to.match(/^Invalid credit card expiry: /);
      expect(failure.nonRetryable).to.equal(true);
    });
  }

  describe('with a ledger', () => {
    const ledger = withTemporaryLedger();

    it('charges once: a retry of the same activity is absorbed and answered with the original result', async () => {
      const { activities, reported } = activitiesForTest({ ledger: ledger.current() });
      const order = orderWith({});

      const first = await mockEnvironment(activityInfo('1', 1)).run(activities.process_payment, order);
      const retry = await mockEnvironment(activityInfo('1', 2)).run(activities.process_payment, order);

      expect([first, retry]).to.deep.equal([
        'Payment processed for order order-1',
        'Payment processed for order order-1',
      ]);
      const charges = ledger.current().effects();
      expect(charges).to.have.length(1);
      expect(charges[0]).to.deep.include({
        key: 'wf-1/1',
        service: 'payment',
        action: 'charge',
        workflowId: 'wf-1',
        orderId: 'order-1',
        attempt: 1,
      });
      expect(
        ledger
          .current()
          .absorbedDuplicates()
          .map((duplicate) => duplicate.attempt),
      ).to.deep.equal([2]);
      expect(absorbedDescriptions(reported)).to.deep.equal([
        'payment: order order-1 already charged — recorded once, not charged again',
      ]);
    });

    it('charges nothing for a declined card', async () => {
      const { activities } = activitiesForTest({ ledger: ledger.current() });
      await failureOf(
        mockEnvironment(activityInfo('1')).run(
          activities.process_payment,
          orderWith({ credit_card_expiry: '12/23' }),
        ),
      );
      expect(ledger.current().effects()).to.deep.equal([]);
    });
  });
});

describe('refund_payment', () => {
  const ledger = withTemporaryLedger();
  const order = orderWith({});

  it('refunds the charge it names, once: a retry after a crash is absorbed', async () => {
    const { activities, reported } = activitiesForTest({ ledger: ledger.current() });
    await mockEnvironment(activityInfo('1')).run(activities.process_payment, order);

    const first = await mockEnvironment(activityInfo('5', 1)).run(activities.refund_payment, order);
    const retry = await mockEnvironment(activityInfo('5', 2)).run(activities.refund_payment, order);

    expect([first, retry]).to.deep.equal([
      'Payment refunded for order order-1',
      'Payment refunded for order order-1',
    ]);
    const refunds = ledger
      .current()
      .effects()
      .filter((effect) => effect.action === 'refund');
    expect(refunds).to.have.length(1);
    expect(refunds[0]).to.deep.include({ key: 'wf-1/5', service: 'payment', subject: 'wf-1/1', attempt: 1 });
    expect(absorbedDescriptions(reported)).to.deep.equal([
      'payment: order order-1 already refunded — recorded once, not refunded again',
    ]);
  });

  it('refunds nothing, and says so, when the gateway holds no charge (a charge that timed out before it was made)', async () => {
    const { activities } = activitiesForTest({ ledger: ledger.current() });
    const result = await mockEnvironment(activityInfo('5')).run(activities.refund_payment, order);
    expect(result).to.equal('No charge to refund for order order-1');
    expect(ledger.current().effects()).to.deep.equal([]);
  });

  it('refunds as asked on a worker that keeps no ledger', async () => {
    const { activities } = activitiesForTest();
    expect(await mockEnvironment(activityInfo('5')).run(activities.refund_payment, order)).to.equal(
      'Payment refunded for order order-1',
    );
  });
});
