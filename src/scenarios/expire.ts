import { orderWith } from '../domain/order';
import { runOrderInProcess } from './order-run';
import type { Scenario } from './scenario';

export const expire: Scenario<Record<string, never>> = {
  name: 'expire',
  title: 'Approve or expire: nobody approves, the approval window passes',
  lesson:
    'The workflow waits for a person on a durable timer kept by the server, not by a process: a worker may ' +
    'restart during the wait and nothing is lost. When the window passes without the approve_order signal, the ' +
    'workflow takes the other branch and the order expires — deadlines are ordinary code.',
  run: (context) =>
    runOrderInProcess(context, 'expire', {
      order: orderWith({}),
      inventoryDown: false,
      approval: 'none',
      speed: context.speed,
    }),
};
