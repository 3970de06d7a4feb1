import { expect } from 'chai';
import { orderWith } from '../../src/domain/order';
import { absorbedDescriptions, activitiesForTest, activityInfo, mockEnvironment } from './helpers';
import { withTemporaryLedger } from '../helpers/temporary-ledger';

describe('deliver_order', () => {
  it('delivers the order', async () => {
    const { activities } = activitiesForTest();
    const result = await mockEnvironment().run(activities.deliver_order, orderWith({}));
    expect(result).to.equal('Order order-1 delivered');
  });

  describe('with a ledger', () => {
    const ledger = withTemporaryLedger();

    it('hands the order to the courier once, however often the activity runs', async () => {
      const { activities, reported } = activitiesForTest({ ledger: ledger.current() });
      for (const attempt of [1, 2]) {
        await mockEnvironment(activityInfo('4', attempt)).run(activities.deliver_order, orderWith({}));
      }
      const deliveries = ledger.current().effects();
      expect(deliveries).to.have.length(1);
      expect(deliveries[0]).to.deep.include({ key: 'wf-1/4', service: 'courier', action: 'deliver' });
      expect(absorbedDescriptions(reported)).to.deep.equal([
        'courier: order order-1 already delivered — recorded once',
      ]);
    });
  });
});
