import { ApplicationFailure } from '@temporalio/common';
import { expect } from 'chai';
import { orderWith } from '../../src/domain/order';
import { activitiesForTest, mockEnvironment } from './helpers';

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
});
