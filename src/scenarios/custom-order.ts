import { orderWith } from '../domain/order';
import type { OrderRunSpec } from '../domain/order-run';
import { DEFAULT_SPEED } from '../domain/speed';
import { MANUAL_APPROVAL_NEEDS_REAL_TIME, runOrderInProcess } from './order-run';
import type { Scenario } from './scenario';

/** `run`: the sample starter's flags, on one command, checked against what the workflow should do with them. */
export const customOrder: Scenario<OrderRunSpec> = {
  name: 'run',
  title: 'One order, as the sample starter would place it',
  summary: "One order with the sample starter's flags, end to end, on one command.",
  lesson:
    'The same workflow handles every variation of an order (an outage, a declined card, a large packing job, ' +
    'no approval) without special cases in the caller: retries, timeouts and waits are the workflow definition.',
  /** The sample starter's order, approved automatically. */
  defaults: { order: orderWith({}), inventoryDown: false, approval: 'auto', speed: DEFAULT_SPEED },
  needsRealTime: ({ approval }) => (approval === 'manual' ? MANUAL_APPROVAL_NEEDS_REAL_TIME : undefined),
  run: (context, spec) => runOrderInProcess(context, customOrder.name, spec),
};
