import { orderWith } from '../domain/order';
import { requireRealTime } from '../runs/runnable';
import { runOrderInProcess } from './order-steps';
import type { Scenario } from './scenario';

export const inventoryDown: Scenario = {
  name: 'inventory-down',
  title: 'Inventory service down: four failed attempts, recovery on the fifth',
  summary: 'Inventory service down: attempts 1–4 fail, the fifth succeeds; retries by the server.',
  lesson:
    'The inventory service hangs and fails on attempts 1 to 4. Nobody writes a retry loop: the retry policy ' +
    'belongs to the workflow, the server schedules each attempt with a growing backoff and keeps the order ' +
    'waiting, and the moment the service is back the order simply continues. An outage becomes a delay, not a ' +
    'lost order or a support ticket.',
  options: {},
  validate: (_, server) =>
    requireRealTime(
      inventoryDown.name,
      server,
      'the outage is real activity time with nothing to skip, and the time-skipping test server does not record ' +
        'the failure of the attempt before the last, which this scenario proves',
    ),
  run: (context) =>
    runOrderInProcess(context, inventoryDown.name, {
      order: orderWith({}),
      inventoryDown: true,
      approval: 'auto',
      speed: context.speed,
    }),
};
