import { orderWith } from '../domain/order';
import { runOrderInProcess } from './order-run';
import type { Scenario } from './scenario';

export const expire: Scenario = {
  name: 'expire',
  title: 'Approve or expire: nobody approves, the approval window passes',
  summary: 'Nobody approves: the 30 s approval window passes and the order expires.',
  lesson:
    'The workflow waits for a person on a durable timer kept by the server, not by a process: a worker may ' +
    'restart during the wait and nothing is lost. When the window passes without the approve_order signal, the ' +
    'workflow takes the other branch and the order expires — deadlines are ordinary code.',
  options: {},
  run: (context) =>
    runOrderInProcess(context, expire.name, {
      order: orderWith({}),
      inventoryDown: false,
      approval: 'none',
      speed: context.speed,
    }),
};
