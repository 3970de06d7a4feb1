import { expect } from 'chai';
import {
  activityTimings,
  InvalidSpeedError,
  MAX_SPEED,
  MIN_TIMEOUT_MS,
  parseSpeed,
  SAMPLE_TIMINGS,
  scaleDelay,
  scaleTimeout,
  workflowTimeouts,
} from '../../src/domain/speed';

describe('speed', () => {
  it('parses factors from 0.1 to 100', () => {
    expect(parseSpeed('1')).to.equal(1);
    expect(parseSpeed('10')).to.equal(10);
    expect(parseSpeed('0.5')).to.equal(0.5);
    expect(parseSpeed('100')).to.equal(100);
  });

  for (const input of ['0', '-1', 'abc', '', '1e3', '101', '0.01', 'Infinity', 'NaN', '10x']) {
    it(`rejects ${JSON.stringify(input)}`, () => {
      expect(() => parseSpeed(input)).to.throw(InvalidSpeedError, /expected a number from 0.1 to 100/);
    });
  }

  it("keeps the sample's timings at speed 1", () => {
    expect(workflowTimeouts(1)).to.deep.equal({
      paymentStartToClose: 10_000,
      inventoryStartToClose: 15_000,
      packStartToClose: 360_000,
      packHeartbeatTimeout: 30_000,
      deliveryStartToClose: 10_000,
      approvalWindow: 30_000,
      retryInitialInterval: undefined,
    });
    expect(activityTimings(1)).to.deep.equal({
      paymentWork: 1_000,
      inventoryWork: 1_000,
      inventoryOutageAttempt: 10_000,
      packItem: 10_000,
      packBackgroundHeartbeat: 5_000,
      deliveryWork: 1_000,
    });
  });

  it('divides every latency and timeout by the factor', () => {
    const timeouts = workflowTimeouts(10);
    expect(timeouts.approvalWindow).to.equal(3_000);
    expect(timeouts.packHeartbeatTimeout).to.equal(3_000);
    expect(timeouts.retryInitialInterval).to.equal(100);
    expect(activityTimings(10).packItem).to.equal(1_000);
    expect(activityTimings(10).packBackgroundHeartbeat).to.equal(500);
    expect(activityTimings(0.5).paymentWork).to.equal(2_000);
  });

  it('never shrinks a timeout below the floor, but does shrink simulated work', () => {
    expect(scaleTimeout(SAMPLE_TIMINGS.paymentStartToClose, 100)).to.equal(MIN_TIMEOUT_MS);
    expect(scaleDelay(SAMPLE_TIMINGS.paymentWork, 100)).to.equal(10);
  });

  it('leaves every timeout at least 2 s at any speed: a busy two-core machine delays a task by a second now and then', () => {
    for (const speed of [10, 20, 50, MAX_SPEED]) {
      const timeouts = workflowTimeouts(speed);
      for (const [name, ms] of Object.entries(timeouts)) {
        if (typeof ms === 'number' && /StartToClose|HeartbeatTimeout|approvalWindow/.test(name)) {
          expect(ms, `${name} at speed ${speed}`).to.be.at.least(2_000);
        }
      }
    }
  });
});
