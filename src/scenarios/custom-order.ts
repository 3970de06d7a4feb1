import { requireRealTime } from '../runs/runnable';
import { EXIT } from '../domain/errors';
import { ORDER_FULFILLED } from '../domain/contract';
import { orderOptions, orderRunSpec } from './order-options';
import { MANUAL_APPROVAL_NEEDS_REAL_TIME, runOrderInProcess } from './order-steps';
import type { Scenario } from './scenario';

const options = orderOptions('auto');

/** `run`: the sample starter's flags, on one command, checked against what the workflow should do with them. */
export const customOrder: Scenario<typeof options> = {
  name: 'run',
  title: 'One order, as the sample starter would place it',
  summary: "One order with the sample starter's flags, end to end, on one command.",
  lesson:
    'The same workflow handles every variation of an order (an outage, a declined card, a large packing job, ' +
    'no approval) without special cases in the caller: retries, timeouts and waits are the workflow definition.',
  options,
  validate: ({ approval }, server) =>
    requireRealTime(
      customOrder.name,
      server,
      approval === 'manual' ? MANUAL_APPROVAL_NEEDS_REAL_TIME : undefined,
    ),
  run: (context, options) =>
    runOrderInProcess(context, customOrder.name, orderRunSpec(options, context.speed)),
  // The order itself must be fulfilled, not only behave as designed (a declined card is a failed order).
  exitCode: (report) => (report.passed && report.result === ORDER_FULFILLED ? EXIT.ok : EXIT.failed),
};
