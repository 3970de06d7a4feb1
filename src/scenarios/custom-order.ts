import type { OrderRunSpec } from '../domain/order-run';
import { MANUAL_APPROVAL_NEEDS_REAL_TIME, runOrderInProcess } from './order-run';
import type { Scenario } from './scenario';

/** `run`: the sample starter's flags, on one command, checked against what the workflow should do with them. */
export const customOrder: Scenario<OrderRunSpec> = {
  name: 'run',
  title: 'One order, as the sample starter would place it',
  lesson:
    'The same workflow handles every variation of an order (an outage, a declined card, a large packing job, ' +
    'no approval) without special cases in the caller: retries, timeouts and waits are the workflow definition.',
  needsRealTime: ({ approval }) => (approval === 'manual' ? MANUAL_APPROVAL_NEEDS_REAL_TIME : undefined),
  run: (context, spec) => runOrderInProcess(context, 'run', spec),
};
