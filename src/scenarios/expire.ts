import { orderWith } from '../domain/order';
import { compensateOption } from './order-options';
import { runOrderInProcess } from './order-steps';
import type { Scenario } from './scenario';

const options = { compensate: compensateOption(false) };

export const expire: Scenario<typeof options> = {
  name: 'expire',
  title: 'Approve or expire: nobody approves, the approval window passes',
  summary: 'Nobody approves: the 30 s approval window passes and the order expires.',
  lesson:
    'The workflow waits for a person on a durable timer kept by the server, not by a process: a worker may ' +
    'restart during the wait and nothing is lost. When the window passes without the approve_order signal, the ' +
    'workflow takes the other branch and the order expires — deadlines are ordinary code. The sample keeps the ' +
    'charge and the stock of the order it never ships; with --compensate the workflow gives both back, the stock ' +
    'first, each exactly once in the ledger.',
  options,
  run: (context, { compensate }) =>
    runOrderInProcess(context, expire.name, {
      order: orderWith({}),
      inventoryDown: false,
      approval: 'none',
      speed: context.speed,
      compensate,
    }),
};
