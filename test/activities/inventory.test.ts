import { ApplicationFailure } from '@temporalio/common';
import { expect } from 'chai';
import { orderWith } from '../../src/domain/order';
import { activitiesForTest, activityInfo, mockEnvironment } from './helpers';
import { withTemporaryLedger } from '../helpers/temporary-ledger';

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

  describe('with a ledger', () => {
    const ledger = withTemporaryLedger();

    it('reserves nothing on the outage attempts, once on the attempt that succeeds', async () => {
      const { activities } = activitiesForTest({ ledger: ledger.current() });
      for (const attempt of [1, 2, 3, 4]) {
        await mockEnvironment(activityInfo('2', attempt))
          .run(activities.reserve_inventory, order, true)
          .catch(() => undefined);
        expect(ledger.current().effects(), `after attempt ${attempt}`).to.deep.equal([]);
      }
      await mockEnvironment(activityInfo('2', 5)).run(activities.reserve_inventory, order, true);

      const reservations = ledger.current().effects();
      expect(reservations).to.have.length(1);
      expect(reservations[0]).to.deep.include({
        key: 'wf-1/2',
        service: 'inventory',
        action: 'reserve',
        attempt: 5,
        result: 'Inventory reserved for order order-1 (recovered after 5 attempts)',
      });
    });

    it('answers a retry after a reservation with the original result', async () => {
      const { activities } = activitiesForTest({ ledger: ledger.current() });
      await mockEnvironment(activityInfo('2', 5)).run(activities.reserve_inventory, order, true);
      const retry = await mockEnvironment(activityInfo('2', 6)).run(
        activities.reserve_inventory,
        order,
        true,
      );

      expect(retry).to.equal('Inventory reserved for order order-1 (recovered after 5 attempts)');
      expect(ledger.current().effects()).to.have.length(1);
    });
  });
});

describe('release_inventory', () => {
  const ledger = withTemporaryLedger();
  const order = orderWith({});

  it('releases the reservation it names, once', async () => {
    const { activities } = activitiesForTest({ ledger: ledger.current() });
    await mockEnvironment(activityInfo('2')).run(activities.reserve_inventory, order, false);
    const first = await mockEnvironment(activityInfo('4', 1)).run(activities.release_inventory, order);
    const retry = await mockEnvironment(activityInfo('4', 2)).run(activities.release_inventory, order);

    expect([first, retry]).to.deep.equal([
      'Inventory released for order order-1',
      'Inventory released for order order-1',
    ]);
    const releases = ledger
      .current()
      .effects()
      .filter((effect) => effect.action === 'release');
    expect(releases).to.have.length(1);
    expect(releases[0]).to.deep.include({ key: 'wf-1/4', service: 'inventory', subject: 'wf-1/2' });
    expect(ledger.current().absorbedDuplicates()).to.have.length(1);
  });

  it('releases nothing, and says so, when the service holds no reservation', async () => {
    const { activities } = activitiesForTest({ ledger: ledger.current() });
    expect(await mockEnvironment(activityInfo('4')).run(activities.release_inventory, order)).to.equal(
      'No reservation to release for order order-1',
    );
    expect(ledger.current().effects()).to.deep.equal([]);
  });
});
