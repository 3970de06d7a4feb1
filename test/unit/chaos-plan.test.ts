// A chaos run's plan is a function of its seed: the same seed gives the same orders and faults, in the mix and
// within the window the settings ask for.
import { expect } from 'chai';
import type { ChaosSettings } from '../../src/chaos/plan';
import { chaosPlan, DESIGNED_OUTCOME } from '../../src/chaos/plan';

const SETTINGS: ChaosSettings = {
  orders: 100,
  activityWorkers: 2,
  workflowWorkers: 2,
  killActivityWorkers: 20,
  killWorkflowWorkers: 3,
  serverRestarts: 1,
  killHistoryHosts: 0,
  killMatching: 0,
  databaseRestarts: 0,
  regionFailovers: 0,
  seed: 1,
  speed: 10,
  retryPolicy: 'idempotent',
  compensate: true,
};

describe('chaos plan', () => {
  it('is the same for the same seed, and differs for another seed', () => {
    expect(chaosPlan(SETTINGS)).to.deep.equal(chaosPlan({ ...SETTINGS }));
    expect(chaosPlan({ ...SETTINGS, seed: 2 }).faults).to.not.deep.equal(chaosPlan(SETTINGS).faults);
    expect(chaosPlan({ ...SETTINGS, seed: 2 }).orders.map((order) => order.kind)).to.not.deep.equal(
      chaosPlan(SETTINGS).orders.map((order) => order.kind),
    );
  });

  it('plans the failovers between regions it is asked for, inside the window, none otherwise', () => {
    expect(chaosPlan(SETTINGS).faults.filter((fault) => fault.target === 'region-failover')).to.deep.equal(
      [],
    );
    const plan = chaosPlan({ ...SETTINGS, serverRestarts: 0, regionFailovers: 3 });
    const failovers = plan.faults.filter((fault) => fault.target === 'region-failover');
    expect(failovers).to.have.length(3);
    for (const failover of failovers) {
      expect(failover.atMs).to.be.within(plan.windowMs * 0.15, plan.windowMs * 0.75);
    }
  });

  it('plans every order of every kind with its designed outcome, started across the window', () => {
    const plan = chaosPlan(SETTINGS);
    expect(plan.orders).to.have.length(100);
    const count = (kind: string) => plan.orders.filter((order) => order.kind === kind).length;
    expect(count('plain')).to.equal(30);
    expect(count('packing')).to.equal(20);
    expect(count('inventory-outage')).to.equal(10);
    expect(count('declined-card')).to.equal(10);
    expect(count('approved-late')).to.equal(15);
    expect(count('never-approved')).to.equal(15);
    for (const order of plan.orders) expect(order.designed).to.equal(DESIGNED_OUTCOME[order.kind]);
    expect(plan.orders[0].startAtMs).to.equal(0);
    expect(plan.orders.at(-1)?.startAtMs).to.be.below(plan.windowMs);
    expect(plan.windowMs).to.equal(20_000);
  });

  it('plans the faults asked for, in order, within the window, on members of the pools', () => {
    const plan = chaosPlan({ ...SETTINGS, orders: 7 });
    expect(plan.orders).to.have.length(7);
    const of = (target: string) => plan.faults.filter((fault) => fault.target === target);
    expect(of('activity-worker')).to.have.length(20);
    expect(of('workflow-worker')).to.have.length(3);
    expect(of('server')).to.have.length(1);
    const times = plan.faults.map((fault) => fault.atMs);
    expect(times).to.deep.equal([...times].sort((a, b) => a - b));
    for (const fault of plan.faults) {
      expect(fault.atMs).to.be.within(0, plan.windowMs);
      expect(fault.victim).to.be.within(0, 1);
    }
  });
});
