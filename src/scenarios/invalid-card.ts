import { orderWith } from '../domain/order';
import { runOrderInProcess } from './order-steps';
import type { Scenario } from './scenario';

/** A month long past, so the card is always declined. */
export const DECLINED_EXPIRY = '12/23';

export const invalidCard: Scenario = {
  name: 'invalid-card',
  title: 'Invalid order: an expired credit card fails the workflow, once, for good',
  summary: 'An expired card: payment fails non-retryably and the workflow fails, once, for good.',
  lesson:
    'Some failures cannot be fixed by trying again. The payment activity raises a non-retryable failure for an ' +
    'expired card, so the server does not retry it and the workflow fails at once with the cause attached. ' +
    'Troubleshooting starts from the history: which activity, which attempt, which error type and message.',
  options: {},
  run: (context) =>
    runOrderInProcess(context, invalidCard.name, {
      order: orderWith({ credit_card_expiry: DECLINED_EXPIRY }),
      inventoryDown: false,
      approval: 'auto',
      speed: context.speed,
    }),
};
