import { ApplicationFailure } from '@temporalio/common';
import { expect } from 'chai';
import { orderWith } from '../../src/domain/order';
import { activitiesForTest, mockEnvironment } from './helpers';

describe('reserve_inventory', () => {
  const { activities } = activitiesForTest();
  const order = orderWith({});

  it('reserves at once while the service is up', async () => {
    const result = await mockEnvironment().run(activities.reserve_inventory, order, false);
    expect(result).to.equal('Inventory reserved for order order-1');
  });

  for (const attempt of [1, 2, 3, 4]) {
    it(`fails retryably on attempt ${attempt} while the service is down`, async () => {
      try {
        await mockEnvironment({ attempt }).run(activities.reserve_inventory, order, true);
        expect.fail('should have failed');
      } catch (error) {
        expect(error).to.be.instanceOf(ApplicationFailure);
        expect((error as ApplicationFailure).nonRetryable).to.equal(false);
        expect((error as ApplicationFailure).message).to.contain(`attempt ${attempt}`);
      }
    });
  }

  it('recovers on attempt 5 and says after how many attempts', async () => {
    const result = await mockEnvironment({ attempt: 5 }).run(activities.reserve_inventory, order, true);
    expect(result).to.equal('Inventory reserved for order order-1 (recovered after 5 attempts)');
  });
});
