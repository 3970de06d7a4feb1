import { orderWith, SAMPLE_ORDER } from '../domain/order';
import { requireRealTime } from '../runs/runnable';
import { approvalOption } from './order-options';
import { MANUAL_APPROVAL_NEEDS_REAL_TIME, runOrderInProcess } from './order-steps';
import type { Scenario } from './scenario';

const options = { approval: approvalOption('auto') };

export const happyPath: Scenario<typeof options> = {
  name: 'happy-path',
  title: 'Happy path: an order is paid, reserved, approved and delivered',
  summary: 'Order paid, reserved, approved and delivered, then checked against the server.',
  lesson:
    'Four activities run in order on an activity worker while the workflow worker only decides what comes next; ' +
    'a person approves the order with a signal while the workflow waits on a durable timer. Every step is ' +
    "recorded in the server's event history, so the order survives any process that stops along the way.",
  options,
  validate: ({ approval }, server) =>
    requireRealTime(
      happyPath.name,
      server,
      approval === 'manual' ? MANUAL_APPROVAL_NEEDS_REAL_TIME : undefined,
    ),
  run: (context, { approval }) =>
    runOrderInProcess(context, happyPath.name, {
      order: orderWith({ order_id: SAMPLE_ORDER.order_id }),
      inventoryDown: false,
      approval,
      speed: context.speed,
    }),
};
